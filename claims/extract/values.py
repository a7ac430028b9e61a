"""Quantities and enumerations next to their keyword: "1GB memory", "timeout of 300 seconds",
"reserved concurrency 100", "Python 3.11", "PAY_PER_REQUEST billing".

A value is taken only when it sits right before the keyword ("14-day retention") or right after
it, possibly behind a few linking words ("timeout = 300 seconds", "memory of 256MB"). "from A to
B" yields two claims (A for the model's answer, B for the final code); values after "instead
of", "rather than", "not" or "was" are not claimed. Negated values are not claimed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from claims import language, units
from claims.extract.base import Sentence, make_subject, service_for, subject_name_before
from claims.model import Claim
from claims.prefilter import any_of
from claims.scope import ScopeDecision
from claims.vocabulary import ENUM_PATTERNS, ENUMS, VALUE_CONCEPTS, ValueConcept

_LINK = r"(?:\s*(?:[:=(]|=>|->|→|\b(?:is|was|are|were|of|set|to|at|raised|increased|reduced|lowered|extended|shortened|decreased|changed|updated|equals?|configured|as|with|a|an|the|value|exactly|only|now|after|in|for|within|every|used|uses|using|named|called)\b)\s*)*"
_UNSAID_BEFORE = re.compile(r"(?:instead of|rather than|\bnot\b|\bvs\.?|versus|\bwas\b|\bfrom\b|previously|originally|default(?:s)? (?:of|is)|up to|max(?:imum)?|min(?:imum)?|>|<|≥|≤)\s*$", re.I)
_FROM_TO = re.compile(r"^\s*(?:was\s+)?(?:changed |increased |decreased |reduced |raised |lowered |updated )?from\s+", re.I)

_LITERAL = re.compile(r"[`'\"“]([^`'\"”\s]{2,120})[`'\"”]|([A-Za-z][\w.-]{1,60})(?=\))")
SELF_IDENTIFYING_ENUMS = {"runtime", "stream_view_type", "instance_class", "ssl_policy", "redirect_status"}
SELF_IDENTIFYING_VALUES = {"arm64", "x86_64", "PAY_PER_REQUEST", "TRIM_HORIZON"}


@lru_cache(maxsize=1)
def _keyword_patterns() -> list[tuple[ValueConcept, re.Pattern[str]]]:
    return [(c, re.compile(r"\b(?:" + "|".join(c.keywords) + r")\b", re.I)) for c in VALUE_CONCEPTS]


@cache
def _enum_patterns(table: str) -> list[tuple[str, re.Pattern[str]]]:
    patterns = [(value, re.compile(r"(?<![\w.])(?:" + "|".join(phrases) + r")(?![\w])", re.I)) for value, phrases in ENUMS[table].items()]
    if table in ENUM_PATTERNS:
        patterns.append(("", re.compile(ENUM_PATTERNS[table], re.I)))
    return patterns


_CIDR_VALUE = re.compile(r"[`'\"]?(\d{1,3}(?:\.\d{1,3}){3}/\d{1,2})(?!\d|\.\d)[`'\"]?")
# words in the clause that make a concept's value about something else ("subnet 10.0.1.0/24")
_OTHER_THING = {"vpc.cidr": re.compile(r"\bsubnets?\b|\bsecurity groups?\b|\bingress\b|\begress\b|\binbound\b|\bfrom\b|\bpeer", re.I)}


def _value_pattern(concept: ValueConcept) -> re.Pattern[str]:
    if concept.kind == "cidr":
        return _CIDR_VALUE
    if concept.kind == "threshold":
        return units.THRESHOLD_VALUE
    if concept.kind == "memory":
        return units.MEMORY_VALUE
    if concept.kind == "duration":
        return units.DURATION_VALUE
    return units.COUNT_VALUE


def _convert(concept: ValueConcept, match: re.Match[str]) -> int | float | str | None:
    if concept.kind == "cidr":
        return match.group(1)
    try:
        if concept.kind == "memory":
            return units.memory_mb(match.group(1), match.group(2))
        if concept.kind == "duration":
            return units.duration(match.group(1), match.group(2), concept.unit or "s")
        return units.count(match.group(1) or match.group(2))
    except (ValueError, KeyError):
        return None


def _enum_at(concept: ValueConcept, text: str) -> tuple[str, re.Match[str]] | None:
    """An enumeration value at the very start of text."""
    for value, rx in _enum_patterns(concept.enum or ""):
        m = rx.match(text)
        if m:
            return (value or m.group(0)), m
    return None


def _value_after(concept: ValueConcept, text: str, end: int) -> tuple[object, int, int, int] | None:
    """(value, start, end, link start) of a value following the keyword behind linking words."""
    link = re.match(_LINK, text[end:], re.I)
    start = end + (link.end() if link else 0)
    start += len(text[start:]) - len(text[start:].lstrip(" *"))
    rest = text[start:]
    if concept.kind == "literal":
        m = _LITERAL.match(rest)
        return ((m.group(1) or m.group(2)), start, start + m.end(), end) if m else None
    if concept.kind == "enum":
        found = _enum_at(concept, rest)
        if found:
            return found[0], start, start + found[1].end(), end
        return None
    m = _value_pattern(concept).match(rest)
    if not m:
        return None
    if concept.kind == "count" and re.match(r"\s*(?:%|percent|mb|gb|ms|seconds?|minutes?|days?|hours?|x\b)", rest[m.end():], re.I):
        return None
    if _RANGE_AFTER.match(rest[m.end():]):
        return None  # "shard count (1-100 shards)": the bounds a parameter allows, not the value
    value = _convert(concept, m)
    return (value, start, start + m.end(), end) if value is not None else None


_RANGE_AFTER = re.compile(r"\s*[-–]\s*\d")  # "1-100" ("from 80 to 70" is a change, read elsewhere)
_RANGE_BEFORE = re.compile(r"\d\s*[-–]\s*$")


def _value_before(concept: ValueConcept, text: str, start: int) -> tuple[object, int, int] | None:
    """A value written right before the keyword: "1GB memory", "14-day retention"."""
    window = text[max(0, start - 30) : start]
    base = max(0, start - 30)
    if concept.kind == "literal":
        return None
    if concept.kind == "enum":
        for value, rx in _enum_patterns(concept.enum or ""):
            for m in rx.finditer(window):
                if not window[m.end() :].strip(" -") or re.fullmatch(r"\s*(?:-|\s)?\s*", window[m.end() :]):
                    return (value or m.group(0)), base + m.start(), base + m.end()
        return None
    pattern = _value_pattern(concept)
    best = None
    for m in pattern.finditer(window):
        tail = window[m.end() :]
        if re.fullmatch(r"\s*(?:-\s*)?(?:of\s+)?", tail) and not _RANGE_BEFORE.search(window[: m.start()]):
            best = m
    if best is None:
        return None
    if _UNSAID_BEFORE.search(window[: best.start()]):
        return None
    value = _convert(concept, best)
    return (value, base + best.start(), base + best.end()) if value is not None else None


def extract(sentence: Sentence) -> Iterator[Claim]:
    if sentence.advice:
        return
    text = sentence.text
    taken: list[tuple[int, int]] = []
    keyword_patterns = _keyword_patterns()
    if not any_of(rx for _c, rx in keyword_patterns)(text):
        keyword_patterns = []  # no keyword in the sentence: the loop would find nothing
    for concept, rx in keyword_patterns:
        for kw in rx.finditer(text):
            if any(a <= kw.start() < b for a, b in taken):
                continue
            service, named = service_for(sentence, kw.start(), concept.services)
            if service is None and _names_itself(text, kw, concept):
                service, named = concept.services[0], True  # "30-day log retention": the keyword names its service
            if service is None:
                if concept.needs_service or _names_other_service(sentence, kw.start()):
                    continue
                service = concept.services[0]
            for claim in _claims_for(sentence, concept, kw, service, taken):
                claim.extra["service_named"] = named
                yield claim
    yield from _scaling_range(sentence, taken)
    yield from _self_identifying_enums(sentence, taken)
    yield from _naming_phrases(sentence, taken)
    yield from _never_expire(sentence, taken)


_SCALING_RANGE = re.compile(r"\b(?:from\s+|between\s+)?(\d{1,4}|one|two|three|four|five|six|eight|ten)\s*(?:to|-|–|and)\s*(\d{1,4}|two|three|four|five|six|eight|ten|twelve|twenty)\s+(?:running\s+)?(?:instances|nodes|tasks|hosts|servers)\b", re.I)
_SCALING_SERVICES = ("asg", "eks", "ecs")


def _scaling_range(sentence: Sentence, taken: list[tuple[int, int]]) -> Iterator[Claim]:
    """"scales from 2 to 8 instances", "between 2 and 6 nodes": the group's minimum and maximum."""
    text = sentence.text
    for m in _SCALING_RANGE.finditer(text):
        if any(a <= m.start() < b for a, b in taken) or _negated(sentence, m.start(), m.end()):
            continue
        low, high = units.count(m.group(1)), units.count(m.group(2))
        if low > high:
            continue
        service, named = service_for(sentence, m.start(), _SCALING_SERVICES)
        tasks = m.group(0).lower().endswith(("tasks", "task"))
        if tasks:  # "2 to 10 tasks": an ECS service's task count (an Auto Scaling group counts instances)
            service, named = "ecs", True
        if service is None or service == "ecs" and not tasks:
            continue
        taken.append((m.start(), m.end()))
        name = subject_name_before(text, m.start())
        concepts = ("ecs.min_tasks", "ecs.max_tasks") if service == "ecs" else ("asg.min_size", "asg.max_size")
        for concept, value in zip(concepts, (low, high), strict=True):
            claim = sentence.claim(m.start(), m.end(), concept, expected=value, subject=make_subject(service, name))
            claim.extra["service_named"] = named
            yield claim


