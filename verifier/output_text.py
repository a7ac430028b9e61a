"""The terminal view: one table per scope, verdicts coloured, claims shortened, evidence as file:line."""

from __future__ import annotations

from typing import Any

SCOPE_TITLES = {"final": "Final code", "model": "Model's original answer", "process": "Process (tests, coverage, lint, deployment)", "report": "The report itself"}
STYLES = {"supported": "green", "contradicted": "bold red", "unverifiable": "dim"}


def shorten(text: Any, width: int) -> str:
    text = " ".join(str(text).split()) if text is not None else ""
    return text if len(text) <= width else text[: width - 1] + "…"


def where(evidence: dict[str, Any]) -> str:
    if not evidence or not evidence.get("file"):
        return ""
    loc = f"{evidence['file']}:{evidence['line']}" if evidence.get("line") else evidence["file"]
    what = ".".join(p for p in (evidence.get("resource"), (evidence.get("path") or "").replace("Properties.", "", 1) or None) if p)
    note = evidence.get("note") or ""
    return " ".join(p for p in (loc, what, f"({note})" if note and "default" in note else "") if p)


def verdict_cell(row: dict[str, Any]) -> str:
    """The verdict, marked when the claim is suppressed or below the confidence the gate asks for."""
    if row.get("suppressed"):
        return f"[dim]{row['verdict']} (suppressed)[/]"
    low = " [dim](low confidence)[/]" if row.get("below_min_confidence") else ""
    return f"[{STYLES[row['verdict']]}]{row['verdict']}[/]{low}"


def render(result: dict[str, Any], show: str = "definite", color: bool | None = None) -> str:
    from rich.console import Console
    from rich.table import Table

    console = Console(record=True, force_terminal=color, no_color=color is False, width=160, file=_Null())
    rows = [r for r in result["claims"] if show == "all" or (show == "definite" and r["verdict"] != "unverifiable") or (show == "contradicted" and r["verdict"] == "contradicted")]
    for scope in ("final", "model", "process", "report"):
        scoped = [r for r in rows if r["scope"] == scope]
        if not scoped:
            continue
        table = Table(title=SCOPE_TITLES[scope], title_justify="left", expand=False, show_lines=False)
        table.add_column("line", justify="right", no_wrap=True)
        table.add_column("verdict", no_wrap=True)
        table.add_column("claim", max_width=48)
        table.add_column("expected", max_width=22)
        table.add_column("actual", max_width=26)
        table.add_column("where", max_width=56)
        for row in scoped:
            expected = row["expected"] if row.get("polarity", True) else f"not {row['expected']}" if not isinstance(row["expected"], bool) else row["expected"]
            table.add_row(str(row["line"]), verdict_cell(row), shorten(row["quote"] or row["text"], 48),
                          shorten(expected, 22), shorten(row["actual"], 26), shorten(where(row["evidence"]) or row.get("reason", ""), 56))
        console.print(table)
    summary = result["summary"]
    console.print(
        f"{result['report']}: {summary['claims']} claims — [green]{summary['supported']} supported[/], "
        f"[bold red]{summary['contradicted']} contradicted[/], [dim]{summary['unverifiable']} unverifiable[/]"
        + (f", {summary['suppressed']} suppressed" if summary.get("suppressed") else "")
        + ("" if show == "all" else " (unverifiable claims hidden; --show all lists them)")
    )
    gate = result.get("gate") or {}
    if gate.get("below_min_confidence"):
        console.print(f"{gate['below_min_confidence']} claim(s) below confidence {gate['min_confidence']} do not count toward the gate")
    for warning in result.get("warnings", []):
        console.print(f"[yellow]warning:[/] {warning}", markup=True, highlight=False)
    return console.export_text(styles=bool(color))


class _Null:
    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        pass
