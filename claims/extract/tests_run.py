"""Claims about the task's tests: "36 unit tests", "75/75 unit tests passed", "11 of 11 passed",
"All 85+ unit test cases passed", "Integration tests: 12 passed, 0 failed".

A count is the number of test cases the folder's test files declare; "N/N passed" also claims
that many tests exist (the pass rate itself needs a results file).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claims import units
from claims.extract.base import Sentence, make_subject
from claims.model import Claim
from claims.scope import ScopeDecision

PROCESS = ScopeDecision("process", "topic")
_NUMBER = r"(\d+|" + "|".join(units.NUMBER_WORDS) + r")"
_KIND = r"(unit|integration|integ|e2e|end-to-end)?"
TEST_COUNT = re.compile(r"\b" + _NUMBER + r"(\+)?\s+" + _KIND + r"\s*(?:test(?:s| cases?)|specs)\b", re.I)
RATIO = re.compile(r"\b(\d+)\s*(?:/|of|out of)\s*(\d+)\s+(?:" + _KIND + r"\s*)?(?:tests?|test cases|specs|checks)?\s*(?:passed|passing|pass)\b", re.I)
LABELLED_PASSED = re.compile(r"^\W*" + _KIND + r"\s*tests?\s*:\s*(\d+)\s+(?:tests?\s+)?(?:passed|passing|pass)\b(?!,?\s*\d+\s+failed)", re.I)
PASSED_FAILED = re.compile(r"\b(\d+)\s+passed,?\s+(\d+)\s+failed\b", re.I)
LINT_CLEAN = re.compile(
    r"\b(?:cfn-lint|cfn lint|linting|lint checks?|template validation|validate-template|cloudformation validation|"
    r"terraform validate|terraform fmt)\b[^.;]{0,40}?\b(?:pass(?:es|ed)?|succeed(?:s|ed)?|clean|no (?:errors|issues|warnings))\b|"
    r"\b(?:passes|passed)\s+(?:all\s+)?(?:cfn-lint|linting|lint checks|template validation)\b|"
    r"\bno (?:cfn-lint|lint(?:ing)?) (?:errors|issues|warnings)\b", re.I)
KIND_WORDS = {"unit": "unit", "integration": "integration", "integ": "integration", "e2e": "e2e", "end-to-end": "e2e"}


def _kind(word: str | None, sentence: Sentence) -> str | None:
    if word:
        return KIND_WORDS.get(word.lower())
    context = " ".join(filter(None, [sentence.line.label, sentence.line.own_label, sentence.line.lead_in]))
    m = re.search(r"\b(unit|integration)\b", context, re.I)
    return m.group(1).lower() if m else None


def extract(sentence: Sentence) -> Iterator[Claim]:
    text = sentence.text
    if sentence.advice:
        return
    taken: list[tuple[int, int]] = []
    lint = LINT_CLEAN.search(text)
    some_problems = re.search(r"\b(?:multiple|several|some|many|[1-9]\d*)\s+(?:\w+\s+)?(?:errors|warnings)\b|\bprevent", text, re.I)
    if lint and not some_problems and not re.search(r"\b(?:fail(?:s|ed|ing)?|errors? (?:found|reported)|not pass)", text[: lint.start()], re.I):
        tool = "terraform" if "terraform" in lint.group(0).lower() else "cfn-lint"
        if tool == "terraform" and (re.search(r"\bvalidate\b|\btflint\b|\bplan\b", text[max(0, lint.start() - 30) : lint.end()], re.I)
                                    or "fmt" not in lint.group(0).lower()):
            tool = "terraform-validate"  # "`terraform validate` and `tflint` pass": not what `fmt -check` tells
        if tool == "cfn-lint" and not re.search(r"lint", lint.group(0), re.I):
            tool = "validate-template"  # CloudFormation's own validation: syntax and schema only
        strict = bool(re.search(r"\bno (?:errors or )?warnings|0 warnings|zero warnings", text, re.I))
        yield sentence.claim(lint.start(), lint.end(), "lint.clean", expected=True, scope_decision=PROCESS,
                             subject=make_subject(None), extra={"tool": tool, "warnings_too": strict})
    for m in RATIO.finditer(text):
        passed, total = int(m.group(1)), int(m.group(2))
        if passed > total:
            continue
        taken.append((m.start(), m.end()))
        yield sentence.claim(m.start(), m.end(), "tests.count", expected=total, unit="tests", scope_decision=PROCESS,
                             subject=make_subject(None), extra={"kind": _kind(m.group(3), sentence), "passed": passed})
    m = LABELLED_PASSED.search(text)
    if m and not any(a <= m.start(2) < b for a, b in taken):
        taken.append((m.start(2), m.end()))
        yield sentence.claim(m.start(2), m.end(), "tests.count", expected=int(m.group(2)), unit="tests", scope_decision=PROCESS,
                             subject=make_subject(None), extra={"kind": _kind(m.group(1), sentence), "passed_only": True})
    for m in PASSED_FAILED.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        passed, failed = int(m.group(1)), int(m.group(2))
        taken.append((m.start(), m.end()))
        yield sentence.claim(m.start(), m.end(), "tests.count", expected=passed + failed, unit="tests", scope_decision=PROCESS,
                             subject=make_subject(None), extra={"kind": _kind(None, sentence), "passed": passed})
    for m in TEST_COUNT.finditer(text):
        if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
            continue
        if re.search(r"(?:over|more than|at least|about|~|approximately|\bof)\s*$", text[: m.start()], re.I):
            continue
        if re.search(r"\b(?:added|new|additional|more|extra|removed|fixed|failing|failed|skipped)\s*$", text[: m.start()], re.I):
            continue
        kind = _kind(m.group(3), sentence)
        near = re.search(r"\b(unit|integration)\s+tests?\s*\($", text[max(0, m.start() - 30): m.start()], re.I)
        if kind is None and near:
            kind = near.group(1).lower()  # "unit tests (36 tests)"
        yield sentence.claim(m.start(), m.end(), "tests.count", expected=units.count(m.group(1)), unit="tests",
                             scope_decision=PROCESS, subject=make_subject(None),
                             extra={"kind": kind, "at_least": bool(m.group(2))})
