"""The batch summary for people (a rich table on a terminal, plain text otherwise) or as JSON, and the
table of ``--format`` choices."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Formats that print the summary. Formats over the task results themselves (SARIF, JUnit,
# Markdown, written elsewhere as functions taking a list of check results) are registered in
# RESULT_FORMATS: name -> function(results, base folder) -> text; the batch then reads every
# task's result back from --out (or keeps them in memory without --out) and prints the
# function's text on standard output, the summary on standard error.
SUMMARY_FORMATS = ("text", "json")
def _sarif(results: list[dict[str, Any]], base: Path) -> str:
    from verifier.output_sarif import render_sarif

    return render_sarif(results, base)


def _junit(results: list[dict[str, Any]], base: Path) -> str:
    from verifier.output_junit import render_junit

    return render_junit(results, base)


def _markdown(results: list[dict[str, Any]], base: Path) -> str:
    from verifier.output_markdown import render_markdown

    return render_markdown(results, base)


RESULT_FORMATS: dict[str, Callable[[list[dict[str, Any]], Path], str]] = {"sarif": _sarif, "junit": _junit, "markdown": _markdown}

Table = tuple[str, list[str], list[list[str]]]  # title, column headers, rows


def format_choices() -> tuple[str, ...]:
    return SUMMARY_FORMATS + tuple(RESULT_FORMATS)


def _share(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.0f}%)" if whole else str(part)


def headline(summary: dict[str, Any]) -> list[str]:
    """The summary's first lines: run, tasks, claims, the contradicted share."""
    run, tasks, claims = summary["run"], summary["tasks"], summary["claims"]
    lines = [
        f"iac-verify batch {run.get('root')}: {tasks['total']} task(s); {run.get('checked', 0)} checked now in "
        f"{run.get('wall_seconds', 0):.1f} s ({run.get('tasks_per_second', 0):.1f} tasks/s, {run.get('jobs')} jobs)"
        + (f", {run['resumed']} from an earlier run" if run.get("resumed") else "")
        + (f", shard {run['shard']}" if run.get("shard") else ""),
        f"tasks: {tasks['ok']} ok, {tasks['error']} error, {tasks['timeout']} timeout, {tasks['no_report']} skipped: no report",
        f"claims: {claims['total']} ({claims['supported']} supported, {claims['contradicted']} contradicted, "
        f"{claims['unverifiable']} unverifiable)",
        f"tasks with a contradicted claim: {_share(summary['tasks_with_contradicted'], tasks['ok'])} of {tasks['ok']} checked",
    ]
    if summary.get("slowest"):
        lines.append("slowest: " + ", ".join(f"{s['task']} {s['seconds']:.1f} s" for s in summary["slowest"]))
    return lines


def tables(summary: dict[str, Any]) -> list[Table]:
    """The platform and claim-family tables."""
    platform_rows = [
        [name, str(p["tasks"]["total"]), str(p["tasks"]["ok"]), str(p["tasks"]["error"] + p["tasks"]["timeout"]),
         str(p["tasks"]["no_report"]), str(p["claims"]["total"]), str(p["claims"]["supported"]),
         str(p["claims"]["contradicted"]), str(p["claims"]["unverifiable"]),
         _share(p["tasks_with_contradicted"], p["tasks"]["ok"])]
        for name, p in summary["by_platform"].items()
    ]
    family_rows = [
        [name, str(f["claims"]), str(f["supported"]), str(f["contradicted"]), str(f["unverifiable"]),
         _share(f["tasks_with_contradicted"], summary["tasks"]["ok"])]
        for name, f in summary["by_family"].items()
    ]
    return [
        ("by platform", ["platform", "tasks", "ok", "failed", "no report", "claims", "supported", "contradicted",
                         "unverifiable", "tasks contradicted"], platform_rows),
        ("by claim family", ["family", "claims", "supported", "contradicted", "unverifiable", "tasks contradicted"],
         family_rows),
    ]


def render_plain(summary: dict[str, Any]) -> str:
    """Plain text: the headline and fixed-width tables."""
    out = headline(summary)
    for title, headers, rows in tables(summary):
        if not rows:
            continue
        widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
        out += ["", title]
        for row in [headers, *rows]:
            out.append("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip())
    return "\n".join(out) + "\n"


def render_rich(summary: dict[str, Any], stream: Any) -> None:
    """The headline and rich tables, on a terminal."""
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console(file=stream)
    for line in headline(summary):
        console.print(line, markup=False, highlight=False)
    for title, headers, rows in tables(summary):
        if not rows:
            continue
        table = RichTable(title=title, title_justify="left")
        for index, header in enumerate(headers):
            table.add_column(header, justify="left" if index == 0 else "right", no_wrap=index == 0)
        for row in rows:
            table.add_row(*row)
        console.print(table)


def render_json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, indent=2, default=str) + "\n"


def write_summary(summary: dict[str, Any], fmt: str, stream: Any) -> None:
    """Print the summary as ``fmt`` (``text``: rich tables when ``stream`` is a terminal)."""
    if fmt == "json":
        stream.write(render_json(summary))
    elif getattr(stream, "isatty", lambda: False)():
        render_rich(summary, stream)
    else:
        stream.write(render_plain(summary))