_NEVER_EXPIRE = re.compile(r"\b(?:never expires?|never expiring|(?:kept|retained|stored) (?:forever|indefinitely)|no (?:log )?retention(?: period| policy)?(?! (?:of|for)))\b", re.I)
_LOGS_NAMED = re.compile(r"\blog(?:s| groups?)\b", re.I)


def _never_expire(sentence: Sentence, taken: list[tuple[int, int]]) -> Iterator[Claim]:
    """"Log Groups Never Expire", "logs were kept forever", "no retention" on log groups: the
    retention is unset (CloudWatch keeps log events forever)."""
    text = sentence.text
    m = _NEVER_EXPIRE.search(text)
    if not m or any(a <= m.start() < b for a, b in taken):
        return
    from claims.extract.base import service_mentions

    if not _LOGS_NAMED.search(text):
        heading = " ".join(filter(None, [sentence.line.label, *(h for _l, h in sentence.line.headings[-1:])]))
        if not _LOGS_NAMED.search(heading) or any(svc != "logs" for _s, _e, svc in service_mentions(text)):
            return  # "objects were kept forever" under a logging heading is about the bucket
    elif any(svc == "s3" for _s, _e, svc in service_mentions(text)) and not re.search(r"\blog groups?\b|\bcloudwatch logs\b", text, re.I):
        return  # "the access log bucket ... so logs were kept forever": log files in a bucket
    polarity = not language.negated_before(text, m.start()) or m.group(0).lower().startswith("no ")
    taken.append((m.start(), m.end()))
    yield sentence.claim(m.start(), m.end(), "logs.retention", expected="never expires", unit="days", polarity=polarity,
                         subject=make_subject("logs", subject_name_before(text, m.start())), extra={"service_named": True})


