"""Load cfn-lint's line-keeping CloudFormation decoder without importing all of cfn-lint.

``import cfnlint`` runs the package ``__init__``, which loads every rule and costs about a
second. The decoder modules themselves need only ``cfnlint.match`` and two names from
``cfnlint.rules``, so we import them under temporary package placeholders and then remove the
placeholders from ``sys.modules``: a later full ``import cfnlint`` (the lint check) still works.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import sys
import types
from functools import lru_cache
from typing import Any

from verifier.cfn import json_marks, yaml_nodes

_PLACEHOLDERS = ("cfnlint", "cfnlint.rules", "cfnlint.rules.errors")


class DecodeError(Exception):
    """A template that could not be decoded; the message is one line with file and position."""


@lru_cache(maxsize=1)
def _decoder_modules() -> tuple[Any, Any]:
    if "cfnlint.decode.cfn_yaml" in sys.modules and "cfnlint.decode.cfn_json" in sys.modules:
        return sys.modules["cfnlint.decode.cfn_yaml"], sys.modules["cfnlint.decode.cfn_json"]
    if "cfnlint" in sys.modules:  # the real package is loaded already: use it
        return importlib.import_module("cfnlint.decode.cfn_yaml"), importlib.import_module("cfnlint.decode.cfn_json")
    spec = importlib.util.find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("cfn-lint is not installed")
    base = list(spec.submodule_search_locations)[0]
    before = set(sys.modules)
    try:
        for name in _PLACEHOLDERS:
            placeholder = types.ModuleType(name)
            placeholder.__path__ = [base + name[len("cfnlint") :].replace(".", "/")]
            sys.modules[name] = placeholder
        match = importlib.import_module("cfnlint.match")
        sys.modules["cfnlint.rules"].Match = match.Match  # type: ignore[attr-defined]
        sys.modules["cfnlint.rules.errors"].ParseError = _ParseErrorRule  # type: ignore[attr-defined]
        cfn_yaml = importlib.import_module("cfnlint.decode.cfn_yaml")
        cfn_json = importlib.import_module("cfnlint.decode.cfn_json")
    finally:
        for name in set(sys.modules) - before:
            if name == "cfnlint" or name.startswith("cfnlint."):
                del sys.modules[name]
    return cfn_yaml, cfn_json


class _ParseErrorRule:
    """Stands in for cfn-lint's E0000 rule object, which the decoder only reads ids from."""

    id = "E0000"
    shortdesc = "Parsing error found when parsing the template"
    description = shortdesc
    source_url = ""
    tags: list[str] = []


MAX_DEPTH = 1000  # deeper than Python's recursion limit lets the constructor go anyway
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_DEEP_BLOCK = re.compile(r"[\n\r](?:[ \t]|[-?:][ \t]){" + str(MAX_DEPTH) + "}")  # a line's indentation and "- - " / "? ? "


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether YAML may nest deeper than about ``limit`` levels (an over-estimate: quotes not excluded).

    libyaml's composer recurses in C without a depth check: some 40,000 nested ``[`` or ``- ``
    crash the interpreter (segmentation fault) before Python's recursion limit can stop it. Block
    nesting needs a line starting with that many blanks or indicators; flow nesting, brackets.
    """
    if _DEEP_BLOCK.search("\n" + text):
        return True
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for char in _NOT_BRACKETS.sub("", text):
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif depth:
            depth -= 1
    return False


@lru_cache(maxsize=1)
def _yaml_types() -> tuple[yaml_nodes.YamlTypes, Any]:
    from yaml import MappingNode, ScalarNode, SequenceNode

    cfn_yaml, _ = _decoder_modules()
    return yaml_nodes.YamlTypes(cfn_yaml, ScalarNode, SequenceNode, MappingNode), yaml_nodes.fast_loader_class(cfn_yaml)


def decode_yaml(text: str, filename: str) -> Any:
    """Decode YAML CloudFormation (short-form tags become ``Fn::`` dicts); nodes keep marks.
    ``yaml_nodes`` builds the nodes; cfn-lint's decoder runs only for what that cannot reproduce."""
    cfn_yaml, _ = _decoder_modules()
    if too_deep(text):
        raise DecodeError(f"nested more than {MAX_DEPTH} levels deep; not decoded")
    document = yaml_nodes.loads(text, filename, *_yaml_types())
    if document is not None:
        return document
    try:
        return cfn_yaml.loads(text, filename)
    except Exception as exc:  # the decoder raises several error types; all mean "not decodable"
        raise DecodeError(_one_line(exc)) from None


@lru_cache(maxsize=1)
def _node_types() -> json_marks.NodeTypes:
    _, cfn_json = _decoder_modules()
    return json_marks.NodeTypes(cfn_json.dict_node, cfn_json.list_node, cfn_json.str_node, cfn_json.Mark)


def decode_json(text: str, filename: str) -> Any:
    """Decode JSON CloudFormation; nodes keep marks. The C parser does the work (``json_marks``);
    cfn-lint's pure-Python decoder runs only for what that cannot reproduce (errors included)."""
    _, cfn_json = _decoder_modules()
    document = json_marks.loads(text, _node_types())
    if document is not None:
        return document
    try:
        return cfn_json.loads(text)
    except Exception as exc:
        try:  # the standard parser words syntax errors better
            json.loads(text)
        except ValueError as plain:
            raise DecodeError(_one_line(plain)) from None
        raise DecodeError(_one_line(exc)) from None


def _one_line(exc: Exception) -> str:
    matches = getattr(exc, "matches", None)
    if matches:
        first = matches[0]
        return f"line {getattr(first, 'linenumber', '?')}: {getattr(first, 'message', exc)}".replace("\n", " ")
    return " ".join(str(exc).split()) or type(exc).__name__
