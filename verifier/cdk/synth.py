"""``--synth``: run the CDK app to get its real templates (opt-in: this executes user code).

The app folder is copied to a temporary directory (sources only; no node_modules, cdk.out or
VCS folders) and run there, so nothing is ever written into the user's folder; the output
goes to another temporary directory. The app command comes from cdk.json and is run the way
the CDK CLI runs it: ``CDK_OUTDIR`` names the output folder and ``CDK_CONTEXT_JSON`` carries
cdk.json's context plus ``aws:cdk:bundling-stacks=[]`` (no asset bundling) and disabled
asset staging. (The CLI itself, v2.1000+, refuses ``-c aws:...`` keys, so it is not used.)
TypeScript apps get a ``node_modules`` link to the toolchain and run with ts-node in
transpile-only mode; Python apps run with the toolchain venv first on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from verifier import safe_files
from verifier.cdk import toolchain
from verifier.cdk.project import load_project

COPY_SKIP_DIRS = {"node_modules", "cdk.out", ".git", ".venv", "venv", "__pycache__", "coverage", "dist", ".pytest_cache"}
MAX_COPY_BYTES = 50 * 1024 * 1024
DEFAULT_TSCONFIG = {"compilerOptions": {"target": "ES2020", "module": "commonjs", "moduleResolution": "node", "esModuleInterop": True, "skipLibCheck": True}}
SYNTH_CONTEXT = {
    "aws:cdk:bundling-stacks": [],
    "aws:cdk:disable-asset-staging": True,
    "aws:cdk:enable-path-metadata": True,
    "aws:cdk:enable-asset-metadata": False,
    "aws:cdk:version-reporting": False,
}


class SynthError(Exception):
    """Synthesis could not run or failed; the message is one line."""


def synth(root: Path, timeout_s: float = 300) -> tuple[list[Path], list[str]]:
    """Synthesize the app at ``root``; returns (template files in a temp folder, warnings).

    Raises ``SynthError`` with a one-line reason when the toolchain is missing or the app fails.
    The returned files live in a temporary folder the caller may delete (``cleanup``).
    """
    warnings: list[str] = []
    project = load_project(root, warnings)
    if not project.app_command:
        raise SynthError("cdk.json has no \"app\" command; cannot synthesize")
    tools = toolchain.find(root)
    python_app = project.language == "python" or "python" in project.app_command.split()[0]
    if not python_app and not (tools.node and tools.npx):
        raise SynthError("node/npx not found; install Node.js 18+ to synthesize TypeScript CDK apps")
    if not python_app and tools.node_modules is None:
        raise SynthError("aws-cdk-lib is not installed (run bench/cdk_toolchain.sh or npm install in the app)")
    if python_app and not tools.node:
        raise SynthError("node not found; the Python CDK (jsii) needs Node.js 18+")
    work = Path(tempfile.mkdtemp(prefix="iac-verify-synth-"))
    try:
        app_dir, out_dir = work / "app", work / "out"
        out_dir.mkdir()
        _copy_app(root, app_dir)
        env = _environment(project.context, out_dir, tools, python_app)
        if not python_app and tools.node_modules is not None and not (app_dir / "node_modules").exists():
            (app_dir / "node_modules").symlink_to(tools.node_modules, target_is_directory=True)
        if not python_app and not (app_dir / "tsconfig.json").exists():
            (app_dir / "tsconfig.json").write_text(json.dumps(DEFAULT_TSCONFIG))
        started = time.monotonic()
        done = _run(project.app_command, app_dir, env, timeout_s)
        elapsed = time.monotonic() - started
        templates = sorted(out_dir.glob("*.template.json"))
        if done.returncode != 0 or not templates:
            raise SynthError(_failure(done, python_app))
    except SynthError:
        shutil.rmtree(work, ignore_errors=True)
        raise
    warnings.append(f"synthesized {len(templates)} template(s) in {elapsed:.1f} s (ran the app's code)")
    return templates, warnings


def _run(command: str, cwd: Path, env: dict[str, str], timeout_s: float) -> subprocess.CompletedProcess[bytes]:
    """Run the app command in its own process group, killed whole when the time is up."""
    try:
        process = subprocess.Popen(["/bin/sh", "-c", command], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, start_new_session=True)
    except OSError as exc:
        raise SynthError(f"cannot run the app command: {exc}") from None
    try:
        stdout, stderr = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            pass
        process.communicate()
        raise SynthError(f"cdk synth timed out after {timeout_s:.0f} s") from None
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def cleanup(files: list[Path]) -> None:
    """Remove the temporary folder a ``synth`` run created."""
    for path in files[:1]:
        work = path.parent.parent
        if work.name.startswith("iac-verify-synth-"):
            shutil.rmtree(work, ignore_errors=True)


def _copy_app(root: Path, target: Path) -> None:
    total = 0
    for path in safe_files.walk(root, max_files=20000):
        rel = path.relative_to(root)
        if set(rel.parts[:-1]) & COPY_SKIP_DIRS or not safe_files.inside(root, path) or not path.is_file():
            continue
        total += path.stat().st_size
        if total > MAX_COPY_BYTES:
            raise SynthError(f"app folder is over {MAX_COPY_BYTES // (1024 * 1024)} MiB of sources; not copied for synthesis")
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)


def _environment(context: dict[str, Any], out_dir: Path, tools: toolchain.Toolchain, python_app: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CDK_", "AWS_ACCESS", "AWS_SECRET", "AWS_SESSION"))}
    env["CDK_OUTDIR"] = str(out_dir)
    env["CDK_CONTEXT_JSON"] = json.dumps({**context, **SYNTH_CONTEXT})
    env["TS_NODE_TRANSPILE_ONLY"] = "true"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION"] = "1"
    env["npm_config_yes"] = "false"
    if python_app and tools.python_bin is not None:
        env["PATH"] = f"{tools.python_bin}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(tools.python_bin.parent)
    if not python_app and tools.node_modules is not None:
        env["NODE_PATH"] = str(tools.node_modules)
    return env


def _failure(done: subprocess.CompletedProcess[bytes], python_app: bool) -> str:
    stderr = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
    interesting = [line.strip() for line in stderr if line.strip() and not line.startswith(("    at ", "npm warn")) and line.strip() not in ("}", "^")]
    errors = [line for line in interesting if "error" in line.lower()]
    last = (errors or interesting or [f"exit code {done.returncode}, no templates written"])[-1]
    text = "\n".join(stderr)
    if "No module named 'aws_cdk'" in text or "ModuleNotFoundError: No module named 'aws_cdk" in text:
        return "aws-cdk-lib is not installed for Python (pip install aws-cdk-lib constructs, or run bench/cdk_toolchain.sh)"
    if "Cannot find module 'aws-cdk-lib" in text:
        return "aws-cdk-lib is not installed (run bench/cdk_toolchain.sh or npm install in the app)"
    if "npx canceled due to missing packages" in text:
        return "ts-node is not installed (run bench/cdk_toolchain.sh)"
    return f"the CDK app failed: {last[:300]}"