def _names_itself(text: str, kw: re.Match[str], concept: ValueConcept) -> bool:
    from claims.extract.base import service_mentions

    return any(kw.start() <= start < kw.end() and service in concept.services for start, _end, service in service_mentions(text))


def _names_other_service(sentence: Sentence, position: int) -> bool:
    from claims.extract.base import service_mentions

    left, right = language.clause_bounds(sentence.text, position)
    return any(left <= m[0] < right for m in service_mentions(sentence.text))


def _claims_for(sentence: Sentence, concept: ValueConcept, kw: re.Match[str], service: str, taken: list[tuple[int, int]]) -> Iterator[Claim]:
    text = sentence.text
    if concept.kind == "enum" and _listed_options(concept, text):
        return  # "runtime python3.12 or python3.11": choices
    other = _OTHER_THING.get(concept.id)
    if other:
        left, _right = language.clause_bounds(text, kw.start())
        value = _value_after(concept, text, kw.end())
        if other.search(text, max(left, kw.start() - 40), value[2] + 12 if value else kw.end() + 12):
            return  # "public subnets use CIDR 10.0.1.0/24": another thing's value
    quantifier = "all" if language.universal(text[: kw.start()]) else "any"
    name = subject_name_before(text, kw.start())
    # "from A to B": two claims, one per side
    from_to = _FROM_TO.match(text[kw.end() :])
    if from_to and concept.kind != "enum":
        first = _value_after(concept, text, kw.end() + from_to.end())
        if first:
            to_match = re.match(r"\s*(?:to|->|→)\s*", text[first[2] :])
            second = _value_after(concept, text, first[2] + to_match.end()) if to_match else None
            if second:
                taken.append((kw.start(), second[2]))
                for value, start, end, scope_name in ((first[0], first[1], first[2], "model"), (second[0], second[1], second[2], "final")):
                    yield sentence.claim(
                        kw.start() if scope_name == "model" else start, end, concept.id, expected=value, unit=concept.unit,
                        subject=make_subject(service, name), quantifier=quantifier,
                        scope_decision=ScopeDecision(scope_name, "sentence"),
                    )
                return
    after = _value_after(concept, text, kw.end())
    if after and not _UNSAID_BEFORE.search(text[kw.end() : after[1]]):
        value, start, end, _link = after
        if _negated(sentence, kw.start(), end):
            return
        taken.append((kw.start(), end))
        yield sentence.claim(kw.start(), end, concept.id, expected=value, unit=concept.unit,
                             subject=make_subject(service, name), quantifier=quantifier)
        return
    before = _value_before(concept, text, kw.start())
    if before:
        value, start, _end = before
        if _negated(sentence, start, kw.end()):
            return
        taken.append((start, kw.end()))
        yield sentence.claim(start, kw.end(), concept.id, expected=value, unit=concept.unit,
                             subject=make_subject(service, name), quantifier=quantifier)


