"""Per-project settings: find, read and validate ``[tool.iac-verify]`` / ``.iac-verify.toml``.

Lookup (``resolve``): a file named with ``--config``; else the task folder's ``.iac-verify.toml``
or ``pyproject.toml`` (only when it has a ``[tool.iac-verify]`` table); else the same two in the
current working directory (the repository root in CI). The first file found is used, whole.
Keys are read through the ``KEYS`` table; a file that cannot be read or parsed, or a key with a
wrong type or value, is a ``ConfigError`` (one line); an unknown key is a warning.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from claims.vocabulary import SERVICES
from claims.vocabulary_extension import NONE, RESOURCE_TYPE, Extension
from verifier import safe_files
from verifier.gate import FAIL_ON

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILE = ".iac-verify.toml"
PYPROJECT = "pyproject.toml"
SECTION = ("tool", "iac-verify")
MAX_CONFIG_BYTES = 1024 * 1024


class ConfigError(Exception):
    """A configuration file that cannot be used (message is one line)."""


@dataclass(frozen=True)
class Suppression:
    """A ``[[tool.iac-verify.suppress]]`` entry: claims matching every selector given are suppressed."""

    report: str | None = None  # glob on the report path (relative to the task folder)
    lines: tuple[int, ...] = ()  # report lines
    concept: str | None = None  # concept id or glob ("snippet.*")
    check: str | None = None  # check id ("IV500")
    quote: str | None = None  # substring of the claim's quote (case-insensitive)
    reason: str | None = None
    origin: str = ""  # "<file>: suppress[2]"


@dataclass(frozen=True)
class Config:
    """The settings a check runs with (defaults when no file is found)."""

    path: str | None = None  # the file read, if any
    report: tuple[str, ...] = ()  # report names/globs tried in order (relative to the task folder)
    include: tuple[str, ...] = ()  # artifact globs: only these are loaded (all when empty)
    exclude: tuple[str, ...] = ()  # artifact globs never loaded
    fail_on: str = "contradicted"
    min_confidence: float = 0.0
    suppress: tuple[Suppression, ...] = ()
    vocabulary: Extension = NONE
    format: str | None = None  # output format of the CLI (the flag wins)
    warnings: tuple[str, ...] = ()

    def override(self, **values: Any) -> Config:
        """A copy with every value that is not None replaced (command-line flags win over the file)."""
        given = {k: v for k, v in values.items() if v is not None}
        for key, value in given.items():
            _check_override(key, value)
        return dataclasses.replace(self, **given)


def _check_override(key: str, value: Any) -> None:
    if key == "fail_on" and value not in FAIL_ON:
        raise ConfigError(f"fail-on must be one of {', '.join(FAIL_ON)}, not {value!r}")
    if key == "min_confidence":
        _fraction(value, "min-confidence", [])
    if key == "report":
        for pattern in value:
            _relative(pattern, "report")


# ---- value readers: (value, where, warnings) -> the Config value; a wrong value raises ConfigError


def _strings(value: Any, where: str, _warnings: list[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where} must be a string or a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _relative(pattern: str, where: str) -> str:
    path = PurePosixPath(pattern.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (len(pattern) > 1 and pattern[1] == ":"):
        raise ConfigError(f"{where}: {pattern!r} must be a path inside the task folder (relative, no '..')")
    return pattern


def _paths(value: Any, where: str, warnings: list[str]) -> tuple[str, ...]:
    return tuple(_relative(p, where) for p in _strings(value, where, warnings))


def _fail_on(value: Any, where: str, _warnings: list[str]) -> str:
    if value not in FAIL_ON:
        raise ConfigError(f"{where} must be one of {', '.join(FAIL_ON)}, not {value!r}")
    return str(value)


def _fraction(value: Any, where: str, _warnings: list[str]) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ConfigError(f"{where} must be a number from 0 to 1, not {value!r}")
    return float(value)


def _format(value: Any, where: str, _warnings: list[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where} must be a format name such as \"json\"")
    return value.strip()


SUPPRESS_SELECTORS = ("report", "line", "concept", "check", "quote")


def _suppressions(value: Any, where: str, warnings: list[str]) -> tuple[Suppression, ...]:
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(f"{where} must be a list of tables ([[tool.iac-verify.suppress]])")
    return tuple(_suppression(entry, f"{where}[{index}]", warnings) for index, entry in enumerate(value))


def _suppression(entry: Any, where: str, warnings: list[str]) -> Suppression:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} must be a table with some of {', '.join(SUPPRESS_SELECTORS)}, reason")
    for key in entry:
        if key not in (*SUPPRESS_SELECTORS, "lines", "reason"):
            warnings.append(f"{where}: unknown key {key!r} ignored")
    if not any(key in entry for key in (*SUPPRESS_SELECTORS, "lines")):
        raise ConfigError(f"{where} names no claim: give at least one of {', '.join(SUPPRESS_SELECTORS)}")
    lines = entry.get("line", entry.get("lines", []))
    lines = [lines] if isinstance(lines, int) else lines
    if not isinstance(lines, list) or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in lines):
        raise ConfigError(f"{where}.line must be a line number or a list of them")
    texts = {}
    for key in ("report", "concept", "check", "quote", "reason"):
        if key in entry:
            if not isinstance(entry[key], str) or not entry[key].strip():
                raise ConfigError(f"{where}.{key} must be a non-empty string")
            texts[key] = entry[key].strip() if key != "quote" else entry[key]
    return Suppression(lines=tuple(lines), origin=where, **texts)


VOCABULARY_KEYS = ("services", "resources")


def _vocabulary(value: Any, where: str, warnings: list[str]) -> Extension:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table with services and/or resources")
    for key in value:
        if key not in VOCABULARY_KEYS:
            warnings.append(f"{where}: unknown key {key!r} ignored (known: {', '.join(VOCABULARY_KEYS)})")
    services = _word_table(value.get("services", {}), f"{where}.services")
    for phrase, service in services:
        if service not in SERVICES:
            raise ConfigError(f"{where}.services: {phrase!r} = {service!r}: unknown service (one of {', '.join(sorted(SERVICES))})")
    resources = []
    for phrase, types in _word_table(value.get("resources", {}), f"{where}.resources", lists=True):
        names = (types,) if isinstance(types, str) else tuple(types)
        if not names or not all(isinstance(t, str) and RESOURCE_TYPE.match(t) for t in names):
            raise ConfigError(f"{where}.resources: {phrase!r} must name resource types like \"AWS::Events::Archive\"")
        resources.append((phrase, names))
    return Extension(services=tuple(services), resources=tuple(resources))


def _word_table(table: Any, where: str, lists: bool = False) -> list[tuple[str, Any]]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table of \"phrase\" = value")
    pairs = []
    for phrase, target in table.items():
        if not phrase.split() or not (isinstance(target, str) or lists and isinstance(target, list)):
            raise ConfigError(f"{where}: {phrase!r} needs a non-empty phrase and a string value")
        pairs.append((" ".join(phrase.split()), target))
    return pairs


KEYS: dict[str, tuple[str, Callable[[Any, str, list[str]], Any]]] = {
    # key in the file -> (Config field, reader)
    "report": ("report", _paths),
    "include": ("include", _paths),
    "exclude": ("exclude", _paths),
    "fail-on": ("fail_on", _fail_on),
    "min-confidence": ("min_confidence", _fraction),
    "suppress": ("suppress", _suppressions),
    "vocabulary": ("vocabulary", _vocabulary),
    "format": ("format", _format),
}


def from_table(table: Mapping[str, Any], origin: str) -> Config:
    """A Config from the settings table of a file (``origin`` names it in messages)."""
    warnings: list[str] = []
    values: dict[str, Any] = {}
    for key, value in table.items():
        known = KEYS.get(key) or KEYS.get(key.replace("_", "-"))
        if known is None:
            warnings.append(f"{origin}: unknown key {key!r} ignored (known: {', '.join(KEYS)})")
            continue
        field, reader = known
        values[field] = reader(value, f"{origin}: {key}", warnings)
    return Config(path=origin, warnings=tuple(warnings), **values)


def _read(path: Path, root: Path) -> dict[str, Any]:
    try:
        text = safe_files.read_text(root, path, limit=MAX_CONFIG_BYTES)
    except safe_files.FileRefused as exc:
        raise ConfigError(f"config {exc}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


def _settings_table(data: dict[str, Any], path: Path) -> dict[str, Any] | None:
    """The ``[tool.iac-verify]`` table, or None when the file has none."""
    tool = data.get(SECTION[0])
    if not isinstance(tool, dict) or SECTION[1] not in tool:
        return None
    if not isinstance(tool[SECTION[1]], dict):
        raise ConfigError(f"{path}: [tool.iac-verify] must be a table")
    return tool[SECTION[1]]


def load(path: Path, root: Path | None = None) -> Config:
    """Read one configuration file: its ``[tool.iac-verify]`` table when it has one (always for a
    ``pyproject.toml``), else its top-level keys (``.iac-verify.toml``)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    data = _read(path, root or path.parent)
    table = _settings_table(data, path)
    if table is None and path.name == PYPROJECT:
        return Config(path=str(path), warnings=(f"{path}: no [tool.iac-verify] table; defaults used",))
    return from_table(data if table is None else table, str(path))


