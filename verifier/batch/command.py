"""``iac-verify batch ROOT``: the subcommand's options and what it prints and returns."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from verifier.batch.progress import make_progress
from verifier.batch.render import RESULT_FORMATS, format_choices, write_summary
from verifier.batch.runner import BatchOptions, default_jobs, run_batch
from verifier.batch.sharding import ShardError, parse_shard
from verifier.batch.summary import FAILING_VERDICTS

EXIT_OK, EXIT_FAILED, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
WORKER_MAX_PRIVATE_MB = 64  # a fresh fork costs milliseconds; a worker that lints keeps ~100 MB more


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``batch`` on the CLI's subcommands."""
    batch = sub.add_parser("batch", help="check every task folder under ROOT in parallel",
                           description="Check every task folder under ROOT (a folder holding lib/MODEL_FAILURES.md) "
                                       "in parallel worker processes; print a summary.")
    batch.add_argument("root", type=Path, help="folder holding task folders (searched recursively)")
    batch.add_argument("--out", type=Path, metavar="FILE", help="write one JSON line per task to FILE as each finishes")
    batch.add_argument("--resume", action="store_true", help="skip tasks already in --out and append the rest")
    batch.add_argument("--retry-errors", action="store_true", help="with --resume: run tasks that failed or timed out again")
    batch.add_argument("--shard", metavar="K/N", help="check only shard K of N (stable: by a hash of each task's path)")
    batch.add_argument("--jobs", "-j", type=int, default=default_jobs(), metavar="N",
                       help=f"worker processes (default: the cores available, {default_jobs()})")
    batch.add_argument("--task-timeout", type=float, default=60.0, metavar="SECONDS",
                       help="kill a task's check after this long and record it as timeout (default 60)")
    batch.add_argument("--task-memory", type=int, default=2048, metavar="MB",
                       help="address space a worker may grow by; a task over it is an error (default 2048, 0: no limit)")
    batch.add_argument("--max-tasks-per-worker", type=int, default=0, metavar="N",
                       help="replace a worker after N tasks (default 0: never)")
    batch.add_argument("--worker-max-rss", type=int, default=0, metavar="MB",
                       help="replace a worker after a task that left it over MB resident (default 0: never)")
    batch.add_argument("--worker-max-private", type=int, default=WORKER_MAX_PRIVATE_MB, metavar="MB",
                       help="replace a worker after a task that left it over MB of memory it shares with no other "
                            f"process: what tasks and cfn-lint leave behind (default {WORKER_MAX_PRIVATE_MB}, 0: never)")
    batch.add_argument("--report", metavar="PATH", help="report path inside each task folder (default: as check finds it)")
    batch.add_argument("--format", choices=format_choices(), default="text", help="summary as text (default) or JSON")
    batch.add_argument("--fail-on", choices=tuple(FAILING_VERDICTS), default="contradicted",
                       help="exit 1 when a task has a contradicted claim (default), also an unverifiable one, or never")
    return batch


def _usage_error(args: argparse.Namespace) -> str | None:
    """A one-line problem with the options, or None."""
    checks = (
        (not args.root.is_dir(), f"{args.root}: not a folder"),
        (args.jobs < 1, "--jobs must be at least 1"),
        (args.task_timeout <= 0, "--task-timeout must be positive"),
        (min(args.task_memory, args.max_tasks_per_worker, args.worker_max_rss, args.worker_max_private) < 0,
         "--task-memory, --max-tasks-per-worker, --worker-max-rss and --worker-max-private cannot be negative"),
        (args.resume and args.out is None, "--resume needs --out"),
        (args.retry_errors and not args.resume, "--retry-errors needs --resume"),
        (args.out is not None and args.out.is_dir(), f"{args.out}: is a folder"),
    )
    return next((message for failed, message in checks if failed), None)


def run(args: argparse.Namespace) -> int:
    """Run the batch; 0, 1 when a task fails the --fail-on gate, 2 on usage errors, 130 on Ctrl-C."""
    problem = _usage_error(args)
    shard = None
    if problem is None and args.shard:
        try:
            shard = parse_shard(args.shard)
        except ShardError as exc:
            problem = str(exc)
    if problem is not None:
        print(f"iac-verify batch: {problem}", file=sys.stderr)
        return EXIT_ERROR
    options = BatchOptions(args.root, args.out, args.resume, args.retry_errors, shard, args.jobs, args.task_timeout,
                           args.task_memory, args.max_tasks_per_worker, args.worker_max_rss, args.report, args.fail_on,
                           keep_results=args.format in RESULT_FORMATS, worker_max_private_mb=args.worker_max_private)
    try:
        outcome = run_batch(options, make_progress(sys.stderr))
    except KeyboardInterrupt:
        print("iac-verify batch: interrupted; --resume continues where it stopped", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:
        print(f"iac-verify batch: {exc.filename or args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    for warning in outcome.warnings:
        print(f"iac-verify batch: {warning}", file=sys.stderr)
    if args.format in RESULT_FORMATS:
        sys.stdout.write(RESULT_FORMATS[args.format](outcome.results or [], args.root))
        write_summary(outcome.summary, "text", sys.stderr)
    else:
        write_summary(outcome.summary, args.format, sys.stdout)
    return EXIT_FAILED if outcome.failed else EXIT_OK
