"""On/off settings ("versioning enabled", "no PITR") and things that exist or not ("a CloudWatch
dashboard", "missing DLQ"), plus counts ("16 AWS resources", "two log groups").

A bare mention is not a claim: prose must pair the phrase with a state word ("enabled",
"configured", "with", "includes", ...) or a negation, or the line must be a short list item, a
checklist entry or an item of a list introduced as absent ("... does not include:").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from claims import language, units, vocabulary_extension
from claims.extract.base import (
    Sentence,
    context_services,
    make_subject,
    service_for,
    service_mentions,
    subject_name_after,
    subject_name_before,
)
from claims.model import Claim
from claims.prefilter import any_of
from claims.vocabulary import (
    COUNTABLES,
    SETTING_CONCEPTS,
    TEMPLATE_PROPERTIES,
    ExistenceConcept,
    SettingConcept,
)

_STATE = re.compile(
    r"\b(?:enabled|enable[sd]?|configured|turned on|active|activated|on|true|set|added|adds|present|implemented|"
    r"includes?|included|including|has|have|had|with|uses?|used|using|applied|enforced|enforces|provides?|defined|"
    r"creates?|created|provisions?|provisioned|deploys?|deployed|contains?|supports?|blocked|blocks?)\b",
    re.I,
)
_MODIFIER = re.compile(r"\s*(?:-\s*)?(?:requirements?|prerequisites?|documentation|docs?|setup|guidance|template|design|best practices?|patterns?|"
                      r"tagging|tags?|access|polic(?:y|ies)|permissions?|names?|ids?|arns?|settings?|integration|support|"
                      r"configuration guidance|discovery|strategy|approach|module|stack|reference|references)\b", re.I)
_QUALIFIED = re.compile(r"\s+(?:for|of|per|that|which|to)\b", re.I)
_DOC_BEFORE = re.compile(r"\b(?:documentation|docs?|documenting|documented|guide|instructions?)\s+(?:on|about|of|for)\s+(?:\w+\s+)?$", re.I)
_CHOICE = re.compile(r"\b(?:requires?|either|one of|options?|alternatives?|such as|e\.g\.)\b", re.I)
_KMS_WORDS = re.compile(r"\b(?:kms|cmk|customer[- ]managed|sse-kms|aws:kms)\b", re.I)
_ENCRYPTION_NEGATIVE_PHRASE = re.compile(r"\bunencrypted\b", re.I)


@lru_cache(maxsize=1)
def _setting_patterns() -> list[tuple[SettingConcept, re.Pattern[str]]]:
    return [(c, re.compile(r"\b(?:" + "|".join(c.keywords) + r")\b", re.I)) for c in SETTING_CONCEPTS]


@lru_cache(maxsize=8)
def _existence_patterns(extension: vocabulary_extension.Extension = vocabulary_extension.NONE) -> list[tuple[ExistenceConcept, re.Pattern[str]]]:
    concepts = vocabulary_extension.existence_concepts(extension)  # the project's configured resource words first
    return [(c, re.compile(r"\b(?:" + "|".join(c.phrases) + r")\b", re.I)) for c in concepts]


@lru_cache(maxsize=1)
def _template_property_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(cid, re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.I)) for cid, phrases in TEMPLATE_PROPERTIES.items()]


@lru_cache(maxsize=1)
def _count_patterns() -> list[tuple[str, re.Pattern[str]]]:
    number = r"(\d+|" + "|".join(units.NUMBER_WORDS) + r")"
    return [
        (what, re.compile(r"\b" + number + r"\s+(?:[\w-]+\s+){0,2}?(?:" + "|".join(phrases) + r")\b", re.I))
        for what, phrases in COUNTABLES.items()
    ]


@lru_cache(maxsize=1)
def _any_count() -> re.Pattern[str]:
    """Matches wherever one of ``_count_patterns`` does: their common number prefix, then any counted phrase."""
    number = r"(\d+|" + "|".join(units.NUMBER_WORDS) + r")"
    phrases = [phrase for table in COUNTABLES.values() for phrase in table]
    return re.compile(r"\b" + number + r"\s+(?:[\w-]+\s+){0,2}?(?:" + "|".join(phrases) + r")\b", re.I)


def _short_item(sentence: Sentence) -> bool:
    line = sentence.line
    return line.kind in ("item", "table") and len(sentence.text.split()) <= 12


def _stance(sentence: Sentence, start: int, end: int) -> bool | None:
    """True (present/enabled), False (absent/disabled) or None (a mere mention)."""
    text = sentence.text
    if sentence.negative_list or sentence.line.check == "fail":
        return False
    if language.negated_before(text, start, end):
        return False
    left, right = language.clause_bounds(text, start)
    clause = text[left:right]
    if _STATE.search(clause) or sentence.line.check == "pass":
        return True
    if _short_item(sentence) and sentence.line.check != "warn":
        return True
    return None


def extract(sentence: Sentence) -> Iterator[Claim]:
    if sentence.advice:
        return
    taken: list[tuple[int, int]] = []
    for concept_id, rx in _template_property_patterns():
        m = rx.search(sentence.text)
        if m:
            stance = not language.negated_before(sentence.text, m.start(), m.end())
            yield sentence.claim(m.start(), m.end(), concept_id, expected=stance, polarity=stance, subject=make_subject(None))
    yield from _counts(sentence, taken)
    yield from _typed_counts(sentence, taken)
    yield from _existence(sentence, taken)
    yield from _settings(sentence, taken)


def _settings(sentence: Sentence, taken: list[tuple[int, int]]) -> Iterator[Claim]:
    text = sentence.text
    if not any_of(rx for _c, rx in _setting_patterns())(text):
        return  # no setting named: the loop below would find nothing
    made: set[tuple[str, str, int]] = set()  # (concept, service, clause start) of the claims made
    quoted_settings = [(c.start(), c.end()) for c in _QUOTED_SETTING.finditer(text)]
    for concept, rx in _setting_patterns():
        for m in rx.finditer(text):
            if any(a <= m.start() < b for a, b in taken) or any(a <= m.start() < b for a, b in quoted_settings):
                continue  # `DeletionProtection: false` is a quoted setting: its value, read elsewhere, says the state
            written = _KEY_VALUE_AFTER.match(text[m.end():]) if _PROPERTY_NAME.fullmatch(m.group(0)) else None
            if concept.id == "encryption" and _ENFORCED_BEFORE.search(text[max(0, m.start() - 30) : m.start()]) \
                    and _ON_REQUESTS.match(text[m.end():]):
                continue  # "doesn't enforce encryption on uploads": a policy's demand, not the resource's setting
            if sentence.negative_list and _OBJECT_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
                continue  # "lacks: - Proper IAM roles for VPC Flow Logs": what is missing is the role
            if _BUCKET_KEY.search(text[max(0, m.start() - 12) : m.start()]):
                continue  # "S3 Bucket Key encryption" is the bucket-key feature, not encryption
            if _FROM_BEFORE.search(text[max(0, m.start() - 8) : m.start()]) and re.match(r"[^.;]{0,40}?\bto\b", text[m.end():]):
                continue  # "changed ... from https-only to http-only": the earlier state, not the code's
            if _CONDITION_BEFORE.search(text[language.clause_bounds(text, m.start())[0] : m.start()]):
                continue  # "adds KMS permissions when encryption is enabled": a condition, not a state
            if _FAULTY_BEFORE.search(text[max(0, m.start() - 25) : m.start()]):
                continue  # "Incomplete Public Access Block": some of the setting, not all of it
            if _INSTEAD.search(text[language.clause_bounds(text, m.start())[0] : m.start()]):
                continue  # "AES256 instead of customer-managed keys with automatic rotation": what was not used
            service, named = service_for(sentence, m.start(), concept.services)
            following = [svc for start, _e, svc in service_mentions(text) if m.end() < start <= m.end() + 2]
            if m.group(0).lower().endswith("ed") and following:
                service, named = (following[0], True) if following[0] in concept.services else (None, False)
            if service is None:
                if concept.needs_service or _other_service_in_clause(sentence, m.start(), concept.services) \
                        or _context_names_other(sentence, concept.services):
                    continue  # "Supports automatic rotation" under a Secrets Manager heading is not about KMS
                service = concept.services[0]
            if written is not None:  # "- DeletionProtectionEnabled: false": the written value is the state
                stance: bool | None = written.group(1).lower() in ("true", "enabled")
            elif concept.asserts:
                if concept.subject and service != concept.subject and not _speaks_of(sentence, m.start(), concept.subject):
                    continue  # "the database runs in the VPC": only functions are checked for it
                stance = not (_NEGATED_VERB.search(text[: m.start()]) or re.match(r"\w+ (?:not|never)\b", m.group(0), re.I)
                                           or sentence.negative_list)  # "was not placed in", not "denies requests that do not use"
            else:
                adjective = m.group(0).lower().endswith("ed")  # "unencrypted queue", "encrypted bucket"
                if adjective and not following and re.match(r"\s+[a-z]", text[m.end():], re.I) and not language.is_phrase_head(text, m.end()):
                    continue  # "deny unencrypted uploads": about something that is not a resource
                if not adjective and not language.is_phrase_head(text, m.end()) and not _STATE.match(text[m.end():].lstrip()):
                    continue  # "Encryption Dependencies", "Multi-AZ architecture": about something else
                stance = False if re.search(r"\bnot\b|^un", m.group(0), re.I) else _stance(sentence, m.start(), m.end())
                if stance is None and adjective and _PREDICATIVE.search(text[: m.start()]):
                    stance = True  # "the raw bucket is now versioned": the adjective is the state
            if stance is None:
                continue
            concept_id = concept.id
            if concept.id == "encryption":
                left, right = language.clause_bounds(text, m.start())
                concept_id = "encryption.kms" if _KMS_WORDS.search(text[left:right]) else "encryption"
            if concept.id == "lambda.tracing" and service != "lambda":
                concept_id = f"{service}.tracing"
            if concept.id == "deletion_protection":
                concept_id = f"{service}.deletion_protection" if named else "deletion_protection"
            if concept.id == "https_only":
                concept_id = f"{service}.https_only"
            clause = (concept_id, service, language.clause_bounds(text, m.start())[0])
            if clause in made:
                continue  # "encrypted with SSE-KMS": one setting, said twice
            made.add(clause)
            taken.append((m.start(), m.end()))
            universal_after = re.match(r"^\s*(?:[\w-]+\s+){0,4}(?:on|for|across|in|to) (?:all|every|each|both)\b", text[m.end():], re.I)
            quantifier = "all" if language.universal(text[: m.start()]) or universal_after else "any"
            name = subject_name_before(text, m.start()) or subject_name_after(text, m.end())
            yield sentence.claim(m.start(), m.end(), concept_id, expected=stance, polarity=stance,
                                 subject=make_subject(service, name), quantifier=quantifier,
                                 extra={"service_named": named})


_KEY_VALUE_AFTER = re.compile(r"\s*[:=]\s*[\"']?(true|false|enabled|disabled)\b", re.I)
_PROPERTY_NAME = re.compile(r"[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+")  # DeletionProtectionEnabled, EnableKeyRotation
_ENFORCED_BEFORE = re.compile(r"\b(?:enforc\w*|requir\w*|deny\w*|denies)\s+(?:\w+\s+)?$", re.I)
_ON_REQUESTS = re.compile(r"\s+(?:on|for|of)\s+(?:all\s+|every\s+)?(?:uploads?|puts?|objects?|requests?|writes?)\b", re.I)
_OBJECT_BEFORE = re.compile(r"\b(?:for|of)\s+(?:the\s+)?$", re.I)
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.I)
_CONDITION_BEFORE = re.compile(r"\b(?:when|if|unless|whenever|once)\s+(?:[\w-]+\s+){0,3}$", re.I)
_FAULTY_BEFORE = re.compile(r"\b(?:incomplete|partial|partially|insufficient|inadequate|weak|misconfigured|improper|broken|"
                            r"configurable|optional|toggleable|parameteri[sz]ed|conditional)\s+(?:\w+\s+)?$", re.I)  # also: "configurable deletion protection" is a choice, not a state
_INSTEAD = re.compile(r"\b(?:instead of|rather than)\b", re.I)
_QUOTED_SETTING = re.compile(r"`[^`]*[:=][^`]*`")
_BUCKET_KEY = re.compile(r"\bbucket keys?\s+$", re.I)
_PREDICATIVE = re.compile(r"\b(?:is|are|was|were|be|been|stays?|remains?)\s+(?:now\s+|also\s+|still\s+|fully\s+|already\s+)?$", re.I)
_NEGATED_VERB = re.compile(r"(?:\bnot|\bnever|n't|\bno longer)\s+(?:\w+\s+)?$", re.I)  # "doesn't run", "never ran"


def _speaks_of(sentence: Sentence, position: int, wanted: str) -> bool:
    """The service before ``position`` (in the sentence or its context) is ``wanted``."""
    return service_for(sentence, position, (wanted,))[0] == wanted


def _context_names_other(sentence: Sentence, allowed: tuple[str, ...]) -> bool:
    """The nearest context (parent item, lead-in, label, headings) that names a service names only others."""
    named = set(context_services(sentence.line))
    return bool(named) and not named & set(allowed)


def _other_service_in_clause(sentence: Sentence, position: int, allowed: tuple[str, ...]) -> bool:
    left, right = language.clause_bounds(sentence.text, position)
    return any(left <= s < right and svc not in allowed for s, _e, svc in service_mentions(sentence.text))


def _existence(sentence: Sentence, taken: list[tuple[int, int]]) -> Iterator[Claim]:
    text = sentence.text
    patterns = _existence_patterns(vocabulary_extension.active())
    if not any_of(rx for _c, rx in patterns)(text):
        return  # nothing named: the loop below would find nothing
    for concept, rx in patterns:
        for m in rx.finditer(text):
            if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
                continue
            if _MODIFIER.match(text[m.end():]) or _DOC_BEFORE.search(text[max(0, m.start() - 30):m.start()]):
                continue
            if not language.is_phrase_head(text, m.end()):
                continue  # "NAT Gateway validation error": the phrase only qualifies another noun
            if _MEMBERS_BEFORE.search(text[max(0, m.start() - 48) : m.start()]):
                continue  # "DBSubnetGroup only has 2 subnets": the group's members, which the code may take as parameters
            stance = _existence_stance(sentence, m.start(), m.end())
            if stance is None:
                continue
            if concept.incidental and stance is False and _QUALIFIED.match(text[m.end():]):
                continue
            if stance and not concept.id == "exists.event_source_mapping" and not _presence_claim(sentence, m.start(), concept.incidental):
                continue
            taken.append((m.start(), m.end()))
            yield sentence.claim(m.start(), m.end(), concept.id, expected=stance, polarity=stance,
                                 subject=make_subject(None), extra={"resource_types": list(concept.resource_types)})


_ABSENT_AFTER = re.compile(r"^\W{0,3}(?:is |was |are |were )?(?:missing|absent|removed|not (?:present|created|included|defined|provisioned|deployed))\b(?!\s+[\w`])", re.I)


def _existence_stance(sentence: Sentence, start: int, end: int) -> bool | None:
    """Present, absent, or None. Absence needs a cue governing the phrase itself ("no DLQ",
    "missing a dashboard", "does not include an alarm", an item of a "lacks:" list or a ❌ entry
    that starts with it); a negation elsewhere in the clause ("did not associate subnets with
    route tables") makes it no claim at all."""
    text = sentence.text
    qualified_after = bool(re.match(r"^\s*(?:for|of|per|in|on|that|which|to|from|with|within|\()", text[end:], re.I))
    if (sentence.negative_list or sentence.line.check == "fail") and language.unqualified_start(text, start) and not qualified_after:
        return False
    if language.absence_governs(text, start, end) or _ABSENT_AFTER.match(text[end:]) and language.unqualified_start(text, start):
        return False
    if sentence.negative_list or sentence.line.check == "fail" or language.negated_before(text, start, end):
        return None
    return _stance(sentence, start, end)


_PRESENCE = re.compile(r"\b(?:includes?|included|including|creates?|created|adds?|added|has|have|defines?|defined|provisions?|"
                       r"provisioned|deploys?|deployed|configured|contains?|implemented|present|exists?)\b", re.I)


def _presence_claim(sentence: Sentence, position: int, incidental: bool) -> bool:
    """Positive existence needs a presence verb before the phrase, or (for things not often
    mentioned in passing) a "with", checklist or short-item context."""
    left, _right = language.clause_bounds(sentence.text, position)
    if _PRESENCE.search(sentence.text[left:position]):
        return True
    if incidental:
        return False
    if re.search(r"\bwith\b", sentence.text[left:position], re.I):
        return True
    if sentence.line.check == "pass":
        return True
    lead = sentence.line.lead_in or ""
    return _short_item(sentence) and bool(_PRESENCE.search(lead)) and not language.negative_lead_in(lead) and not _CHOICE.search(lead)


COUNT_NARROWING = {"private": "private", "public": "public", "isolated": "isolated", "database": "database",
                   "db": "database", "app": "app", "application": "app", "web": "web"}
COUNT_NEUTRAL = {"aws", "cloudformation", "separate", "distinct", "dedicated", "custom", "managed", "cloudwatch",
                 "inline", "total", "unique", "different", "standard", "regional", "customer-managed", "sqs", "sns",
                 "lambda", "s3", "iam", "dynamodb", "kms", "vpc", "ec2", "the", "stack", "template", "hard-coded", "hardcoded"}
_PARTIAL_BEFORE = re.compile(r"\b(?:enhanc(?:ed|es|ing)|improv(?:ed|es|ing)|add(?:ed|s|ing)?|remov(?:ed|es|ing)|chang(?:ed|es|ing)|modif(?:ied|ies|ying)|updat(?:ed|es|ing)|"
                             r"delet(?:ed|es|ing)|fix(?:ed|es|ing)|affect(?:ed|s|ing)|across|among|of which|out of|"
                             r"missing|lines?)\b", re.I)
_TOTAL_CUE = re.compile(r"\b(?:total|all\s+$|template (?:creates|contains|has|defines|deploys|provisions)|"
                        r"stack (?:creates|contains|has|defines|deploys|provisions)|(?:creates|contains|defines|deploys|provisions|with|"
                        r"comprises|consists of)\s+(?:\w+\s+)?$|^\W*$)", re.I)
_LABEL_PREFIX = re.compile(r"^[^:]{1,40}:\s*$")


def _counts(sentence: Sentence, taken: list[tuple[int, int]]) -> Iterator[Claim]:
    text = sentence.text
    if sentence.negative_list or not _any_count().search(text):
        return  # no count, or a count of what is missing or was removed: the loop below would find nothing to check
    for what, rx in _count_patterns():
        for m in rx.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            if language.negated_before(text, m.start()) or re.search(r"(?:over|more than|at least|up to|about|~|approximately|\+)\s*$", text[: m.start()], re.I):
                continue
            if text[m.end(1) : m.end(1) + 1] == "+":
                continue
            if what in ("resources", "outputs", "parameters") and re.search(r"\b(?:tests?|checks?|issues?)\b", text[m.end() : m.end() + 20], re.I):
                continue
            if _MEMBERS_BEFORE.search(text[max(0, m.start() - 40) : m.start()]) or text[: m.start()].count("(") > text[: m.start()].count(")"):
                continue  # "DBSubnetGroup only has 2 subnets", "ALB (internet-facing, 3 subnets)": members of something else
            if _PER_AFTER.match(text[m.end():]):
                continue  # "two subnets per tier": a count per group, not the total
            qualifiers = _qualifiers(_gap_words(what, text[m.end(1) : m.end()]))
            if qualifiers is None or _partial(text, m.start(), what):
                continue
            qualifiers = qualifiers or _label_qualifiers(sentence, what)
            taken.append((m.start(), m.end()))
            extra = {"counted": what, "qualifiers": qualifiers}
            if m.group(1).lower() == "both" or "cfnoutput" in m.group(0).lower() or _ALL_OF.search(text[max(0, m.start() - 16) : m.start()]):
                extra["own_only"] = True  # "both functions", "two `CfnOutput`s": the app's own, not what the framework added
            yield sentence.claim(m.start(), m.end(), "count." + what, expected=units.count(m.group(1)),
                                 subject=make_subject(None), extra=extra)


_ALL_OF = re.compile(r"\b(?:all|every one of(?: the)?|each of(?: the)?)\s+$", re.I)  # "All four functions ...": the app's own
_MEMBERS_BEFORE = re.compile(r"(?:subnet ?group|subnetgroup|group|cluster|asg|auto ?scaling group)`?\s+(?:only\s+)?(?:has|had|contains|contained|uses|used|spans|spanned|lists|listed|includes|included|with)\s+(?:only\s+)?"
                             r"(?:\d+\s+|one\s+|two\s+|three\s+|four\s+|six\s+)?$", re.I)
_PER_AFTER = re.compile(r"\s*(?:per|in each|for each|in every|for every|each)\b|\s*/\s*(?:az|tier|region)\b", re.I)
_TYPED_COUNT = re.compile(r"\b(\d+|" + "|".join(units.NUMBER_WORDS) + r")\s+(?:`((?:AWS|Custom)::[A-Za-z0-9]+(?:::[A-Za-z0-9]+)?)`|((?:AWS|Custom)::[A-Za-z0-9]+(?:::[A-Za-z0-9]+)?)|`(aws_[a-z0-9_]+)`)\s+(?:resources?|instances?)\b", re.I)


def _typed_counts(sentence: Sentence, taken: list[tuple[int, int]]) -> Iterator[Claim]:
    """"four `AWS::Lambda::Function` resources", "six `aws_cloudwatch_metric_alarm` resources": how many
    resources of that type (CloudFormation's, or Terraform's own) the code has."""
    text = sentence.text
    if "::" not in text and "`aws_" not in text:
        return
    for m in _TYPED_COUNT.finditer(text):
        if any(a <= m.start() < b for a, b in taken) or language.negated_before(text, m.start()) or _partial(text, m.start(), "typed"):
            continue
        taken.append((m.start(), m.end()))
        yield sentence.claim(m.start(), m.end(), "count.typed", expected=units.count(m.group(1)), subject=make_subject(None),
                             extra={"counted": "typed", "resource_type": m.group(2) or m.group(3) or m.group(4)})


@cache
def _counted_noun(what: str) -> re.Pattern[str]:
    """The counted phrases of ``what``, singular or plural ("subnet", "subnets")."""
    return re.compile("|".join(phrase + "?" if phrase.endswith("s") else phrase for phrase in COUNTABLES[what]), re.I)


def _label_qualifiers(sentence: Sentence, what: str) -> list[str]:
    """"**Public Subnets**: 2 subnets across AZs": the label narrows the count as a gap word would."""
    prefix = re.match(r"^\W*([^:]{1,40}):\s", sentence.line.plain)
    label = sentence.line.label or (prefix.group(1) if prefix else "")
    if not label or what not in COUNTABLES or not _counted_noun(what).search(label):
        return []
    return [COUNT_NARROWING[w] for w in re.findall(r"[\w-]+", label.lower()) if w in COUNT_NARROWING]


def _gap_words(what: str, after_number: str) -> list[str]:
    """Words between the number and the counted phrase."""
    phrase = re.compile(r"(?:" + "|".join(COUNTABLES[what]) + r")$", re.I)
    m = phrase.search(after_number)
    return [w.lower() for w in re.findall(r"[\w-]+", after_number[: m.start()] if m else "")]


def _qualifiers(gap: list[str]) -> list[str] | None:
    """Narrowing words between the number and the counted noun ("3 *private* subnets"); None when
    a word there makes it count something else ("3 private *route* tables", "2 *additional* outputs")."""
    narrowing = []
    for word in gap:
        if word in COUNT_NARROWING:
            narrowing.append(COUNT_NARROWING[word])
        elif word not in COUNT_NEUTRAL:
            return None
    return narrowing


def _partial(text: str, start: int, what: str) -> bool:
    """A count of part of the code: "Auto Scaling: 2 resources", "added 3 outputs", "across 48 resources"."""
    before = text[:start]
    if _PARTIAL_BEFORE.search(before) or before.rstrip().endswith("("):
        return True
    if re.search(r"\b(?:plus|in addition to|as well as|besides)\b", text[start:]):
        return True  # "three buckets for the zones, plus a DR copy": part of the total
    if what != "resources":
        return False
    left, _right = language.clause_bounds(text, start)
    if _LABEL_PREFIX.match(before[max(0, left - 1 - 41):]) and not re.search(r"\b(?:total|resources?)\b", before, re.I):
        return True
    return not _TOTAL_CUE.search(before[-50:]) and not re.search(r"\b(?:aws|cloudformation) resources\b", text[start:start + 40], re.I)
