"""How closely the static CDK reader matches real synthesis.

For each bundled CDK sample (sample_stacks/cdk-*) and each app folder given on the command
line: synthesize it (when node + aws-cdk-lib are installed, see bench/cdk_toolchain.sh), read it
statically, and compare concept by concept:

- resource types and counts (per type: min/max of the two counts),
- for resources matched by construct path, every property leaf of either side plus
  DeletionPolicy: *agree* (same value, or both deploy-time values), *differ*, *missing*
  (synth has it, static does not), *extra* (static has it, synth does not), *unknown* (static
  could not know the value that synth shows). IAM policies compare their sets of actions.

The agreement rate is agree / (agree + differ + missing + extra); unknowns are reported apart.
Synthesis wins: every disagreement is a static-reader bug to fix (or a documented limit).

    python bench/cdk_fidelity.py                    # bundled samples
    python bench/cdk_fidelity.py path/to/app -v     # also an app of yours, listing differences
    python bench/cdk_fidelity.py --json out.json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from verifier.cdk import synth as runner  # noqa: E402
from verifier.cdk.cdkout import load_synthesized  # noqa: E402
from verifier.cdk.static import load_static  # noqa: E402
from verifier.model import Resource, Template, Unresolved  # noqa: E402
from verifier.paths import definition_of  # noqa: E402

IGNORED_PATHS = (
    ("Code", "S3Bucket"), ("Code", "S3Key"),  # asset locations: content hashes
    ("DashboardBody",),  # rendered widget JSON
    ("PolicyName",),  # CDK derives it from the hashed logical id
)
HASH = re.compile(r"[0-9A-F]{8}(?=$|\.|[a-z])")


@dataclass
class Tally:
    agree: int = 0
    differ: int = 0
    missing: int = 0
    extra: int = 0
    unknown: int = 0
    details: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("agree", "differ", "missing", "extra", "unknown"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.details.extend(other.details)

    @property
    def rate(self) -> float:
        total = self.agree + self.differ + self.missing + self.extra
        return self.agree / total if total else 1.0


def normalize_path(path: str) -> str:
    """Construct path without the hashes CDK puts into some ids (permissions, rules)."""
    return "/".join(HASH.sub("", part) for part in path.split("/"))


def leaves(node: Any, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Any]:
    if isinstance(node, dict):
        out: dict[tuple[Any, ...], Any] = {}
        for key, value in node.items():
            out.update(leaves(value, (*path, key)))
        return out
    if isinstance(node, list):
        out = {}
        for index, value in enumerate(node):
            out.update(leaves(value, (*path, index)))
        return out if node else {path: []}
    return {path: node}


def same(a: Any, b: Any) -> bool:
    if isinstance(a, Unresolved) and isinstance(b, Unresolved):
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b or str(a).lower() == str(b).lower()
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return a == b


def _actions(resource: Resource) -> set[str]:
    found: set[str] = set()
    statements = resource.properties.get("PolicyDocument", {}).get("Statement", [])
    for statement in statements if isinstance(statements, list) else []:
        if isinstance(statement, dict):
            actions = statement.get("Action")
            found.update(str(a) for a in (actions if isinstance(actions, list) else [actions]) if a is not None)
    return found


def _props_for_compare(resource: Resource) -> dict[tuple[Any, ...], Any]:
    """Property leaves; a state machine's DefinitionString is compared as the parsed definition."""
    props = dict(resource.properties)
    if "DefinitionString" in props:
        parsed = definition_of(resource)
        if parsed is not None:
            props["DefinitionString"] = parsed
    return leaves(props)


def compare_resource(synth: Resource, static: Resource, label: str) -> Tally:
    tally = Tally()
    if synth.type == "AWS::IAM::Policy":
        want, got = _actions(synth), _actions(static)
        tally.agree += len(want & got)
        tally.missing += len(want - got)
        tally.extra += len(got - want)
        for action in sorted(want - got):
            tally.details.append(f"missing  {label} Action {action}")
        for action in sorted(got - want):
            tally.details.append(f"extra    {label} Action {action}")
        return tally
    want, got = _props_for_compare(synth), _props_for_compare(static)
    for key in ("DeletionPolicy",):
        if key in synth.attributes or key in static.attributes:
            want[("@" + key,)] = synth.attributes.get(key, "Delete")
            got[("@" + key,)] = static.attributes.get(key, "Delete")
    for path in sorted(set(want) | set(got), key=str):
        if any(path[: len(p)] == p for p in IGNORED_PATHS):
            continue
        where = f"{label} {'.'.join(str(p) for p in path)}"
        if path not in got:
            tally.missing += 1
            tally.details.append(f"missing  {where} = {want[path]!s:.80}")
        elif path not in want:
            tally.extra += 1
            tally.details.append(f"extra    {where} = {got[path]!s:.80}")
        elif same(want[path], got[path]):
            tally.agree += 1
        elif isinstance(got[path], Unresolved):
            tally.unknown += 1
            tally.details.append(f"unknown  {where}: synth {want[path]!s:.60}")
        else:
            tally.differ += 1
            tally.details.append(f"differ   {where}: synth {want[path]!s:.60} static {got[path]!s:.60}")
    return tally


