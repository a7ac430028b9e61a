"""Named template entities: "`TransactionArchiveBucket` resource", "Condition 'IsProduction'",
"the `Environment` parameter", "output `ApiUrl`", and intrinsic functions a template uses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from claims import language
from claims.extract.base import Sentence, make_subject
from claims.model import Claim

ENTITY_WORDS = r"(?:resources?|parameters?|outputs?|conditions?|exports?|mappings?|logical id)"
_NAME = r"[`'\"“]?([A-Z][A-Za-z0-9]*[a-z0-9][A-Za-z0-9]*)[`'\"”]?"
NAME_THEN_WORD = re.compile(r"(?<![\w.:/-])" + _NAME + r"\s+(" + ENTITY_WORDS + r")\b")
WORD_THEN_NAME = re.compile(r"\b(?i:(" + ENTITY_WORDS + r"))\s+(?i:named |called )?[`'\"“]([A-Za-z][A-Za-z0-9]+)[`'\"”]")
CAMEL = re.compile(r"^[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+$")
FUNCTIONS = re.compile(r"(?<![\w:])(?:!|Fn::)(Ref|GetAtt|Sub|Join|Select|Split|GetAZs|FindInMap|If|Equals|And|Or|Not|ImportValue|Base64|Cidr|Transform|Length|ToJsonString)\b|(?<![\w:!])\b(Ref)\b(?=[`'\",)\s])")
OUTPUT_LIST = re.compile(r"\boutputs?\b[^.:;`]{0,40}?(?:\binclud(?:e|es|ing)\b|\bare\b|:|—|–)\s*(?=`)", re.I)
LISTED_NAME = re.compile(r"\s*(?:,\s*|and\s+|or\s+|&\s*)*`([A-Za-z][A-Za-z0-9]+)`")
OUTPUT_VALUE = re.compile(
    r"(?:`([A-Za-z][A-Za-z0-9]+)`\s+output|\boutput\s+`([A-Za-z][A-Za-z0-9]+)`)\s*(?:value\s+)?(?:is|was|=|:|returns|returned|resolves to|points to)\s*`([^`\s]+)`",
    re.I)
INTRINSIC_CONTEXT = re.compile(r"\bintrinsic functions?\b|\bfunctions? \(", re.I)


def _kind(word: str) -> str:
    word = word.lower().rstrip("s")
    return {"logical id": "resource", "export": "output", "mapping": "mapping"}.get(word, word)


def extract(sentence: Sentence) -> Iterator[Claim]:
    if sentence.advice:
        return
    text = sentence.text
    seen: set[str] = set()
    for m in WORD_THEN_NAME.finditer(text):
        name, kind = m.group(2), _kind(m.group(1))
        seen.add(name)
        yield _entity_claim(sentence, m.start(2), m.end(2), name, kind)
    for m in NAME_THEN_WORD.finditer(text):
        name, kind = m.group(1), _kind(m.group(2))
        if name in seen or not (CAMEL.match(name) or text[m.start()] in "`'\""):
            continue
        seen.add(name)
        yield _entity_claim(sentence, m.start(1), m.end(1), name, kind)
    yield from _listed_outputs(sentence, text, seen)
    for m in OUTPUT_VALUE.finditer(text):
        name = m.group(1) or m.group(2)
        yield sentence.claim(m.start(3), m.end(3), "output.value", expected=m.group(3), subject=make_subject(None, name))
    if INTRINSIC_CONTEXT.search(text):
        found = [(m.start(), m.end(), _function_name(m.group(1) or m.group(2))) for m in FUNCTIONS.finditer(text)]
        if found:
            only = bool(re.search(r"\bonly\b", text[: found[0][0]], re.I))
            negative = language.negated_before(text, found[0][0]) or sentence.negative_list
            names = sorted({f[2] for f in found})
            yield sentence.claim(found[0][0], found[-1][1], "template.intrinsics_only" if only else "template.intrinsics",
                                 expected=names, polarity=not negative, subject=make_subject(None))


def _listed_outputs(sentence: Sentence, text: str, seen: set[str]) -> Iterator[Claim]:
    """Each name of "outputs include `A`, `B` and `C`" / "Stack outputs: `A`, `B`"."""
    for lead in OUTPUT_LIST.finditer(text):
        pos = lead.end()
        pattern = LISTED_NAME
        while (m := pattern.match(text, pos)) is not None:
            name = m.group(1)
            if name not in seen:
                seen.add(name)
                yield _entity_claim(sentence, m.start(1), m.end(1), name, "output")
            pos = m.end()


def _function_name(short: str) -> str:
    return "Ref" if short == "Ref" else "Fn::" + short


_ATTRIBUTE_WORDS = re.compile(r"\b(?:defaults?|default values?|descriptions?|constraints?|allowed values|validation)\b", re.I)
_ATTRIBUTE_AFTER = re.compile(r"^[`'\"*]*\s*(?:parameter|output|resource|property)?\s*(?:lacked|lacks|had no|has no|is missing|was missing|without)\s+(?:a |an |the |any )?"
                              r"(?:defaults?|default values?|descriptions?|constraints?|allowed values|validation)\b", re.I)
_PREPOSITION_BEFORE = re.compile(r"\b(?:for|of|on|in|to|from|by|at)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?[`'\"*]*$", re.I)


def _entity_claim(sentence: Sentence, start: int, end: int, name: str, kind: str) -> Claim:
    negated = language.negated_before(sentence.text, start, end)
    if negated and _PREPOSITION_BEFORE.search(sentence.text[max(0, start - 30) : start]) and not language.negated_before(sentence.text, start, None, window=12):
        negated = False  # "did not include a default value for the `X` parameter": the negation is about the default
    if negated and (_ATTRIBUTE_WORDS.search(sentence.text[max(0, start - 45) : start]) or _ATTRIBUTE_AFTER.match(sentence.text[end:])):
        negated = False  # "Missing default password parameter: X", "X lacked a default value": an attribute of X is missing
    polarity = not (negated or sentence.negative_list)
    return sentence.claim(start, end, "entity.exists", expected=name, polarity=polarity, subject=make_subject(None, name), extra={"kind": kind})
