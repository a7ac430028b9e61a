"""The fast template decoders (``verifier/cfn/json_marks.py``, ``yaml_nodes.py``) give exactly what
cfn-lint's decoders give (values, node types, marks), and hand over to them for everything else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from verifier.cfn import decoder, json_marks, yaml_nodes

REPO = Path(__file__).resolve().parent.parent
CFN_YAML, CFN_JSON = decoder._decoder_modules()
JSON_TYPES = decoder._node_types()
YAML_TYPES, YAML_LOADER = decoder._yaml_types()


def _mark(mark: Any) -> Any:
    """A comparable form of a mark (libyaml's marks have no equality of their own)."""
    if mark is None or hasattr(type(mark), "__dataclass_fields__"):
        return mark
    return (type(mark).__name__, mark.name, mark.index, mark.line, mark.column, mark.buffer, mark.pointer)


def assert_same(fast: Any, slow: Any, path: str = "$") -> None:
    """Same values, same types and same start/end marks everywhere (keys included)."""
    assert type(fast) is type(slow), path
    for attribute in ("start_mark", "end_mark"):
        assert _mark(getattr(fast, attribute, None)) == _mark(getattr(slow, attribute, None)), f"{path} {attribute}"
    if isinstance(slow, dict):
        assert list(fast) == list(slow), path
        for (fast_key, fast_value), (slow_key, slow_value) in zip(fast.items(), slow.items(), strict=True):
            assert_same(fast_key, slow_key, f"{path} key {slow_key!r}")
            assert_same(fast_value, slow_value, f"{path}.{slow_key}")
    elif isinstance(slow, list):
        assert len(fast) == len(slow), path
        for index, (fast_item, slow_item) in enumerate(zip(fast, slow, strict=True)):
            assert_same(fast_item, slow_item, f"{path}[{index}]")
    else:
        assert fast == slow or (fast != fast and slow != slow), path  # NaN equals NaN here


JSON_TEXTS = [
    '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": 5}}}}',
    "{}", "[]", "  {\"a\" : [ ] , \"b\":{ } }\n", '"x"', "12", '{"a":\n"\\u00e9x\\n\\"q\\"" }',
    '{"a": NaN, "b": -Infinity, "c": 1e400, "d": -0.5E-3}', '{"a":1}\n\n\n', '\n{\n"k"\n:\n[1,\n2]}\n',
    '{"\\"q":"}", "[": "]", "x\\\\": "{"}', '{"a": [[[{"b": [true, false, null]}]]]}', "\n\n[1]",
    '{"\\ud83d\\ude00": "\\ud83d"}', "{\"a\": \"b\"}\r\n",
]


@pytest.mark.parametrize("text", JSON_TEXTS)
def test_json_matches_cfn_lint_decoder(text: str) -> None:
    fast = json_marks.loads(text, JSON_TYPES)
    assert fast is not None
    assert_same(fast, CFN_JSON.loads(text))


@pytest.mark.parametrize("text", ['{"a": 1, "a": 2}', '{"a": [1, 2}', '\ufeff{}', '{"a": 1} x', "", "{'a': 1}",
                                  '{"a": "\x01"}', "[" * 70 + "]" * 70])
def test_json_hands_over_what_it_cannot_reproduce(text: str) -> None:
    assert json_marks.loads(text, JSON_TYPES) is None


def test_json_errors_and_results_through_decode_json_are_unchanged() -> None:
    with pytest.raises(decoder.DecodeError):
        decoder.decode_json('{"a": 1, "a": 2}', "t.json")
    deep = "[" * 70 + "]" * 70
    assert_same(decoder.decode_json(deep, "t.json"), CFN_JSON.loads(deep))


YAML_TEXTS = [
    "Resources:\n  A:\n    Type: X\n    Properties:\n      P: !Join ['', [a, !Ref B]]\n      Q: !GetAtt A.Arn\n",
    "x: !GetAtt [A, B]\ny: !GetAtt\n  - A\n  - !Ref B\n", "x: !Sub\n  - '${a}'\n  - {a: 1}\n",
    "x: !If [C, !Ref A, !Ref 'AWS::NoValue']\n", "d: 2010-09-09\nt: 2001-12-14t21:59:43.10-05:00\n",
    "1: a\n2.5: b\nnull_not: ~\n", "x: !!binary aGVsbG8=\n", "x: !!str 12\ny: !!int '12'\nz: !!float 1\n",
    "x: !Base64 {a: 1, a: 2}\n", "x: !Foo {b: 1}\n", "x: 0o17\ny: 0x1f\nz: 1_000\nw: .inf\nv: -.nan\nu: 1:30\n",
    "'a': \"b\\tc\"\nb: |\n  multi\n  line\n", "x: !Condition C\ny: !Ref\n", "", "~", "- a\n- b: c\n", "!Ref x", "[1, 2]",
    "a: R&D without anchors\n",
]


@pytest.mark.parametrize("text", YAML_TEXTS)
def test_yaml_matches_cfn_lint_decoder(text: str) -> None:
    fast = yaml_nodes.loads(text, "t.yml", YAML_TYPES, YAML_LOADER)
    assert fast is not None
    assert_same(fast, CFN_YAML.loads(text, "t.yml"))


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "a: &x [1]\nb: *x\n", "<<: {a: 1}\nb: 2\n", "x: !GetAtt {a: 1}\n",
                                  "x: !!set {a, b}\n", "a: !!omap [{a: 1}]\n", "= : 1\n", "? [a]\n: 1\n", "null: 1\n",
                                  "x: [1, 2\n", "--- a\n--- b\n", "a:\n\t- 1\n"])
def test_yaml_hands_over_what_it_cannot_reproduce(text: str) -> None:
    assert yaml_nodes.loads(text, "t.yml", YAML_TYPES, YAML_LOADER) is None


def test_yaml_aliases_and_merges_still_decode_through_cfn_lint() -> None:
    text = "a: &x {b: 1}\nc: *x\nd:\n  <<: *x\n  e: 2\n"
    assert_same(decoder.decode_yaml(text, "t.yml"), CFN_YAML.loads(text, "t.yml"))
    with pytest.raises(decoder.DecodeError):
        decoder.decode_yaml("a: 1\na: 2\n", "t.yml")


def _repo_templates() -> list[Path]:
    found = [p for p in (REPO / "sample_stacks").rglob("*") if p.suffix in (".yml", ".yaml", ".json") and p.is_file()]
    found += [p for p in (REPO / "tests" / "fixtures").rglob("*") if p.suffix in (".yml", ".yaml", ".json") and p.is_file()]
    return sorted(p for p in found if "node_modules" not in p.parts and p.stat().st_size < 2_000_000)


def test_every_template_in_the_repository_decodes_the_same() -> None:
    compared = 0
    for path in _repo_templates():
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".json":
            try:
                slow = CFN_JSON.loads(text)
            except Exception:  # noqa: BLE001 - not JSON for cfn-lint: the fast path must hand over
                assert json_marks.loads(text, JSON_TYPES) is None, path
                continue
            fast = json_marks.loads(text, JSON_TYPES)
        else:
            try:
                slow = CFN_YAML.loads(text, path.name)
            except Exception:  # noqa: BLE001
                assert yaml_nodes.loads(text, path.name, YAML_TYPES, YAML_LOADER) is None, path
                continue
            fast = yaml_nodes.loads(text, path.name, YAML_TYPES, YAML_LOADER)
        assert fast is not None, path
        assert_same(fast, slow, str(path))
        compared += 1
    assert compared >= 10