_SECTION_HEADER = re.compile(r"^\s*\[{1,2}\s*tool\s*\.\s*[\"']?iac-verify", re.M)  # [tool.iac-verify], [[tool.iac-verify.suppress]]


def _pyproject_with_table(path: Path, root: Path) -> bool:
    """A pyproject.toml counts only when it has a ``[tool.iac-verify]`` table (one that seems to have
    it but is not valid TOML is an error; a broken one without it is not this tool's business)."""
    try:
        stat = path.stat()
    except OSError:
        return False
    return _pyproject_verdict(str(path), str(root), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _pyproject_verdict(path_text: str, root_text: str, _mtime_ns: int, _size: int) -> bool:
    """``_pyproject_with_table`` for one version of the file (a batch asks about the same file for every task)."""
    path, root = Path(path_text), Path(root_text)
    try:
        text = safe_files.read_text(root, path, limit=MAX_CONFIG_BYTES)
    except safe_files.FileRefused:
        return False
    if "iac-verify" not in text:
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        if _SECTION_HEADER.search(text):
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        return False
    return _settings_table(data, path) is not None


def find(folders: list[Path]) -> tuple[Path, Path] | None:
    """The first configuration file in ``folders`` (in order), with the folder it was found in."""
    for folder in folders:
        for name in (CONFIG_FILE, PYPROJECT):
            candidate = folder / name
            if not candidate.is_file() or not safe_files.inside(folder, candidate):
                continue
            if name == CONFIG_FILE or _pyproject_with_table(candidate, folder):
                return candidate, folder
    return None


def discover(task_dir: Path | None, cwd: Path | None = None) -> Config:
    """The configuration of the task folder, else of the working directory, else the defaults."""
    folders = [Path(task_dir)] if task_dir is not None else []
    folders.append(Path.cwd() if cwd is None else Path(cwd))
    found = find(folders)
    if found is None:
        return Config()
    path, folder = found
    return load(path, folder)


def resolve(task_dir: Path | None, explicit: Path | str | None = None, cwd: Path | None = None, **overrides: Any) -> Config:
    """The Config a check of ``task_dir`` runs with: ``explicit`` (``--config``) or the discovered
    file, then ``overrides`` (command-line values; None means not given). Raises ``ConfigError``."""
    config = load(Path(explicit)) if explicit is not None else discover(task_dir, cwd)
    return config.override(**overrides)
