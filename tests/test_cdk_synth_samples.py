"""The opt-in --synth path on the CDK sample apps, against the same hand-written truth as the static path.

Each CDK sample (sample_stacks/<name> with cdk.json and expected.json) is synthesized with the app's own
toolchain (``bash bench/cdk_toolchain.sh``); every expected claim with a definite verdict that the static
reading gets right (not listed in tests/sample_stack_known_gaps.json) must keep that verdict on the
synthesized template, and the claims listed in SYNTH_RESOLVES, which the static reading gets wrong only
because CDK adds something the static reader does not model, must get their true verdict. Skipped when
node / aws-cdk-lib (or the Python CDK for a Python app) are not installed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from verifier.api import check_task
from verifier.cdk import toolchain
from verifier.cdk.project import load_project

ROOT = Path(__file__).resolve().parent.parent
STACKS = ROOT / "sample_stacks"
CDK_SAMPLES = sorted(
    p.name for p in STACKS.iterdir() if (p / "cdk.json").is_file() and (p / "expected.json").is_file()
) if STACKS.is_dir() else []
KNOWN_GAPS = set(json.loads((Path(__file__).parent / "sample_stack_known_gaps.json").read_text())["cases"])
DEFINITE = ("supported", "contradicted")

# Static-reading gaps that synthesis must close (the synthesized template has what CDK adds on its own).
# (The RestApi's own Endpoint output, the one such gap so far, is now read statically too.)
SYNTH_RESOLVES: set[str] = set()


def _missing_toolchain(stack: Path) -> str | None:
    """Why this app cannot be synthesized here, or None when it can."""
    tools = toolchain.find(stack)
    if load_project(stack, []).language == "python":
        if not tools.node:
            return "node not found (the Python CDK needs Node.js)"
        if not tools.python_ready():
            return "aws-cdk-lib for Python not installed (bash bench/cdk_toolchain.sh python)"
        return None
    if not tools.node_ready():
        return "node + aws-cdk-lib not installed (bash bench/cdk_toolchain.sh node)"
    return None


def _span(column: int, text: str) -> tuple[int, int]:
    return column, column + max(len(text), 1)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _verdicts(result: dict[str, Any], line_text: str, claim: dict[str, Any]) -> set[str] | None:
    """The tool's verdicts on the expected claim's quote, or None when it extracted nothing there."""
    want = _span(line_text.index(claim["quote"]), claim["quote"])
    hits = [
        c for c in result["claims"]
        if c.get("line") == claim["line"] and _overlaps(want, _span(int(c.get("column") or 0), str(c.get("quote") or "")))
    ]
    return {str(c.get("verdict")) for c in hits} if hits else None


def _right(expected: str, verdicts: set[str] | None) -> bool:
    if verdicts is None:
        return False
    opposite = "contradicted" if expected == "supported" else "supported"
    return expected in verdicts and opposite not in verdicts


def test_synth_resolves_names_real_expected_claims() -> None:
    """Every SYNTH_RESOLVES id is an expected claim of a CDK sample and a known static gap."""
    ids = set()
    for name in CDK_SAMPLES:
        data = json.loads((STACKS / name / "expected.json").read_text(encoding="utf-8"))
        ids |= {f"{name}:L{c['line']}:{c['quote'][:40]}" for c in data["claims"]}
    assert SYNTH_RESOLVES <= ids
    assert SYNTH_RESOLVES <= KNOWN_GAPS


@pytest.mark.parametrize("name", CDK_SAMPLES)
def test_synth_verdicts_match_hand_truth(name: str) -> None:
    stack = STACKS / name
    reason = _missing_toolchain(stack)
    if reason:
        pytest.skip(reason)
    data = json.loads((stack / "expected.json").read_text(encoding="utf-8"))
    lines = (stack / data.get("report", "lib/MODEL_FAILURES.md")).read_text(encoding="utf-8").splitlines()
    result = check_task(stack, synth=True, synth_timeout=300)
    warnings = result.get("warnings", [])
    assert any(str(w).startswith("synthesized") for w in warnings), f"{name}: synthesis did not run: {warnings}"
    assert not any("synthesis failed" in str(w) for w in warnings), warnings

    wrong, checked = [], 0
    for claim in data["claims"]:
        case_id = f"{name}:L{claim['line']}:{claim['quote'][:40]}"
        if claim["verdict"] not in DEFINITE or (case_id in KNOWN_GAPS and case_id not in SYNTH_RESOLVES):
            continue
        checked += 1
        verdicts = _verdicts(result, lines[claim["line"] - 1], claim)
        if not _right(claim["verdict"], verdicts):
            wrong.append(f"{case_id}: expected {claim['verdict']}, synth said {sorted(verdicts) if verdicts else 'nothing'} ({claim.get('why', '')})")
    assert checked, f"{name}: no expected claim to check"
    assert not wrong, f"{name} with --synth:\n" + "\n".join(wrong)
