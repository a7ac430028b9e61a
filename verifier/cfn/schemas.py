"""Resource type facts from cfn-lint's bundled CloudFormation resource schemas (read lazily,
one small JSON file per type, without importing cfn-lint)."""

from __future__ import annotations

import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

_TYPE_LINE = re.compile(r'^\s*"([A-Za-z0-9:]+)":\s*"([0-9a-f]+)",?\s*$', re.M)


@lru_cache(maxsize=1)
def _schemas() -> tuple[Path, dict[str, str]] | None:
    """cfn-lint keeps us-east-1's type -> schema-file map in providers/us_east_1.py."""
    spec = importlib.util.find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(list(spec.submodule_search_locations)[0]) / "data" / "schemas"
    try:
        index = dict(_TYPE_LINE.findall((base / "providers" / "us_east_1.py").read_text()))
    except OSError:
        return None
    return base / "resources", index


@lru_cache(maxsize=512)
def _properties(resource_type: str) -> frozenset[str]:
    found = _schemas()
    if found is None:
        return frozenset()
    folder, index = found
    if resource_type not in index:
        return frozenset()
    file = folder / f"{index[resource_type]}.json"
    try:
        data = json.loads(file.read_text())
    except (OSError, ValueError):
        return frozenset()
    return frozenset(data.get("properties", {}))


def supports_property(resource_type: str, name: str) -> bool:
    return name in _properties(resource_type)
