"""``claims.prefilter.any_of`` says False only when no pattern of the table matches (so extractors
may skip their loops), on the extractors' real tables and on crafted ones."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from claims import prefilter
from claims.extract import features, values

REPO = Path(__file__).resolve().parent.parent


def _tables() -> dict[str, tuple[re.Pattern[str], ...]]:
    return {
        "value keywords": tuple(rx for _c, rx in values._keyword_patterns()),
        "self-identifying values": values._self_identifying_patterns(),
        "existence": tuple(rx for _c, rx in features._existence_patterns()),
        "settings": tuple(rx for _c, rx in features._setting_patterns()),
        "counts": tuple(rx for _w, rx in features._count_patterns()),
    }


def _texts() -> list[str]:
    texts = [line for path in sorted(REPO.glob("sample_stacks/*/lib/MODEL_FAILURES.md"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    words = [w for t in texts for w in t.split()] or ["lambda", "memory", "bucket"]
    rnd = random.Random(7)
    texts += [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 12))) for _ in range(400)]
    texts += ["", "Python 3.11 runtime", "PAY_PER_REQUEST", "db.r5.large", "a.python3.11", "3 S3 buckets",
              "ſ3 bucket with \u212ams key", "ünicode ✅ versioning enabled", "DLQ", "no dead-letter queue"]
    return texts


@pytest.mark.parametrize("name", list(_tables()))
def test_any_of_agrees_with_searching_each_pattern(name: str) -> None:
    table = _tables()[name]
    test = prefilter.any_of(table)
    assert test is not prefilter._always  # the real tables are combinable
    for text in _texts():
        assert test(text) == any(rx.search(text) for rx in table), (name, text)


def test_count_union_agrees_with_the_count_patterns() -> None:
    table = _tables()["counts"]
    for text in _texts() + ["three private subnets", "2 CloudWatch alarms", "one of the 4 resources"]:
        assert bool(features._any_count().search(text)) == any(rx.search(text) for rx in table), text


def test_patterns_of_one_shape_are_pooled_and_others_kept() -> None:
    table = (re.compile(r"\b(?:ab|cd)\b", re.I), re.compile(r"\b(?:x)\b|\b(?:y)\b", re.I), re.compile(r"q+", re.I))
    assert prefilter._pooled(table) == [r"\b(?:ab|cd)\b", r"\b(?:x)\b|\b(?:y)\b", "q+"]
    test = prefilter.any_of(table)
    for text, expected in (("AB", True), ("xab", False), ("y", True), ("zzq", True), ("abc", False)):
        assert test(text) is expected


@pytest.mark.parametrize("table", [
    (re.compile(r"(a)\1"), re.compile("b")),  # back-reference: numbering would shift
    (re.compile("a", re.I), re.compile("b")),  # different flags
    (re.compile(r"(?P<n>a)(?P=n)"), re.compile("b")),
    (),
])
def test_tables_that_cannot_be_combined_always_pass(table: tuple[re.Pattern[str], ...]) -> None:
    assert prefilter.any_of(table) is prefilter._always


def test_case_insensitive_tables_searched_lower_cased_agree_on_mixed_case_text() -> None:
    table = (re.compile(r"\b(?:dead[- ]letter queues?|dlq)\b", re.I), re.compile(r"(?<![\w.])(?:python ?3\.\d+)(?![\w])", re.I))
    assert all(prefilter._lower_case_only(p.pattern) for p in table)
    test = prefilter.any_of(table)
    for text in ("No DLQ", "a Dead-Letter Queue", "PYTHON3.11 runtime", "xpython3.11", "dlqs", "Dĺq", "ünicode DLQ", "DLQ\u212a"):
        assert test(text) == any(rx.search(text) for rx in table), text


@pytest.mark.parametrize("pattern", [r"\x41bc", r"[A-Z]+", r"(?-i:abc)", r"\N{LATIN SMALL LETTER A}", r"a\tb", "ABC"])
def test_patterns_whose_case_matters_keep_the_case_insensitive_search(pattern: str) -> None:
    assert not prefilter._lower_case_only(pattern)
    table = (re.compile(pattern, re.I), re.compile(r"\bzz\b", re.I))
    test = prefilter.any_of(table)
    for text in ("ABC", "abc", "A\tB", "a", "Q"):
        assert test(text) == any(rx.search(text) for rx in table), (pattern, text)
