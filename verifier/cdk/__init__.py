"""AWS CDK apps as checkable templates.

``load_cdk`` reads an app folder three ways, best first: synthesized templates already in
``cdk.out/``; a synthesis run when asked (``synth=True``, runs the app's code in a temporary
copy); otherwise a static reading of the TypeScript/Python source that never executes it.
Each way yields ``model.Template`` objects whose resources have CloudFormation types and
properties, ``attributes["cdk_path"]`` (the construct path) and lines in the source.
"""

from __future__ import annotations

from pathlib import Path

from verifier.cdk.cdkout import load_synthesized, template_files
from verifier.cdk.locate import SourceIndex
from verifier.cdk.project import is_cdk_app, load_project
from verifier.cdk.static import load_static, templates_in_blocks, templates_in_text
from verifier.model import Template

LANGUAGES = {"typescript": "typescript", "ts": "typescript", "javascript": "typescript", "js": "typescript", "tsx": "typescript", "python": "python", "py": "python"}

__all__ = ["is_cdk_app", "load_cdk", "templates_in_cdk_blocks", "templates_in_cdk_text"]


def load_cdk(root: Path, warnings: list[str], synth: bool = False, timeout_s: float = 300) -> list[Template]:
    """Templates of the CDK app at ``root``: cdk.out if present, else synth if asked, else static."""
    project = load_project(root, warnings)
    existing = template_files(root / "cdk.out")
    if existing:
        return load_synthesized(root, existing, warnings, SourceIndex(root, project.sources, warnings))
    if synth:
        from verifier.cdk import synth as runner

        try:
            files, notes = runner.synth(root, timeout_s)
        except runner.SynthError as exc:
            warnings.append(f"{root.name}: synthesis failed: {exc}; reading the code statically instead")
        else:
            warnings.extend(notes)
            try:
                return load_synthesized(root, files, warnings, SourceIndex(root, project.sources, warnings), base=files[0].parent)
            finally:
                runner.cleanup(files)
    try:
        return load_static(root, warnings, project)
    except Exception as exc:  # last line of defence: a reader bug must not stop the whole check
        warnings.append(f"{root.name}: CDK code could not be read statically ({type(exc).__name__}: {exc}); not checked")
        return []


def templates_in_cdk_text(text: str, file: str, line_offset: int, language: str, warnings: list[str]) -> list[Template]:
    """CDK code quoted in a fenced block of a Markdown answer; lines point into ``file``.

    ``language`` is the fence's info string (``typescript``, ``ts``, ``python``, ``py``, ...).
    """
    normalized = LANGUAGES.get(language.lower().strip(), None)
    if normalized is None:
        return []
    try:
        return templates_in_text(text, file, line_offset, normalized, warnings)
    except Exception as exc:  # last line of defence, as in load_cdk
        warnings.append(f"{file}:{line_offset + 1}: CDK code block could not be read ({type(exc).__name__}: {exc}); not checked")
        return []


def templates_in_cdk_blocks(blocks: list[tuple[str, str, int, str]], file: str, warnings: list[str]) -> list[Template]:
    """CDK code quoted in several fenced blocks of one Markdown answer, read as one app.

    ``blocks`` are ``(source path, text, line offset, fence info string)``; lines point into ``file``.
    """
    known = [(path, text, offset, LANGUAGES[info.lower().strip()]) for path, text, offset, info in blocks if info.lower().strip() in LANGUAGES]
    try:
        return templates_in_blocks(known, file, warnings)
    except Exception as exc:  # last line of defence, as in load_cdk
        warnings.append(f"{file}: CDK code blocks could not be read ({type(exc).__name__}: {exc}); not checked")
        return []
