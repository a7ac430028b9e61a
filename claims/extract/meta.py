"""Claims about the task rather than a resource: region, platform and language, training quality
score, coverage figures, issue totals of the report itself, and "all requirements met"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from claims import language
from claims.extract.base import Sentence, make_subject
from claims.model import Claim
from claims.scope import ScopeDecision

REGION = re.compile(r"\b((?:us|eu|ap|sa|ca|me|af|il|mx)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d)\b")
REGION_CONTEXT = re.compile(r"\b(?:deploy(?:s|ed|ment|ing)?|region|regional|targets?|located)\b", re.I)
QUALITY = re.compile(r"\btraining quality(?: score)?\s*:?\s*\**\s*(\d+(?:\.\d+)?)\s*(?:/\s*10)?", re.I)
SCORE = re.compile(r"\b(?:score|rating)\s*:?\s*\**\s*(\d+(?:\.\d+)?)\s*/\s*10\b", re.I)  # "Score: 8/10" under a "Training Quality" heading
COVERAGE = re.compile(r"(\d{1,3}(?:\.\d+)?)\s?%\s*(?:(statement|line|branch|function)s?\s+)?(?:test\s+|code\s+)?coverage|(?:(statement|line|branch|function)s?\s+)?coverage(?:\s+of)?\s*(?:\(?(statements?|lines?|branch(?:es)?|functions?)\)?)?\s*[:=]?\s*(?:(?:is|was)\s+(?:reported|measured)\s+)?(?:of\s+|is\s+|at\s+)?(\d{1,3}(?:\.\d+)?)\s?%", re.I)
PLATFORM = re.compile(r"\b(CloudFormation|CFN|Terraform|CDK|Pulumi)\s*(?:\(?\s*(JSON|YAML|TypeScript|Python|HCL)\s*\)?)?", re.I)
COMPLEXITY = re.compile(
    r"(?<!fix )(?<!template )(?<!added )\bcomplexity\W{0,4}(?:level\W{0,4})?(?::|is|was)\W{0,4}(easy|medium|hard|expert)\b"
    r"|\b(easy|medium|hard|expert)[\"'”]?[- ]complexity (?:task|level)\b", re.I)
LIST_LEAD = re.compile(r"\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:[\w-]+\s+){0,3}?[A-Za-z-]+s\W{0,3}:\W{0,3}$", re.I)
PLATFORM_CONTEXT = re.compile(r"\bplatform\b", re.I)
SEVERITIES = ("critical", "high", "medium", "low")
_REGION_ASIDE = re.compile(r"\b(?:like|such as|e\.g\.|for example|failed|attempt(?:ed)?|not tested|untested|default|"
                           r"instead of|rather than|relying|hard-?cod(?:e|ed|es|ing)|other regions?|any region|compatible)\b", re.I)
SEVERITY_TOTALS = re.compile(r"(\d+)\s+(critical|high|medium|low)\b", re.I)
# "**Critical Issues**: 1 (...)", "Critical: 3" (summary list items), "**Critical**: 1 | **High**: 1"
SEVERITY_LABELED = re.compile(r"\b(critical|high|medium|low)(?:[ -](?:issues?|severity|failures?|priority|impact))?\**\s*:\s*\**\s*(\d+)\b(?![%/.:]\d?)", re.I)
ISSUE_TOTAL = re.compile(r"\b(?:total (?:issues|failures|findings)(?: found| identified)?\s*:?\s*\**\s*(\d+)|(?:had|has|found|identified|contains?|with)\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:\w+\s+)?(?:issues|failures|problems|findings)\b|"
                         r"(?<![\w-])(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:\w+\s+)?(?:issues|failures|problems|findings)\s+(?:had to be|were|needed to be|must be)\s+(?:fixed|addressed|resolved|corrected)\b|"
                         r"(?<![\w-])(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:\w+\s+)?(?:issues|failures|problems|findings)\s+(?:(?:were|are)\s+)?(?:identified\s+|found\s+|documented\s+|listed\s+|reported\s+)?in total\b|"
                         r"\bof the (\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:issues|failures|problems|findings)\b|"
                         r"\btotal\s*:\s*\**\s*(\d+)\s+(?:issues|failures|problems|findings)\b)", re.I)
# a row of a severity table: "| Critical | 3 |", "| **Total** | **12** |"
SEVERITY_ROW = re.compile(r"^\|\s*\**(critical|high|medium|low)\**\s*\|\s*\**(\d+)\**\s*\|", re.I)
TOTAL_ROW = re.compile(r"^\|\s*\**total(?: issues| failures| findings)?\**\s*\|\s*\**(\d+)\**\s*\|", re.I)
SEVERITY_SECTION = re.compile(r"summary|severity|overview|failures|issues|findings", re.I)
ALL_REQUIREMENTS = re.compile(
    r"\b(?:(?:all|every)\s+(?:\d+\s+)?(?:of the\s+)?(?:mandatory\s+|stated\s+|core\s+|functional\s+)?(?:requirements|constraints)(?:\s+and\s+constraints)?\b[^.]{0,60}?\b(?:met|passed|implemented|satisfied|fulfilled|addressed|validated)"
    r"|\b(?:meets|satisfies|fulfills|fulfils|implements)\s+all\s+(?:\w+\s+){0,3}?(?:requirements|constraints)"
    r"|\ball requirements met\b|\bfully satisfies\b[^.]{0,40}requirements?)",
    re.I,
)
ALL_PASSED_HEADING = re.compile(r"\b(?:requirements|constraints)\b.*\ball passed\b", re.I)
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "eleven": 11, "twelve": 12}
PROCESS = ScopeDecision("process", "topic")
REPORT = ScopeDecision("report", "topic")


def extract(sentence: Sentence) -> Iterator[Claim]:
    text = sentence.text
    yield from _region(sentence, text)
    m = QUALITY.search(text)
    if not m and any("training quality" in heading.lower() for _level, heading in sentence.line.headings[-1:]):
        m = SCORE.search(text)
    if m:
        yield sentence.claim(m.start(), m.end(), "metadata.training_quality", expected=float(m.group(1)), scope_decision=PROCESS, subject=make_subject(None))
    yield from _coverage_list(sentence, text)
    for m in COVERAGE.finditer(text):
        value = m.group(1) or m.group(5)
        kind = (m.group(2) or m.group(3) or m.group(4) or "lines").lower()
        if value and not sentence.advice and not _EARLIER_STATE.search(text) and not re.search(r"(?:target|threshold|minimum|at least|>=|≥|required)\W*$", text[max(0, m.start() - 25) : m.start()], re.I):
            yield sentence.claim(m.start(), m.end(), "coverage.percent", expected=float(value), unit="%", scope_decision=PROCESS,
                                 subject=make_subject(None), extra={"kind": _coverage_kind(kind)})
    m = COMPLEXITY.search(text)
    if m and not sentence.advice:
        value = (m.group(1) or m.group(2)).lower()
        start, end = m.span(1) if m.group(1) else m.span(2)
        yield sentence.claim(start, end, "metadata.complexity", expected=value, scope_decision=PROCESS, subject=make_subject(None))
    if PLATFORM_CONTEXT.search(text):
        m = PLATFORM.search(text)
        if m:
            yield sentence.claim(m.start(), m.end(), "metadata.platform", expected={"platform": m.group(1), "language": m.group(2)},
                                 scope_decision=PROCESS, subject=make_subject(None))
    yield from _issue_totals(sentence, text)
    m = LIST_LEAD.search(text)
    if m and sentence.line.kind in ("paragraph", "item") and sentence.line.raw.rstrip().endswith(":") and "(" not in text[m.start() - 1 : m.start()]:
        token = m.group(1).lower()
        yield sentence.claim(m.start(), m.end(), "report.list_count", expected=WORD_NUMBERS.get(token) or int(token),
                             scope_decision=REPORT, subject=make_subject(None))
    m = ALL_REQUIREMENTS.search(text)
    if m and sentence.line.kind != "heading" and not language.negated_before(text, m.start()) and not re.search(r"\b(?:if|should|must|would)\b", text[: m.start()], re.I):
        yield sentence.claim(m.start(), m.end(), "aggregate.requirements", expected=True, subject=make_subject(None))


_EARLIER_STATE = re.compile(r"\b(?:initial(?:ly)?|previously|originally|at first|had been|root cause|before (?:the )?fix)\b", re.I)
COVERAGE_LIST_ITEM = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s?%\s+(lines?|branch(?:es)?|statements?|functions?)\b", re.I)


def _coverage_list(sentence: Sentence, text: str) -> Iterator[Claim]:
    """"Coverage: 100% lines, 85% branches": the figures after the first, each with its kind."""
    if not re.match(r"^\W*(?:test |code )?coverage\b", text, re.I) or sentence.advice:
        return
    for m in COVERAGE_LIST_ITEM.finditer(text):
        if m.group(2).lower().startswith("line"):
            continue  # "Coverage: 100% lines" is read by the general pattern
        yield sentence.claim(m.start(), m.end(), "coverage.percent", expected=float(m.group(1)), unit="%", scope_decision=PROCESS,
                             subject=make_subject(None), extra={"kind": _coverage_kind(m.group(2).lower())})


def _coverage_kind(kind: str) -> str:
    if kind.startswith("branch"):
        return "branches"
    if kind.startswith("statement"):
        return "statements"
    if kind.startswith("function"):
        return "functions"
    return "lines"


def _labeled_severities(sentence: Sentence, text: str) -> Iterator[Claim]:
    """Severity counts written as labels: several on one line ("**Critical**: 1 | **High**: 1") are
    the whole split; one per summary list item ("- Critical: 3") is that severity's count alone."""
    found = list(SEVERITY_LABELED.finditer(text))
    if len(found) >= 2:
        expected: dict[str, int] = {}
        for m in found:
            expected[m.group(1).lower()] = expected.get(m.group(1).lower(), 0) + int(m.group(2))
        yield sentence.claim(found[0].start(), found[-1].end(), "report.severity_counts", expected=expected,
                             scope_decision=REPORT, subject=make_subject(None))
    elif sentence.line.kind == "table" and (row := SEVERITY_ROW.match(text)):
        yield sentence.claim(row.start(1), row.end(2), "report.severity_counts", expected={row.group(1).lower(): int(row.group(2))},
                             scope_decision=REPORT, subject=make_subject(None), extra={"partial": True})
    elif sentence.line.kind == "table" and (row := TOTAL_ROW.match(text)) and any(SEVERITY_SECTION.search(h) for _l, h in sentence.line.headings[-1:]):
        yield sentence.claim(row.start(), row.end(), "report.issue_count", expected=int(row.group(1)), scope_decision=REPORT, subject=make_subject(None))
    elif found and sentence.line.kind == "item" and found[0].start() == len(text) - len(text.lstrip("*_ ")):
        m = found[0]
        yield sentence.claim(m.start(), m.end(), "report.severity_counts", expected={m.group(1).lower(): int(m.group(2))},
                             scope_decision=REPORT, subject=make_subject(None), extra={"partial": True})