def _negated(sentence: Sentence, start: int, end: int) -> bool:
    return language.negated_before(sentence.text, start, end) or sentence.negative_list


@lru_cache(maxsize=1)
def _self_identifying_patterns() -> tuple[re.Pattern[str], ...]:
    """The patterns ``_self_identifying_enums`` searches (same filter as its loop)."""
    return tuple(rx for concept in VALUE_CONCEPTS if concept.kind == "enum" and concept.enum
                 for value, rx in _enum_patterns(concept.enum)
                 if concept.enum in SELF_IDENTIFYING_ENUMS or value in SELF_IDENTIFYING_VALUES)


# Phrases that name an enumeration's value and its concept at once, read when the sentence (or its
# context) speaks of the concept's service or of an API: "the model's API was edge-optimized".
NAMING_PHRASES: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "apigw.endpoint_type": (("EDGE", re.compile(r"\bedge[- ]optimi[sz]ed\b", re.I)), ("REGIONAL", re.compile(r"`REGIONAL`|\bREGIONAL\b")),
                            ("PRIVATE", re.compile(r"`PRIVATE`"))),
}
_API = re.compile(r"\bAPIs?\b")


def _naming_phrases(sentence: Sentence, taken: list[tuple[int, int]]) -> Iterator[Claim]:
    """"edge-optimized", "`REGIONAL`": the value of a concept whose service the sentence speaks of."""
    text = sentence.text
    for concept_id, phrases in NAMING_PHRASES.items():
        concept = next(c for c in VALUE_CONCEPTS if c.id == concept_id)
        for value, rx in phrases:
            for m in rx.finditer(text):
                if any(a <= m.start() < b for a, b in taken) or _negated(sentence, m.start(), m.end()):
                    continue
                service, _ = service_for(sentence, m.start(), concept.services)
                if service is None and not _API.search(text[: m.start()]):
                    continue
                taken.append((m.start(), m.end()))
                yield sentence.claim(m.start(), m.end(), concept_id, expected=value, subject=make_subject(concept.services[0]),
                                     extra={"service_named": True})


_OPTION_SEPARATOR = re.compile(r"^[`'\"*]*\s*(?:,|/|\bor\b|,\s*or\b)\s*[`'\"*]*$", re.I)


def _listed_options(concept: ValueConcept, text: str) -> bool:
    """Two or more values of one enumeration next to each other with "," / "or" between them."""
    spans = sorted((m.start(), m.end(), value or m.group(0)) for value, rx in _enum_patterns(concept.enum or "") for m in rx.finditer(text))
    return any(a[2] != b[2] and _OPTION_SEPARATOR.match(text[a[1] : b[0]].strip() or ",") and text[a[1] : b[0]].strip()
               for a, b in zip(spans, spans[1:], strict=False))


def _self_identifying_enums(sentence: Sentence, taken: list[tuple[int, int]]) -> Iterator[Claim]:
    """"Python 3.11", "arm64", "PAY_PER_REQUEST", "db.r5.large" name their concept by themselves."""
    text = sentence.text
    if not any_of(_self_identifying_patterns())(text):
        return  # none of the values below occurs in the sentence
    for concept in VALUE_CONCEPTS:
        if concept.kind != "enum" or not concept.enum:
            continue
        if _listed_options(concept, text):
            continue  # "Use `db.t2.micro`, `db.t2.small`, `db.t2.medium`": choices, not what the code has
        for value, rx in _enum_patterns(concept.enum):
            canonical_ok = concept.enum in SELF_IDENTIFYING_ENUMS or value in SELF_IDENTIFYING_VALUES
            if not canonical_ok:
                continue
            for m in rx.finditer(text):
                if value in SELF_IDENTIFYING_VALUES and m.group(0) != value and m.group(0).lower() != value.lower():
                    continue
                if any(a <= m.start() < b for a, b in taken) or _negated(sentence, m.start(), m.end()):
                    continue
                if _UNSAID_BEFORE.search(text[max(0, m.start() - 25) : m.start()]):
                    continue
                service, _ = service_for(sentence, m.start(), concept.services)
                if service is None and _names_other_service(sentence, m.start()):
                    continue
                taken.append((m.start(), m.end()))
                quantifier = "all" if language.universal(text[: m.start()]) else "any"
                claim = sentence.claim(m.start(), m.end(), concept.id, expected=value or m.group(0),
                                       subject=make_subject(service or concept.services[0], subject_name_before(text, m.start())),
                                       quantifier=quantifier)
                claim.extra["service_named"] = service is not None  # "ARM64" alone does not say it is a Lambda
                yield claim
