"""Where the CDK toolchain lives: the app's own node_modules / Python environment, or the cache
folder that ``bench/cdk_toolchain.sh`` fills ($IAC_VERIFY_CDK_TOOLCHAIN, default
``~/.cache/iac-verify/cdk-toolchain``: ``node/node_modules`` and a ``py`` venv).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "IAC_VERIFY_CDK_TOOLCHAIN"


def cache_dir() -> Path:
    configured = os.environ.get(ENV_VAR)
    if configured:
        return Path(configured)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "iac-verify" / "cdk-toolchain"


@dataclass
class Toolchain:
    node: str | None
    npx: str | None
    node_modules: Path | None  # holds aws-cdk-lib, constructs, ts-node
    python_bin: Path | None  # a venv bin folder whose python imports aws_cdk

    def node_ready(self) -> bool:
        return bool(self.node and self.npx and self.node_modules and (self.node_modules / "aws-cdk-lib").is_dir())

    def python_ready(self) -> bool:
        return self.python_bin is not None


def find(app_root: Path | None = None) -> Toolchain:
    """The toolchain for ``app_root``: its own node_modules first, then the cache folder."""
    node_modules = None
    if app_root is not None and (app_root / "node_modules" / "aws-cdk-lib").is_dir():
        node_modules = app_root / "node_modules"
    cached = cache_dir() / "node" / "node_modules"
    if node_modules is None and (cached / "aws-cdk-lib").is_dir():
        node_modules = cached
    python_bin = cache_dir() / "py" / "bin"
    if not (python_bin / "python").exists() or not _imports_cdk(python_bin / "python"):
        python_bin = None  # type: ignore[assignment]
    return Toolchain(shutil.which("node"), shutil.which("npx"), node_modules, python_bin)


def _imports_cdk(python: Path) -> bool:
    """Whether ``python`` has aws-cdk-lib installed (metadata only; nothing is imported)."""
    try:
        done = subprocess.run([str(python), "-c", "import importlib.metadata as m; m.version('aws-cdk-lib')"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0