def _region(sentence: Sentence, text: str) -> Iterator[Claim]:
    if sentence.advice:
        return
    for m in REGION.finditer(text):
        left, right = language.clause_bounds(text, m.start())
        if not REGION_CONTEXT.search(text[max(0, m.start() - 40) : m.end() + 10]):
            continue
        if re.search(r"arn:aws", text[max(0, m.start() - 20) : m.start()]):
            continue
        if language.negated_before(text, m.start(), m.end()) or _REGION_ASIDE.search(text):
            continue
        yield sentence.claim(m.start(), m.end(), "region", expected=m.group(1), subject=make_subject(None))


def _issue_totals(sentence: Sentence, text: str) -> Iterator[Claim]:
    severities = SEVERITY_TOTALS.findall(text)
    if len(severities) >= 2:
        first = SEVERITY_TOTALS.search(text)
        last = list(SEVERITY_TOTALS.finditer(text))[-1]
        assert first is not None
        if re.search(r"\b(?:critical|high|medium|low)\s*/\s*(?:critical|high|medium|low)\b", text, re.I):
            return  # "3 High/Medium": the split is not stated
        expected: dict[str, int] = {}
        for n, sev in severities:
            expected[sev.lower()] = expected.get(sev.lower(), 0) + int(n)
        yield sentence.claim(first.start(), last.end(), "report.severity_counts", expected=expected, scope_decision=REPORT, subject=make_subject(None))
        return
    yield from _labeled_severities(sentence, text)
    m = ISSUE_TOTAL.search(text)
    if m and re.search(r"\b(?:critical|high|medium|low|minor|major)\s+(?:issues|failures|problems|findings)\b", m.group(0), re.I):
        m = None  # "had 2 critical issues": one severity's count, not the total
    if m:
        token = next(g for g in m.groups() if g).lower()
        total = WORD_NUMBERS.get(token) or int(token)
        yield sentence.claim(m.start(), m.end(), "report.issue_count", expected=total, scope_decision=REPORT, subject=make_subject(None))
