"""Inline settings written as code: `BillingMode: PAY_PER_REQUEST`, `DeletionPolicy: Retain`,
"(IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2.0)", `"EndpointPublicAccess": false`.

Keys must look like CloudFormation property names (CamelCase; a single capitalised word only
inside backticks). Whether the key means anything in the task's code is decided at check time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claims import language
from claims.extract.base import Sentence, make_subject, service_for, subject_name_after, subject_name_before
from claims.model import Claim
from claims.vocabulary import SERVICES

_KEY = r"\"?([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+|[A-Z]{2,}[a-z][A-Za-z0-9]*|[A-Z][a-z]{2,})\"?"
_VALUE = r"(\"[^\"]{1,120}\"|'[^']{1,120}'|\[[^\]]{1,200}\]|!?[A-Za-z0-9_.:/${}*-]{1,120})"
CODE_SPAN = re.compile(r"`([^`]{3,200})`")
HCL_KEY_VALUE = re.compile(r"([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]{3,})\s*=\s*(\"[^\"]{0,120}\"|[A-Za-z0-9_.:/${}*-]{1,120})")
KEY_VALUE = re.compile(_KEY + r"\s*[:=]\s*" + _VALUE)
PLAIN_KEY_VALUE = re.compile(r"(?:(?<=[(,])|(?<=[(,] ))([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)\s*:\s*(\"[^\"]{1,80}\"|[A-Za-z0-9_.\-]{1,60})(?=\s*[,;)]|\s*$)")
ATTRIBUTE_KEYS = {"DeletionPolicy", "UpdateReplacePolicy", "DependsOn", "Condition", "Type"}


def _clean(value: str) -> str:
    value = value.strip().rstrip(",")
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value


BARE_KEY = re.compile(r"`([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+|(?!aws_|data\.|var\.|local\.)[a-z][a-z0-9]*(?:_[a-z0-9]+)+)`")  # `EnableKeyRotation`, `kms_key_id`
_NOT_SET = re.compile(r"\b(?:no|without|missing|lacks?|lacking|never (?:set|sets|used|defined|specified)|neither\b[^.;]{0,40}?\b(?:set|had|has|used)|"
                      r"(?:did|does|do)(?:n't| not) (?:set|have|use|include|define|specify))\s*(?:an?\s+|the\s+|any\s+)?$", re.I)


def _absent_keys(sentence: Sentence) -> Iterator[Claim]:
    """"no `DeletionPolicy`", "created without `EnableKeyRotation`", "Neither log group set
    `RetentionInDays`": the property is not set on the resources the sentence speaks of."""
    text = sentence.text
    for m in BARE_KEY.finditer(text):
        if not _NOT_SET.search(text[max(0, m.start() - 50) : m.start()]):
            continue
        service, _ = service_for(sentence, m.start(), tuple(SERVICES))
        yield sentence.claim(m.start(), m.end(), "setting.absent", expected=False, polarity=False,
                             subject=make_subject(service, subject_name_before(text, m.start())), extra={"key": m.group(1)})


def extract(sentence: Sentence) -> Iterator[Claim]:
    text = sentence.text
    yield from _absent_keys(sentence)
    spans: list[tuple[int, int]] = []
    for code in CODE_SPAN.finditer(text):
        inner = code.group(1)
        cdk = _cdk_prop(sentence, code.start(), code.end(), inner.strip())
        if cdk is not None:
            spans.append((code.start(), code.end()))
            yield cdk
            continue
        m = KEY_VALUE.fullmatch(inner.strip()) or HCL_KEY_VALUE.fullmatch(inner.strip())
        if not m:
            continue
        spans.append((code.start(), code.end()))
        claim = _claim(sentence, code.start(), code.end(), m.group(1), _clean(m.group(2)))
        if claim:
            yield claim
    if sentence.advice:
        return
    for m in PLAIN_KEY_VALUE.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        claim = _claim(sentence, m.start(), m.end(), m.group(1), _clean(m.group(2)))
        if claim:
            yield claim


