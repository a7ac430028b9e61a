"""Command line: ``iac-verify check DIR [--report FILE] [--format text|json|sarif|junit|markdown] [--fail-on ...]``.

Exit codes: 0 ok, 1 the gate failed (a contradicted claim; see --fail-on, --min-confidence), 2 usage or input error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from verifier.gate import FAIL_ON, exit_code

EXIT_OK, EXIT_CONTRADICTED, EXIT_ERROR = 0, 1, 2
CI_FORMATS = ("sarif", "junit", "markdown")
CHECK_FORMATS = ("text", "json", *CI_FORMATS)
SARIF_INCLUDE = {"contradicted": ("contradicted",), "review": ("contradicted", "unverifiable"),
                 "all": ("contradicted", "unverifiable", "supported")}


def confidence_value(text: str) -> float:
    """``--min-confidence``: a number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 0 to 1")
    return value


def build_parser(batch: bool = True) -> argparse.ArgumentParser:
    """The command line; ``batch=False`` registers ``batch`` without its options (no batch machinery imported)."""
    parser = argparse.ArgumentParser(prog="iac-verify", description="Check the concrete claims of a report against the IaC code it describes.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check one task folder's report")
    check.add_argument("dir", type=Path, help="task folder (holds the templates, and lib/MODEL_FAILURES.md unless --report is given)")
    check.add_argument("--report", help="report to check (default: the configuration's report, else lib/MODEL_FAILURES.md in DIR)")
    check.add_argument("--var-file", action="append", type=Path, default=[], metavar="FILE",
                       help="Terraform variable file (repeatable), as terraform -var-file")
    check.add_argument("--synth", action="store_true",
                       help="synthesize a CDK app with its own toolchain to read the real template. THIS RUNS THE APP'S "
                            "CODE (node/ts-node or python); without it CDK apps are read statically and nothing is executed")
    check.add_argument("--synth-timeout", type=float, default=300, metavar="SECONDS", help="time limit for --synth (default 300)")
    check.add_argument("--format", choices=CHECK_FORMATS, help="output format (default: the configuration's, else text)")
    check.add_argument("--base", type=Path, metavar="DIR",
                       help="sarif/junit/markdown: make paths relative to DIR, e.g. the repository root in CI (default: the task folder)")
    check.add_argument("--sarif-include", choices=tuple(SARIF_INCLUDE), default="review",
                       help="sarif: contradicted claims only, contradicted and unverifiable (review, default), or all with supported ones")
    check.add_argument("--output", type=Path, metavar="FILE", help="write the output to FILE instead of standard output")
    check.add_argument("--fail-on", choices=FAIL_ON, help="exit 1 when a claim is contradicted (default), contradicted or unverifiable, or never")
    check.add_argument("--min-confidence", type=confidence_value, metavar="X", help="claims with a confidence below X (0-1) do not count toward --fail-on")
    check.add_argument("--config", type=Path, metavar="FILE", help="configuration file (default: .iac-verify.toml or pyproject.toml [tool.iac-verify] "
                                                                  "in DIR, then in the working directory)")
    check.add_argument("--show", choices=("definite", "all", "contradicted"), default="definite", help="which claims the text table lists")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    drift = sub.add_parser("drift", help="list where IDEAL_RESPONSE.md's code differs from the task's real files")
    drift.add_argument("dir", type=Path, help="task folder")
    drift.add_argument("--format", choices=("text", "json"), default="text")
    if not batch:  # a check or drift run: the worker pool and its imports are not needed
        sub.add_parser("batch")
        return parser
    from verifier.batch.command import add_parser as add_batch_parser

    add_batch_parser(sub)
    return parser


def run_drift(args: argparse.Namespace) -> int:
    """Print the document-versus-files differences; exit 1 when there are any."""
    from verifier.drift import drift
    from verifier.task import load_task

    if not args.dir.is_dir():
        print(f"iac-verify: {args.dir}: not a folder", file=sys.stderr)
        return EXIT_ERROR
    task = load_task(args.dir)
    document, differences = drift(task)
    if args.format == "json":
        json.dump({"document": document, "differences": [d.to_dict() for d in differences], "warnings": task.warnings},
                  sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
    elif document is None:
        print("no CloudFormation code quoted in IDEAL_RESPONSE.md; nothing to compare")
    else:
        for d in differences:
            what = f"{d.resource}.{d.path}" if d.path else d.resource
            print(f"{d.kind:17} {what}: document {d.document!s:.60} ({d.document_where}) | files {d.files!s:.60} ({d.files_where})")
        print(f"{document} vs the task's files: {len(differences)} difference(s)")
    return EXIT_CONTRADICTED if differences else EXIT_OK


def render_ci(fmt: str, results: list[dict], base: Path | None, sarif_verdicts: tuple[str, ...] = SARIF_INCLUDE["review"]) -> str:
    """Render task results as ``sarif``, ``junit`` or ``markdown`` (for ``check`` and ``batch``)."""
    if fmt == "sarif":
        from verifier.output_sarif import render_sarif

        return render_sarif(results, base, sarif_verdicts)
    if fmt == "junit":
        from verifier.output_junit import render_junit

        return render_junit(results, base)
    from verifier.output_markdown import render_markdown

    return render_markdown(results, base)


def write_output(text: str, output: Path | None) -> bool:
    """Write ``text`` to ``output`` (standard output when None); False after a one-line error."""
    if output is None:
        sys.stdout.write(text)
        return True
    try:
        output.write_text(text, encoding="utf-8", errors="backslashreplace")
    except OSError as exc:
        print(f"iac-verify: {output}: cannot write ({exc.strerror or exc})", file=sys.stderr)
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(batch=not argv or argv[0] not in ("check", "drift")).parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):  # a lone surrogate (JSON "\ud800" in a template) must not stop the output
        sys.stdout.reconfigure(errors="backslashreplace")
    if args.command == "drift":
        return run_drift(args)
    if args.command == "batch":
        from verifier.batch.command import run as run_batch

        return run_batch(args)
    from verifier.api import InputError, check_task
    from verifier.config import ConfigError, resolve

    try:
        config = resolve(args.dir, args.config, fail_on=args.fail_on, min_confidence=args.min_confidence, format=args.format)
        if config.format not in (None, *CHECK_FORMATS):
            raise ConfigError(f"{config.path}: format must be one of {', '.join(CHECK_FORMATS)}, not {config.format!r}")
        args.format = config.format or "text"
        result = check_task(args.dir, args.report, args.var_file, args.synth, args.synth_timeout, config=config)
    except (InputError, ConfigError) as exc:
        print(f"iac-verify: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.format == "json":
        text = json.dumps(result, indent=2, default=str) + "\n"
    elif args.format in CI_FORMATS:
        text = render_ci(args.format, [result], args.base or args.dir, SARIF_INCLUDE[args.sarif_include])
    else:
        from verifier.output_text import render

        color = {"always": True, "never": False}.get(args.color, sys.stdout.isatty() and args.output is None)
        text = render(result, args.show, color)
    if not write_output(text, args.output):
        return EXIT_ERROR
    return exit_code([result])


if __name__ == "__main__":
    sys.exit(main())
