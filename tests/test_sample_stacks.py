"""The tool against hand-written truth on the sample task folders in sample_stacks/.

Each sample_stacks/<name>/expected.json lists every claim line of that task's report with the verdict
found by reading the templates by hand (AWS defaults applied where a property is absent). For each
expected claim the tool must report a claim on the same line whose quote overlaps the expected quote,
with exactly that verdict; and no line left out of expected.json may come out contradicted.
The expected verdicts are the truth: never edit them to make the tool pass.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
STACKS = ROOT / "sample_stacks"
STACK_NAMES = sorted(p.name for p in STACKS.iterdir() if (p / "expected.json").is_file()) if STACKS.is_dir() else []
VERDICTS = ("supported", "contradicted", "unverifiable")
DEFINITE = ("supported", "contradicted")

_results: dict[str, dict[str, Any]] = {}


def expected_of(name: str) -> dict[str, Any]:
    return json.loads((STACKS / name / "expected.json").read_text(encoding="utf-8"))


def report_lines(name: str) -> list[str]:
    report = expected_of(name).get("report", "lib/MODEL_FAILURES.md")
    return (STACKS / name / report).read_text(encoding="utf-8").splitlines()


def run_tool(name: str) -> dict[str, Any]:
    """The tool's result for one stack, in-process when the library entry point exists, else via the CLI."""
    if name in _results:
        return _results[name]
    stack = STACKS / name
    try:
        from verifier.api import check_task
    except ImportError:
        check_task = None
    if check_task is not None:
        result = check_task(stack)
    else:
        proc = subprocess.run(
            [sys.executable, "-m", "verifier", "check", str(stack), "--format", "json"],
            cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        )
        try:
            result = json.loads(proc.stdout)
        except ValueError:
            pytest.fail(f"{name}: the CLI printed no JSON (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}")
    _results[name] = result
    return result


KNOWN_GAPS = set(json.loads((Path(__file__).parent / "sample_stack_known_gaps.json").read_text())["cases"])


def expected_cases() -> list[Any]:
    cases = []
    for name in STACK_NAMES:
        for claim in expected_of(name)["claims"]:
            case_id = f"{name}:L{claim['line']}:{claim['quote'][:40]}"
            marks = [pytest.mark.xfail(reason="known gap, see tests/sample_stack_known_gaps.json", strict=True)] if case_id in KNOWN_GAPS else []
            cases.append(pytest.param(name, claim, id=case_id, marks=marks))
    return cases


def span(column: int, text: str) -> tuple[int, int]:
    return column, column + max(len(text), 1)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def describe(claims: list[dict[str, Any]]) -> str:
    if not claims:
        return "none"
    return "; ".join(
        f"col {c.get('column')} {c.get('quote')!r} -> {c.get('verdict')} [{c.get('concept')}, scope {c.get('scope')}]"
        + (f" ({c.get('reason')})" if c.get("reason") else "")
        for c in claims
    )


@pytest.mark.parametrize("name", STACK_NAMES)
def test_expected_file_is_consistent(name: str) -> None:
    """expected.json itself: quotes are on their lines, verdicts are known, the stack folder is complete."""
    stack = STACKS / name
    data = expected_of(name)
    lines = report_lines(name)
    assert (stack / "metadata.json").is_file()
    assert (stack / "lib" / "MODEL_RESPONSE.md").is_file()
    cloudformation = any((stack / "lib" / f).is_file() for f in ("TapStack.yml", "TapStack.json"))
    terraform = any((stack / "lib").glob("*.tf"))
    cdk = (stack / "cdk.json").is_file()
    assert cloudformation or terraform or cdk
    if cloudformation:
        assert (stack / "lib" / "AWS_REGION").is_file()
    assert data["claims"], "no expected claims"
    for claim in data["claims"]:
        assert 1 <= claim["line"] <= len(lines), claim
        assert claim["quote"] in lines[claim["line"] - 1], claim
        assert claim["verdict"] in VERDICTS, claim
        assert claim["scope"] in ("final", "model", "process", "report"), claim


@pytest.mark.parametrize(("name", "claim"), expected_cases())
def test_claim_verdict(name: str, claim: dict[str, Any]) -> None:
    line_no, quote, verdict = claim["line"], claim["quote"], claim["verdict"]
    line_text = report_lines(name)[line_no - 1]
    want = span(line_text.index(quote), quote)
    on_line = [c for c in run_tool(name)["claims"] if c.get("line") == line_no]
    hits = [c for c in on_line if overlaps(want, span(int(c.get("column") or 0), str(c.get("quote") or "")))]
    context = f"{name} line {line_no} {quote!r}: expected {verdict} ({claim.get('why', '')})"
    assert hits, f"{context}; claim not extracted. Tool claims on this line: {describe(on_line)}"
    verdicts = {c.get("verdict") for c in hits}
    if verdict in DEFINITE:
        opposite = "contradicted" if verdict == "supported" else "supported"
        ok = verdict in verdicts and opposite not in verdicts
    else:
        ok = not verdicts & set(DEFINITE)
    assert ok, f"{context}; tool said: {describe(hits)}"


@pytest.mark.parametrize("name", STACK_NAMES)
def test_no_contradiction_on_lines_without_claims(name: str) -> None:
    """Lines that hold no claim (recommendations, impact, prose) must never come out contradicted."""
    listed = {c["line"] for c in expected_of(name)["claims"]}
    stray = [c for c in run_tool(name)["claims"] if c.get("line") not in listed and c.get("verdict") == "contradicted"]
    lines = report_lines(name)
    assert not stray, f"{name}: contradicted on lines with no claim: " + "; ".join(
        f"line {c.get('line')} {lines[c['line'] - 1].strip()!r} quote {c.get('quote')!r} ({c.get('reason')})" for c in stray
    )