def _claim(sentence: Sentence, start: int, end: int, key: str, value: str) -> Claim | None:
    if not value or key.lower() in ("note", "example", "http", "https"):
        return None
    if sentence.advice and not _quoted_as_fact(sentence):
        return None
    text = sentence.text
    if re.search(r"(?:instead of|rather than|\bvs\.?|versus|\bor)\s*$", text[max(0, start - 20) : start], re.I):
        return None
    if re.search(r"\b(?:when|if|unless|whenever)\s+(?:using|setting|specifying|with|given)?\s*$", text[max(0, start - 24) : start], re.I):
        return None  # a condition ("fails when `X: true` is set"), not a statement about the code
    polarity = not (language.negated_before(text, start, end) or sentence.negative_list)
    service, _ = service_for(sentence, start, tuple(SERVICES))
    left, _right = language.clause_bounds(text, start)
    quantifier = "all" if _EVERY_ONE.search(text[left:start]) else "any"  # "all three have `enable_key_rotation = true`"
    return sentence.claim(start, end, "setting.value", expected=value, polarity=polarity, quantifier=quantifier,
                          subject=make_subject(service, subject_name_after(text, end)), extra={"key": key, "attribute": key in ATTRIBUTE_KEYS})


_EVERY_ONE = re.compile(r"\b(?:all(?: \w+)? (?:have|has|use|set|are)|every \w+ (?:has|uses|sets)|each (?:\w+ )?(?:has|uses|sets)|both (?:have|use|set))\b[^`]*$", re.I)


CDK_PROP = re.compile(r"([a-z][A-Za-z0-9]*(?:_[a-z0-9]+)*)\s*[=:]\s*(.+)")
CDK_VALUE = re.compile(r"Duration\.\w+\(|\b[A-Z]\w*\.[A-Z][A-Z0-9_]+$")  # not HCL: a CDK expression


def _cdk_prop(sentence: Sentence, start: int, end: int, inner: str) -> Claim | None:
    """`visibility_timeout=Duration.seconds(180)`, `removal_policy=RemovalPolicy.RETAIN`,
    `enforceSSL: true`: a CDK construct prop quoted in prose, read as its concept (the same table
    as the props in CDK code blocks). HCL-looking `memory_size = 512` is left to the general reader."""
    from claims.extract.cdk_snippets import prop_named, unit_of, value_of

    m = CDK_PROP.fullmatch(inner)
    kwargs_style = bool(re.fullmatch(r"[a-z][a-z0-9_]*=[^=\s].*", inner))  # `nat_gateways=1` (HCL is `key = value`)
    if not m or (not CDK_VALUE.search(m.group(2).strip()) and "_" in m.group(1) and not kwargs_style):
        return None
    named = prop_named(m.group(1))
    prop = named[1] if named is not None else None
    value = value_of(prop, m.group(2)) if prop is not None else None
    if prop is None or value is None or sentence.advice and not _quoted_as_fact(sentence):
        return None
    if prop.service == "lambda" and not _about_service(sentence, prop.service):
        return None  # "the state machine ran with `timeout: cdk.Duration.hours(1)`": not a function's timeout
    polarity = not (language.negated_before(sentence.text, start, end) or sentence.negative_list)
    expected: object = value
    if prop.kind == "toggle":
        polarity, expected = (bool(value) if polarity else not value), True
    return sentence.claim(start, end, prop.concept, expected=expected, unit=unit_of(prop), polarity=polarity,
                          subject=make_subject(prop.service, subject_name_before(sentence.text, start)),
                          extra={"service_named": True, "cdk_prop": m.group(1)})


def _about_service(sentence: Sentence, service: str) -> bool:
    """Whether the sentence of a quoted prop speaks of ``service`` or of no service at all."""
    from claims.extract.base import service_mentions

    named = {svc for _s, _e, svc in service_mentions(sentence.text)}
    return not named or service in named


def _quoted_as_fact(sentence: Sentence) -> bool:
    """"The model used `X: Y`" is a fact even in a sentence that also gives advice."""
    return bool(re.search(r"\b(?:used|uses|had|has|set|sets|specified|contained|contains|was|were)\b", sentence.text, re.I))
