"""Read the files of one Terraform module directory into a ``ModuleConfig``.

A module is every ``*.tf`` and ``*.tf.json`` file directly in one directory. Each file is read
through ``safe_files`` (inside the task root, size-capped, never binary) and parsed on its own,
so a syntax error in one file is a one-line warning with file and line while the other files
still load. Variable value files (``terraform.tfvars``, ``*.auto.tfvars``, ``-var-file``s) are
read here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from verifier import safe_files
from verifier.terraform import hcl_ast as ast
from verifier.terraform.hcl_reader import HclSyntaxError, parse_hcl
from verifier.terraform.json_reader import parse_json_config, parse_json_values

SKIP_DIRS = {".terraform", "node_modules", "cdk.out", ".git"}


@dataclass
class ModuleConfig:
    """The top-level blocks of one module, each block knowing its file."""

    directory: Path
    rel: str  # directory relative to the task root ("." for the root itself)
    files: list[str] = field(default_factory=list)
    variables: dict[str, ast.Block] = field(default_factory=dict)
    locals: dict[str, tuple[ast.Attribute, str]] = field(default_factory=dict)
    resources: dict[str, ast.Block] = field(default_factory=dict)  # "type.name" -> block
    data: dict[str, ast.Block] = field(default_factory=dict)
    modules: dict[str, ast.Block] = field(default_factory=dict)
    outputs: dict[str, ast.Block] = field(default_factory=dict)
    providers: list[ast.Block] = field(default_factory=list)


def is_config_file(path: Path) -> bool:
    return path.name.endswith(".tf") or path.name.endswith(".tf.json")


def parse_file(text: str, rel: str, line_offset: int = 0) -> ast.Body:
    """Parse one configuration file; raises ``HclSyntaxError``."""
    if rel.endswith(".json"):
        return parse_json_config(text, rel, line_offset)
    return parse_hcl(text, line_offset)


def syntax_warning(rel: str, exc: Exception, what: str = "Terraform") -> str:
    line = getattr(exc, "line", None)
    where = f"{rel}:{line}" if line else rel
    return f"{where}: not valid {what} ({exc}); file skipped"


def read_body(root: Path, path: Path, warnings: list[str]) -> ast.Body | None:
    """The parsed file, or None with a one-line warning."""
    rel = safe_files.relative(root, path)
    try:
        text = safe_files.read_text(root, path)
    except safe_files.FileRefused as exc:
        warnings.append(str(exc))
        return None
    try:
        return parse_file(text, rel)
    except HclSyntaxError as exc:
        warnings.append(syntax_warning(rel, exc))
    except RecursionError:
        warnings.append(f"{rel}: nested too deeply; file skipped")
    return None


def add_blocks(config: ModuleConfig, body: ast.Body, rel: str, warnings: list[str]) -> None:
    """File the top-level blocks of one parsed file into the module config."""
    for block in body.blocks:
        block.file = rel
        labels = block.labels
        if block.type in ("resource", "data") and len(labels) == 2:
            table = config.resources if block.type == "resource" else config.data
            key = f"{labels[0]}.{labels[1]}"
            if key in table:
                warnings.append(f"{rel}:{block.line}: {block.type} {key} is declared twice; the first is kept")
                continue
            table[key] = block
        elif block.type == "variable" and labels:
            config.variables.setdefault(labels[0], block)
        elif block.type == "output" and labels:
            config.outputs.setdefault(labels[0], block)
        elif block.type == "module" and labels:
            config.modules.setdefault(labels[0], block)
        elif block.type == "provider" and labels:
            config.providers.append(block)
        elif block.type == "locals":
            for name, attribute in block.body.attributes.items():
                config.locals.setdefault(name, (attribute, rel))


def read_module(root: Path, directory: Path, files: list[Path], warnings: list[str]) -> ModuleConfig:
    """Read the given configuration files of ``directory`` (those directly inside it)."""
    config = ModuleConfig(directory=directory, rel=safe_files.relative(root, directory) or ".")
    for path in sorted(files):
        if path.parent != directory or not is_config_file(path):
            continue
        body = read_body(root, path, warnings)
        rel = safe_files.relative(root, path)
        config.files.append(rel)
        if body is not None:
            add_blocks(config, body, rel, warnings)
    return config


def module_files(root: Path, directory: Path) -> list[Path]:
    """Configuration files directly inside ``directory`` (for local module sources)."""
    if not safe_files.inside(root, directory) or not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.is_file() and is_config_file(p))


def value_files(root: Path, directory: Path, extra: list[Path]) -> list[Path]:
    """Variable value files of a root module in the order Terraform applies them (later ones win)."""
    found = [directory / "terraform.tfvars", directory / "terraform.tfvars.json"]
    found = [p for p in found if p.is_file()]
    if directory.is_dir():
        found += sorted(p for p in directory.iterdir() if p.is_file() and (p.name.endswith(".auto.tfvars") or p.name.endswith(".auto.tfvars.json")))
    return found + [Path(p) for p in extra]


def read_values(root: Path, path: Path, warnings: list[str]) -> dict[str, ast.Attribute]:
    """The assignments of one ``.tfvars`` (or ``.tfvars.json``) file."""
    rel = safe_files.relative(root, path)
    try:
        text = safe_files.read_text(root, path)
    except safe_files.FileRefused as exc:
        warnings.append(str(exc))
        return {}
    try:
        body = parse_json_values(text, rel) if path.name.endswith(".json") else parse_hcl(text)
    except HclSyntaxError as exc:
        warnings.append(syntax_warning(rel, exc, "variable values"))
        return {}
    except RecursionError:
        warnings.append(f"{rel}: nested too deeply; file skipped")
        return {}
    return dict(body.attributes)
