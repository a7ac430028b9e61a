"""``iac-verify batch``: check every task folder under a root in parallel worker processes.

Modules: ``discovery`` (which folders are tasks), ``sharding`` (a stable share for CI matrices),
``resume`` (an earlier results file), ``records`` (one JSON line per task), ``families`` and
``platforms`` (how the summary groups claims and tasks), ``worker`` / ``pool`` (killable worker
processes with time and memory limits), ``progress``, ``summary``, ``render``, ``runner`` and
``command`` (the CLI subcommand).
"""
