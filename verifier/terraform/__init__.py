"""Load Terraform configurations as ``Template`` objects the CloudFormation checks understand.

Public API:

* ``terraform_files(root)``: the ``*.tf`` / ``*.tf.json`` files of a task folder;
* ``load_terraform(root, files, warnings, var_files)``: one ``TerraformTemplate`` per root module
  (local modules it calls merged in), resources projected onto CloudFormation types and
  property paths (``mapping.py``), variables as parameters, outputs as outputs;
* ``region_of(templates)``: the region of the default ``aws`` provider and where it was read;
* ``templates_in_hcl_text`` / ``templates_in_hcl_blocks``: HCL quoted in a Markdown answer,
  lines pointing into the ``.md``.

Nothing here raises on bad input: unreadable or invalid files become one-line warnings.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from verifier import safe_files
from verifier.model import Template
from verifier.terraform import hcl_ast as ast
from verifier.terraform.config import (
    ModuleConfig,
    add_blocks,
    is_config_file,
    parse_file,
    read_module,
    read_values,
    syntax_warning,
    value_files,
)
from verifier.terraform.hcl_reader import HclSyntaxError
from verifier.terraform.modules import TerraformLoader
from verifier.terraform.root_module import ProviderConfig, TerraformTemplate, load_root

SKIP_DIRS = {".terraform", "node_modules", "cdk.out"}

__all__ = ["ProviderConfig", "TerraformTemplate", "load_terraform", "region_of", "templates_in_hcl_blocks",
           "templates_in_hcl_text", "terraform_files"]


def terraform_files(root: Path) -> list[Path]:
    """Configuration files under ``root``, skipping provider caches and vendored folders."""
    found = []
    for path in safe_files.walk(root):
        if set(path.relative_to(root).parts[:-1]) & SKIP_DIRS:
            continue
        if is_config_file(path):
            found.append(path)
    return found


def load_terraform(root: Path, files: Sequence[Path], warnings: list[str], var_files: Sequence[Path] = ()) -> list[Template]:
    """One template per root module among ``files`` (directories no other module calls)."""
    loader = TerraformLoader(root, warnings)
    by_directory: dict[Path, list[Path]] = {}
    for path in files:
        directory = path.parent.resolve()  # the file itself is not resolved: a symlink out is refused by name
        by_directory.setdefault(directory, []).append(directory / path.name)
    configs = {}
    for directory, paths in sorted(by_directory.items()):
        config = read_module(root.resolve(), directory, paths, warnings)
        configs[directory] = config
        loader._configs[str(directory)] = config
    called = {  # a folder calling itself is still a root
        target for directory, config in configs.items() for block in config.modules.values()
        if (target := _local_source(config, block)) is not None and target != directory
    }
    roots = [d for d in configs if d not in called]
    if configs and not roots:  # modules calling each other in a circle: start from the shallowest
        roots = [min(configs, key=lambda d: len(d.parts))]
    templates: list[Template] = []
    for directory in roots:
        config = configs[directory]
        values: dict[str, ast.Attribute] = {}
        for path in value_files(root, directory, []):
            values.update(read_values(root.resolve(), path, warnings))
        for path in var_files:  # named by the caller: read from wherever the caller keeps them
            path = Path(path).resolve()
            values.update(read_values(root.resolve() if safe_files.inside(root, path) else path.parent, path, warnings))
        template = load_root(loader, config, values)
        if template is not None:
            templates.append(template)
    return templates


def _local_source(config: ModuleConfig, block: ast.Block) -> Path | None:
    source = block.body.attributes.get("source")
    if source is None or not isinstance(source.expr, ast.Literal) or not isinstance(source.expr.value, str):
        return None
    if not source.expr.value.startswith(("./", "../")):
        return None
    return (config.directory / source.expr.value).resolve()


def region_of(templates: Sequence[Template]) -> tuple[str | None, str | None]:
    """(region, "file:line") of the first default ``aws`` provider with a known region."""
    for template in templates:
        for provider in getattr(template, "providers", []):
            if provider.name == "aws" and provider.alias is None and isinstance(provider.region, str):
                return provider.region, f"{provider.file}:{provider.line}"
    return None, None


def templates_in_hcl_blocks(blocks: Sequence[tuple[str, int]], file: str, warnings: list[str]) -> list[Template]:
    """HCL code blocks of one Markdown answer read as one module; ``(text, line_offset)`` each,
    ``line_offset`` being the number of lines before the block in ``file``."""
    config = ModuleConfig(directory=Path("/dev/null/markdown"), rel=file, files=[file])
    parsed = False
    for text, line_offset in blocks:
        try:
            body = parse_file(text, file, line_offset)
        except HclSyntaxError as exc:
            warnings.append(syntax_warning(file, exc, "HCL").replace("; file skipped", "; code block skipped"))
            continue
        except RecursionError:
            warnings.append(f"{file}:{line_offset + 1}: HCL code block nested too deeply; skipped")
            continue
        add_blocks(config, body, file, warnings)
        parsed = True
    if not parsed or not (config.resources or config.variables or config.outputs or config.modules):
        return []
    loader = TerraformLoader(Path("/dev/null/markdown"), warnings, local_modules=False)
    template = load_root(loader, config, {}, line_offset=blocks[0][1] if blocks else 0)
    return [template] if template is not None else []


def templates_in_hcl_text(text: str, file: str, line_offset: int, warnings: list[str]) -> list[Template]:
    """One HCL code block quoted in a Markdown answer (lines point into ``file``)."""
    return templates_in_hcl_blocks([(text, line_offset)], file, warnings)
