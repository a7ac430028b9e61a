"""Accuracy of iac-verify on the bundled sample stacks, per IaC format, from their expected.json.

Usage: ``python bench/sample_stacks.py [--synth] [--root DIR]``

For every ``sample_stacks/*/expected.json`` (the true verdicts, established by hand) it runs the
tool and prints, per stack and per format (CloudFormation, Terraform, CDK): contradicted-flag
precision and recall over report lines, claim recall (expected definite claims the tool decides)
and verdict accuracy on those, and the wall time per task. ``--synth`` checks CDK apps by
synthesis (runs their code). ``--root DIR`` scores ``DIR/*/expected.json`` instead (e.g. the held-out
tasks under ``bench/heldout``). Always exits 0: it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from verifier.api import check_task  # noqa: E402

DEFINITE = ("supported", "contradicted")


def stack_format(stack: Path) -> str:
    if (stack / "cdk.json").is_file():
        return "cdk"
    if any((stack / "lib").glob("*.tf")):
        return "terraform"
    return "cloudformation"


def score(stack: Path, synth: bool) -> dict:
    expected = json.loads((stack / "expected.json").read_text())
    started = time.perf_counter()
    result = check_task(stack, expected.get("report"), synth=synth)
    elapsed = time.perf_counter() - started
    tool = result["claims"]
    flagged_tool = {c["line"] for c in tool if c["verdict"] == "contradicted"}
    flagged_true = {e["line"] for e in expected["claims"] if e["verdict"] == "contradicted"}
    matched = correct = definite = 0
    for entry in expected["claims"]:
        if entry["verdict"] not in DEFINITE:
            continue
        definite += 1
        hits = [c for c in tool if c["line"] == entry["line"] and c["verdict"] in DEFINITE
                and (entry["quote"] in c["quote"] or c["quote"] in entry["quote"])]
        if hits:
            matched += 1
            correct += any(h["verdict"] == entry["verdict"] for h in hits) and all(h["verdict"] == entry["verdict"] for h in hits)
    return {"stack": stack.name, "format": stack_format(stack), "time": elapsed, "tp": len(flagged_tool & flagged_true),
            "flagged": len(flagged_tool), "true_flags": len(flagged_true), "definite": definite, "matched": matched, "correct": correct}


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synth", action="store_true", help="synthesize CDK apps (runs their code)")
    parser.add_argument("--root", type=Path, default=REPO / "sample_stacks",
                        help="folder whose */expected.json are scored (default: sample_stacks)")
    args = parser.parse_args()
    rows = [score(p.parent, args.synth) for p in sorted(args.root.glob("*/expected.json"))]
    print(f"{'stack':18} {'format':15} {'precision':>9} {'recall':>7} {'claim recall':>12} {'accuracy':>9} {'time':>7}")
    for r in rows:
        print(f"{r['stack']:18} {r['format']:15} {ratio(r['tp'], r['flagged']):>9} {ratio(r['tp'], r['true_flags']):>7} "
              f"{ratio(r['matched'], r['definite']):>12} {ratio(r['correct'], r['matched']):>9} {r['time']:6.2f}s")
    for fmt in ("cloudformation", "terraform", "cdk"):
        group = [r for r in rows if r["format"] == fmt]
        if not group:
            continue
        total = {k: sum(r[k] for r in group) for k in ("tp", "flagged", "true_flags", "definite", "matched", "correct")}
        print(f"{fmt}: contradicted precision {ratio(total['tp'], total['flagged'])}  recall {ratio(total['tp'], total['true_flags'])}  "
              f"claim recall {ratio(total['matched'], total['definite'])}  verdict accuracy {ratio(total['correct'], total['matched'])}  "
              f"median time {statistics.median(r['time'] for r in group):.2f} s (in-process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
