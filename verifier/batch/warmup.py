"""Warm the parent before it forks workers: check one small made-up task so that lazily compiled
patterns and caches exist once, shared by every worker (including each replacement after a kill)."""

from __future__ import annotations

import gc
import importlib
import tempfile
from pathlib import Path

PRELOAD = ("verifier.api", "markdown_it")  # imported in the parent so every fork shares them
WARM_UP_FILES = {
    "lib/MODEL_FAILURES.md": (
        "# Model failures\n\n"
        "1. The model used `BillingMode: PROVISIONED`; the final table uses PAY_PER_REQUEST.\n"
        "2. The Lambda function had 128 MB memory and a 3 second timeout, and no DLQ.\n"
        "3. The bucket lacked versioning and KMS encryption; 2 resources and 1 output.\n"
        "4. The role granted `s3:*` on all resources; 36 unit tests passed.\n"
    ),
    "lib/TapStack.yml": (
        "Resources:\n"
        "  Table:\n"
        "    Type: AWS::DynamoDB::Table\n"
        "    Properties:\n"
        "      BillingMode: PAY_PER_REQUEST\n"
        "  Bucket:\n"
        "    Type: AWS::S3::Bucket\n"
        "Outputs:\n"
        "  TableName:\n"
        "    Value: !Ref Table\n"
    ),
}


def _load_linter(template: str) -> None:
    """Import cfn-lint and load its rules and the schemas a small template needs, in the parent:
    every worker then shares those pages instead of loading ~150 MB of its own when a task lints."""
    from verifier.process.lint import _findings

    _findings(template, None)


def warm_up() -> None:
    """Import what every task needs and check a made-up task once; failures are ignored (it is only a warm-up)."""
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    try:
        from verifier.api import check_task

        with tempfile.TemporaryDirectory(prefix="iac-verify-warm-") as tmp:
            for rel, text in WARM_UP_FILES.items():
                path = Path(tmp) / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            check_task(Path(tmp))
        _load_linter(WARM_UP_FILES["lib/TapStack.yml"])
    except Exception:  # a warm-up that fails only means the workers do the work themselves
        pass
    gc.collect()
    if hasattr(gc, "freeze"):
        gc.freeze()  # objects made so far are never scanned again: fewer pages copied into the workers
