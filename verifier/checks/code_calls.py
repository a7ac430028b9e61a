"""IV520 — a method call quoted from the code ("the model called `table.grantReadData(fn)`",
"through `grantWriteData`") is looked for in the side's source: the app's TypeScript, JavaScript
and Python files for the final code, the fenced code of MODEL_RESPONSE.md for the model's answer.
Whitespace and quote style do not matter. Found: supported; absent from this side but present in
the other: contradicted; absent from both: unverifiable (the call may be written differently)."""

from __future__ import annotations

import re

from claims.model import Claim
from verifier import safe_files
from verifier.checks.base import CONTRADICTED, SUPPORTED, Check, CheckContext, Outcome, unverifiable
from verifier.model import Evidence
from verifier.task import Task

SOURCE_SUFFIXES = (".ts", ".tsx", ".js", ".mjs", ".py", ".java", ".go", ".cs")
SKIP_PARTS = {"node_modules", "cdk.out", "test", "tests", "__tests__", ".git", "coverage", "dist", "build"}
MAX_FILES = 200


def _normalize(code: str) -> str:
    return re.sub(r"\s+", "", code).replace("'", '"').replace(",)", ")")


def _source_files(task: Task) -> list[tuple[str, str]]:
    """(relative path, text) of the final code's source files, read once per task."""
    cached = getattr(task, "_source_texts", None)
    if cached is None:
        cached = []
        for path in safe_files.walk(task.root):
            rel = safe_files.relative(task.root, path)
            if path.suffix not in SOURCE_SUFFIXES or set(rel.split("/")[:-1]) & SKIP_PARTS or path.name.endswith(".d.ts"):
                continue
            try:
                cached.append((rel, safe_files.read_text(task.root, path)))
            except (OSError, safe_files.FileRefused):
                continue
            if len(cached) >= MAX_FILES:
                break
        task._source_texts = cached  # type: ignore[attr-defined]
    return cached


def _texts(task: Task, label: str) -> list[tuple[str, str]]:
    if label == "model":
        return [(task.model_answer_file, task.model_answer)] if task.model_answer and task.model_answer_file else []
    return _source_files(task)


STOP_WORDS = {"that", "this", "with", "from", "into", "also", "were", "was", "have", "been", "then", "than", "only", "each",
              "final", "model", "stack", "code", "call", "calls", "called", "switched", "granted", "grant", "through", "uses",
              "using", "used", "function", "table", "bucket", "queue", "topic", "role", "lambda", "instead", "task", "tasks",
              "state", "step", "never", "resource", "construct"}


def _names_in(sentence: str, text: str) -> set[str]:
    """Words of the sentence that are also part of identifiers in the code ("notifier" ~ notifierFn)."""
    words = {w for w in re.findall(r"[a-z]{4,}", sentence.lower()) if w not in STOP_WORDS}
    lowered = text.lower()
    return {w for w in words if re.search(r"[\w$]*" + w + r"[\w$]*\s*[,)]", lowered)}


def _method_call_at(text: str, wanted: str, names: set[str]) -> int:
    """Where ``.wanted(`` is called; when the sentence names something the code also names, only
    a call whose line mentions it counts."""
    for m in re.finditer(r"[.\s]" + re.escape(wanted) + r"\s*\(", text):
        line = text[text.rfind("\n", 0, m.start()) + 1 : text.find("\n", m.end()) % (len(text) + 1)].lower()
        if not names or any(n in line for n in names):
            return m.start() + 1
    return -1


def _find(texts: list[tuple[str, str]], wanted: str, method_only: bool, sentence: str = "") -> Evidence | None:
    needle = _normalize(wanted)
    for rel, text in texts:
        if method_only:
            at = _method_call_at(text, wanted, _names_in(sentence, text))
        else:
            flat = _normalize(text)
            pos = flat.find(needle)
            if pos < 0:
                continue
            head = re.escape(wanted.split("(")[0].split(".")[-1])
            m = re.search(r"\b" + head + r"\s*\(", text)
            at = m.start() if m else 0
        if at >= 0:
            return Evidence(rel, text.count("\n", 0, at) + 1, None, None, f"calls {wanted}")
    return None


TARGET_AFTER = re.compile(r"^\W{0,2}\s*(?:on|for|in|to|from) (?:the |its |any |each )?[\w`-]+(?: [\w`-]+)? "
                          r"(?:task|function|state|queue|table|bucket|topic|resource|construct|step|role|key|stack)s?\b", re.I)


class CodeCallCheck(Check):
    id = "IV520"
    name = "quoted method calls"
    concepts = ("code.call",)
    needs_artifacts = False  # it reads source files and the answer's text, not templates

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        method_only = claim.extra.get("kind") == "method"
        side, other = ("model", "final") if claim.scope == "model" else ("final", "model")
        if claim.scope in ("process", "report"):
            return unverifiable(f"a {claim.scope} claim; the code cannot decide it")
        own = _texts(ctx.task, side)
        found = _find(own, str(claim.expected), method_only, claim.text)
        if found:
            after = claim.text[claim.text.find(claim.quote) + len(claim.quote):] if claim.quote in claim.text else ""
            if not claim.polarity and TARGET_AFTER.match(after) and not any(_names_in(claim.text, text) for _rel, text in own):
                return unverifiable("the code makes this call, but on what is not matched to the sentence's target")  # "never called `addRetry` on the payment task"
            return Outcome(SUPPORTED if claim.polarity else CONTRADICTED, claim.expected, [found])
        elsewhere = _find(_texts(ctx.task, other), str(claim.expected), method_only, claim.text)
        if own and elsewhere and claim.scope_basis != "default":
            return Outcome(CONTRADICTED if claim.polarity else SUPPORTED, "absent",
                           [Evidence(own[0][0], note=f"not in the {side} code"), elsewhere],
                           f"the call is only in the {other} code")
        if not own:
            return unverifiable(f"no {side} source code to look in")
        return unverifiable("the call is not found as written in this side's code")
