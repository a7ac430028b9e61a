"""Build cfn-lint's YAML template nodes from libyaml's node graph in one direct pass.

cfn-lint's YAML decoder (``cfnlint.decode.cfn_yaml``) composes the document with libyaml and
then constructs it with PyYAML's generic constructor, which visits every mapping twice and keeps
per-node bookkeeping. For the tags CloudFormation templates use (maps, sequences, strings, plain
scalars and the ``!Ref`` / ``!Sub`` / ``!GetAtt`` short forms) this module builds the very same
objects (``dict_node``, ``list_node``, ``str_node`` with libyaml's marks, ``Fn::`` dicts)
directly. Anything else (merge keys, aliases, sets, duplicate or unhashable keys, errors) makes
``loads`` return ``None`` so the caller runs cfn-lint's decoder and gets its exact result or error.
"""

from __future__ import annotations

from typing import Any, NamedTuple

MAP, SEQ, STR = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"
# Scalar tags PyYAML's SafeConstructor builds with plain (non-generator) methods.
SCALAR_CONSTRUCTORS = {
    "tag:yaml.org,2002:null": "construct_yaml_null",
    "tag:yaml.org,2002:bool": "construct_yaml_bool",
    "tag:yaml.org,2002:int": "construct_yaml_int",
    "tag:yaml.org,2002:float": "construct_yaml_float",
    "tag:yaml.org,2002:timestamp": "construct_yaml_timestamp",
    "tag:yaml.org,2002:binary": "construct_yaml_binary",
}
SPECIAL_KEYS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")
UNCONVERTED_SUFFIXES = ("Ref", "Condition")  # as cfn_yaml: these short forms keep their name
RESOLVE_CACHE_LIMIT = 50_000


class YamlTypes(NamedTuple):
    """What the fast pass needs from cfn-lint's ``cfn_yaml`` module and PyYAML."""

    cfn_yaml: Any  # the module: its loader class, node classes and Mark
    scalar_node: Any
    sequence_node: Any
    mapping_node: Any


class _Fallback(Exception):
    """The fast pass cannot reproduce cfn-lint's decoder here."""


def fast_loader_class(cfn_yaml: Any) -> Any:
    """cfn-lint's loader with a memo on implicit tag resolution (a pure function of the scalar)."""
    from yaml import ScalarNode

    cache: dict[tuple[str, bool, bool], str] = {}

    class FastLoader(cfn_yaml.CfnFullLoader):
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is not ScalarNode or self.yaml_path_resolvers:
                return super().resolve(kind, value, implicit)
            key = (value, implicit[0], implicit[1])
            tag = cache.get(key)
            if tag is None:
                if len(cache) > RESOLVE_CACHE_LIMIT:
                    cache.clear()
                tag = cache[key] = super().resolve(kind, value, implicit)
            return tag

    return FastLoader


def loads(text: str, filename: str | None, types: YamlTypes, loader_class: Any) -> Any | None:
    """The document ``cfn_yaml.loads(text, filename)`` returns, or None when only it can say."""
    try:
        loader = loader_class(text, filename)
        node = loader.get_single_node()
        if node is None:
            mark = types.cfn_yaml.Mark
            return types.cfn_yaml.dict_node({}, mark(0, 0), mark(0, 0))
        document = _Builder(loader, types, may_alias="&" in text).build(node)  # no '&': no anchor, no alias
    except Exception:  # noqa: BLE001 - any problem: cfn-lint's decoder decides (and words the error)
        return None
    if document is None:  # a document that is just null: cfn_yaml turns it into an empty mapping
        mark = types.cfn_yaml.Mark
        return types.cfn_yaml.dict_node({}, mark(0, 0), mark(0, 0))
    return document


class _Builder:
    """Constructs each node once, exactly as cfn-lint's ``NodeConstructor`` would."""

    def __init__(self, loader: Any, types: YamlTypes, may_alias: bool) -> None:
        self.loader = loader
        self.cfn = types.cfn_yaml
        self.str_node, self.dict_node, self.list_node = self.cfn.str_node, self.cfn.dict_node, self.cfn.list_node
        self.scalar, self.sequence, self.mapping_type = types.scalar_node, types.sequence_node, types.mapping_node
        self.seen: set[int] | None = set() if may_alias else None

    def build(self, node: Any) -> Any:
        if self.seen is not None:
            if id(node) in self.seen:  # an alias: PyYAML shares the object; leave that to cfn-lint's decoder
                raise _Fallback
            self.seen.add(id(node))
        tag = node.tag
        kind = type(node)
        if kind is self.scalar:
            if tag == STR:  # str_node(value, marks) without its slow __init__
                value = str.__new__(self.str_node, node.value)
                value.start_mark, value.end_mark = node.start_mark, node.end_mark
                return value
            if tag in SCALAR_CONSTRUCTORS:
                return getattr(self.loader, SCALAR_CONSTRUCTORS[tag])(node)
        elif tag == MAP and kind is self.mapping_type:
            return self.mapping(node)
        elif tag == SEQ and kind is self.sequence:
            return self.list_node([self.build(child) for child in node.value], node.start_mark, node.end_mark)
        if tag.startswith("!"):
            return self.short_form(tag[1:], node, kind)
        raise _Fallback

    def pairs(self, node: Any) -> list[tuple[Any, Any]]:
        items = []
        build = self.build
        for key_node, value_node in node.value:
            if key_node.tag in SPECIAL_KEYS:
                raise _Fallback
            key = build(key_node)
            if key is None or isinstance(key, (dict, list)):
                raise _Fallback
            items.append((key, build(value_node)))
        return items

    def mapping(self, node: Any) -> Any:
        items = self.pairs(node)
        result = self.dict_node(items, node.start_mark, node.end_mark, False)
        if len(result) != len(items):  # duplicate keys: cfn-lint's decoder reports them
            raise _Fallback
        return result

    def short_form(self, suffix: str, node: Any, kind: Any) -> Any:
        """``!Ref x`` / ``!Sub ...`` / ``!GetAtt a.b``: cfn_yaml's ``multi_constructor``."""
        name = suffix if suffix in UNCONVERTED_SUFFIXES else f"Fn::{suffix}"
        if name == "Fn::GetAtt":
            if kind is self.scalar:
                value: Any = self.list_node(node.value.split(".", 1), node.start_mark, node.end_mark)
            elif kind is self.sequence:
                value = self.list_node([self.build(child) for child in node.value], node.start_mark, node.end_mark)
            else:
                raise _Fallback
        elif kind is self.scalar:
            value = node.value
        elif kind is self.sequence:
            value = [self.build(child) for child in node.value]
        elif kind is self.mapping_type:
            value = dict(self.pairs(node))  # PyYAML's construct_mapping: later duplicates win
        else:
            raise _Fallback
        return self.dict_node({name: value}, node.start_mark, node.end_mark)
