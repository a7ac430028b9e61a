"""The batch summary: task statuses, claim verdicts, the share of tasks with a contradicted claim,
broken down by platform and by claim family, plus throughput and wall time (a JSON-ready dict)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from verifier.batch.records import STATUSES, VERDICTS, Digest

# --fail-on: the verdicts that make the batch exit 1 (the same names as ``check --fail-on``).
FAILING_VERDICTS: dict[str, tuple[str, ...]] = {
    "contradicted": ("contradicted",),
    "unverifiable": ("contradicted", "unverifiable"),
    "never": (),
}
SLOWEST = 5


@dataclass
class Tally:
    """Tasks by status, claims by verdict, and tasks with at least one contradicted claim."""

    tasks: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    claims: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))
    contradicted_tasks: int = 0

    def add(self, status: str, verdicts: dict[str, int], contradicted: bool) -> None:
        self.tasks[status] = self.tasks.get(status, 0) + 1
        for verdict, count in verdicts.items():
            self.claims[verdict] = self.claims.get(verdict, 0) + count
        self.contradicted_tasks += contradicted

    def to_dict(self) -> dict[str, Any]:
        checked = self.tasks.get("ok", 0)
        return {
            "tasks": {"total": sum(self.tasks.values()), **{k.replace("-", "_"): v for k, v in self.tasks.items()}},
            "claims": {"total": sum(self.claims.values()), **self.claims},
            "tasks_with_contradicted": self.contradicted_tasks,
            "contradicted_task_share": round(self.contradicted_tasks / checked, 4) if checked else None,
        }


def summarize(digests: Iterable[Digest], run: dict[str, Any], fail_on: str = "contradicted") -> dict[str, Any]:
    """The summary of a batch: ``run`` holds the run's own facts (root, jobs, wall seconds, ...)."""
    overall = Tally()
    by_platform: dict[str, Tally] = {}
    by_family: dict[str, Tally] = {}
    failing = 0
    slowest: list[tuple[float, str]] = []
    suppressed = 0
    for digest in digests:
        contradicted = digest.verdicts.get("contradicted", 0) > 0
        overall.add(digest.status, digest.verdicts, contradicted)
        by_platform.setdefault(digest.platform, Tally()).add(digest.status, digest.verdicts, contradicted)
        for family, verdicts in digest.families.items():
            by_family.setdefault(family, Tally()).add("ok", verdicts, verdicts.get("contradicted", 0) > 0)
        failing += digest.failing(FAILING_VERDICTS[fail_on])
        suppressed += digest.suppressed
        if digest.status in ("ok", "error"):
            slowest.append((digest.seconds, digest.task))
    slowest.sort(reverse=True)
    families = {name: _family_dict(tally) for name, tally in sorted(by_family.items(), key=lambda kv: -sum(kv[1].claims.values()))}
    return {
        **overall.to_dict(),
        "suppressed_claims": suppressed,
        "by_platform": {name: tally.to_dict() for name, tally in sorted(by_platform.items())},
        "by_family": families,
        "gate": {"fail_on": fail_on, "failing_tasks": failing, "failed": failing > 0},
        "slowest": [{"task": task, "seconds": round(seconds, 3)} for seconds, task in slowest[:SLOWEST]],
        "run": run,
    }


def _family_dict(tally: Tally) -> dict[str, Any]:
    """A family's claims by verdict and the number of tasks where it has a contradicted claim."""
    return {"claims": sum(tally.claims.values()), **tally.claims, "tasks_with_contradicted": tally.contradicted_tasks}