def compare(synth_templates: list[Template], static_templates: list[Template]) -> dict[str, Any]:
    synth_resources = {normalize_path(r.attributes.get("cdk_path", r.logical_id)): r for t in synth_templates for r in t.resources.values()}
    static_resources = {normalize_path(r.attributes.get("cdk_path", r.logical_id)): r for t in static_templates for r in t.resources.values()}
    synth_types = Counter(r.type for r in synth_resources.values())
    static_types = Counter(r.type for r in static_resources.values())
    types = set(synth_types) | set(static_types)
    type_agree = sum(min(synth_types[t], static_types[t]) for t in types)
    type_total = sum(max(synth_types[t], static_types[t]) for t in types)
    props = Tally()
    unmatched_synth = sorted(set(synth_resources) - set(static_resources))
    unmatched_static = sorted(set(static_resources) - set(synth_resources))
    for path in sorted(set(synth_resources) & set(static_resources)):
        props.add(compare_resource(synth_resources[path], static_resources[path], path))
    type_lines = [f"{t}: synth {synth_types[t]} static {static_types[t]}" for t in sorted(types) if synth_types[t] != static_types[t]]
    return {
        "resources_synth": len(synth_resources), "resources_static": len(static_resources),
        "matched": len(set(synth_resources) & set(static_resources)),
        "type_agreement": type_agree / type_total if type_total else 1.0,
        "property_agreement": props.rate,
        "agree": props.agree, "differ": props.differ, "missing": props.missing, "extra": props.extra, "unknown": props.unknown,
        "type_differences": type_lines, "unmatched_synth": unmatched_synth, "unmatched_static": unmatched_static,
        "details": props.details,
    }


def measure(app: Path, timeout_s: float) -> dict[str, Any]:
    result: dict[str, Any] = {"app": str(app)}
    warnings: list[str] = []
    started = time.perf_counter()
    static_templates = load_static(app, warnings)
    result["static_seconds"] = round(time.perf_counter() - started, 3)
    result["static_warnings"] = warnings
    started = time.perf_counter()
    try:
        files, notes = runner.synth(app, timeout_s)
    except runner.SynthError as exc:
        result["synth_error"] = str(exc)
        result["static_resources"] = sum(len(t.resources) for t in static_templates)
        return result
    result["synth_seconds"] = round(time.perf_counter() - started, 2)
    try:
        synth_templates = load_synthesized(app, files, [], None, base=files[0].parent)
    finally:
        runner.cleanup(files)
    result.update(compare(synth_templates, static_templates))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("apps", nargs="*", type=Path, help="CDK app folders (default: sample_stacks/cdk-*)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every difference")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args(argv)
    apps = args.apps or sorted(p for p in (ROOT / "sample_stacks").glob("cdk-*") if p.is_dir())
    results = [measure(app, args.timeout) for app in apps]
    total = Tally()
    type_agree = []
    for result in results:
        name = Path(result["app"]).name
        if "synth_error" in result:
            print(f"{name}: static {result['static_resources']} resources in {result['static_seconds']} s; synth not run: {result['synth_error']}")
            continue
        total.add(Tally(result["agree"], result["differ"], result["missing"], result["extra"], result["unknown"]))
        type_agree.append(result["type_agreement"])
        print(
            f"{name}: {result['resources_synth']} synth / {result['resources_static']} static resources, {result['matched']} matched by path; "
            f"types {result['type_agreement']:.1%}; properties {result['property_agreement']:.1%} "
            f"(agree {result['agree']}, differ {result['differ']}, missing {result['missing']}, extra {result['extra']}, unknown {result['unknown']}); "
            f"static {result['static_seconds']} s, synth {result['synth_seconds']} s"
        )
        if args.verbose:
            for line in result["type_differences"]:
                print("   type     " + line)
            for path in result["unmatched_synth"]:
                print("   only in synth  " + path)
            for path in result["unmatched_static"]:
                print("   only static    " + path)
            for line in result["details"]:
                print("   " + line)
    if type_agree:
        print(f"overall: property agreement {total.rate:.1%} over {total.agree + total.differ + total.missing + total.extra} facts "
              f"(unknown {total.unknown}); type agreement {sum(type_agree) / len(type_agree):.1%}")
    else:
        print("overall: no synthesis available (install the toolchain: bash bench/cdk_toolchain.sh)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
