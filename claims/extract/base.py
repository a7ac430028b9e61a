"""What every extractor shares: the per-sentence context, service lookup and claim construction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claims import language, scope, vocabulary_extension
from claims.markdown_reader import Line
from claims.model import Claim, Subject


@dataclass
class Sentence:
    """A sentence of a report line, with what extractors need to know about it."""

    line: Line
    report: str
    offset: int  # start of the sentence in line.plain
    text: str
    advice: bool
    negative_list: bool  # the line is an item of a list of absent things
    scope: scope.ScopeDecision

    def claim(self, start: int, end: int, concept: str, **fields) -> Claim:
        """A claim whose quote is text[start:end] (offsets within the sentence)."""
        plain_start, plain_end = self.offset + start, self.offset + end
        raw_start = self.line.column_of(plain_start)
        raw_end = self.line.column_of(plain_end - 1) + 1 if plain_end > plain_start else raw_start
        quote = self.line.raw[raw_start:raw_end] or self.text[start:end]
        decided = fields.pop("scope_decision", None) or self.scope
        return Claim(
            report=self.report,
            line=self.line.number,
            text=self.text.strip(),
            quote=quote,
            concept=concept,
            scope=fields.pop("scope", decided.scope),
            scope_basis=fields.pop("scope_basis", decided.basis),
            column=raw_start,
            **fields,
        )


@lru_cache(maxsize=8)
def _service_patterns(extension: vocabulary_extension.Extension = vocabulary_extension.NONE) -> list[tuple[str, re.Pattern[str]]]:
    phrases_of = vocabulary_extension.services(extension)  # SERVICES plus the project's configured words
    # "(?!-word)": in "the stream-processor group" the service word only qualifies another noun
    return [(service, re.compile(r"\b(?:" + "|".join(phrases) + r")\b(?!-[A-Za-z])", re.I)) for service, phrases in phrases_of.items()]


def service_mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, service) for every service named in text, longest match first at a position."""
    return list(_mentions(text, vocabulary_extension.active()))


@lru_cache(maxsize=64)
def _mentions(text: str, extension: vocabulary_extension.Extension) -> tuple[tuple[int, int, str], ...]:
    """Cached: extractors ask again for every phrase of a sentence (quadratic on a long line otherwise)."""
    found: list[tuple[int, int, str]] = []
    for service, rx in _service_patterns(extension):
        for m in rx.finditer(text):
            found.append((m.start(), m.end(), service))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, str]] = []
    for item in found:
        if kept and item[0] < kept[-1][1]:
            continue
        kept.append(item)
    return tuple(kept)


def service_for(sentence: Sentence, position: int, allowed: tuple[str, ...]) -> tuple[str | None, bool]:
    """The service a phrase at ``position`` speaks of, and whether the text named it.

    Looks for the nearest service named before the phrase in its sentence (then just after it in
    the same clause), then in the line's parent item, list lead-in, label and headings.
    Returns (None, False) when the nearest named service is not one of ``allowed``.
    """
    mentions = service_mentions(sentence.text)
    before = [m for m in mentions if m[0] < position]
    if before:
        service = before[-1][2]
        return (service, True) if service in allowed else _other_allowed(sentence.text, before, allowed)
    left, right = language.clause_bounds(sentence.text, position)
    after = [m for m in mentions if position <= m[0] < right]
    if after:
        service = after[0][2]
        return (service, True) if service in allowed else (None, False)
    line = sentence.line
    earlier = service_mentions(line.plain[: sentence.offset]) if sentence.offset > 0 else []
    if earlier:  # "Three log groups are managed. The ingest group retains logs for 30 days."
        service = earlier[-1][2]
        return (service, True) if service in allowed else (None, False)
    services = context_services(line)
    found = next((service for service in services if service in allowed), None)
    return (found, True) if found else (None, False)


def context_services(line: Line) -> list[str]:
    """The services named by the nearest context that names any: the parent item, the list lead-in,
    the label, then the headings from the closest out."""
    for text in [line.parent, line.lead_in, line.label] + [h for _, h in reversed(line.headings)]:
        named = service_mentions(text) if text else []
        if named:
            return [m[2] for m in named]
    return []


_OBJECT_OF = re.compile(r"[\s,]*(?:on|for|of|over|watching|monitoring) (?:the |its |an? |each |every )?", re.I)


def _other_allowed(text: str, before: list[tuple[int, int, str]], allowed: tuple[str, ...]) -> tuple[str | None, bool]:
    """"Lambda and DynamoDB table with 30-day retention": only the nearest service counts, unless
    it is the object of the one before it ("the alarm, on the DLQ, evaluated a 60-second period")."""
    if len(before) >= 2 and before[-2][2] in allowed and _OBJECT_OF.fullmatch(text[before[-2][1] : before[-1][0]]):
        return before[-2][2], True
    return None, False


_NAME_AFTER_SERVICE = re.compile(r"\s*(?:named |called )?[`'\"“]([A-Za-z][\w.-]{2,80})[`'\"”]")


def name_after_service(text: str, end: int) -> str | None:
    """A quoted or backticked name right after a service phrase: Lambda function 'TransactionProcessor'."""
    m = _NAME_AFTER_SERVICE.match(text, end)
    return m.group(1) if m else None


def subject_name_before(text: str, position: int) -> str | None:
    """The resource name given with the nearest service phrase before ``position``."""
    best = None
    for _start, end, _service in service_mentions(text):  # the whole text's mentions are cached
        if end > position:
            break
        name = name_after_service(text, end)
        if name:
            best = name
    return best


def name_hint_before(text: str, position: int) -> str | None:
    """Words right before the nearest service phrase before ``position`` that may name the
    resource ("Queue backlog alarm"): a hint, to narrow only when some resource matches it."""
    best = None
    for start, end, _service in service_mentions(text):
        if end > position:
            break
        best = name_before_service(text, start)
    return best


_WORDS_BEFORE = re.compile(r"(?:^|[\s(])((?:`?[A-Za-z][a-z0-9]{2,}`?[ -]){1,2})$")  # "Queue backlog alarm", "an `Errors` alarm"
_NOT_NAME_WORDS = {"the", "a", "an", "its", "their", "this", "that", "each", "every", "all", "both", "one", "two", "three",
                   "new", "same", "main", "other", "existing", "single", "separate", "dedicated", "default", "custom",
                   "encrypted", "unencrypted", "public", "private", "with", "and", "or", "for", "on", "of", "in", "to", "by",
                   "from", "has", "had", "have", "uses", "used", "using", "no", "missing", "any", "cloudwatch", "aws", "amazon",
                   "lambda", "dynamodb", "sqs", "sns", "kms", "iam", "s3", "rds", "ecs", "eks", "final", "model", "original",
                   "fixed", "ideal", "correct", "wrong", "created", "added", "was", "were", "is", "are", "not", "without"}


def name_before_service(text: str, start: int) -> str | None:
    """One or two words right before a service phrase that name the resource ("Queue backlog alarm")."""
    m = _WORDS_BEFORE.search(text[max(0, start - 40) : start])
    if not m:
        return None
    words = [w for w in re.split(r"[ -]", m.group(1).replace("`", "").strip()) if w]
    while words and words[0].lower() in _NOT_NAME_WORDS:
        words.pop(0)
    if not words or any(w.lower() in _NOT_NAME_WORDS for w in words):
        return None
    return " ".join(words)


_NAMED_AFTER = re.compile(r"^\s*(?:\w+\s+){0,3}?(?:on|for|of|in|to) the ([a-z][\w-]{2,30}) (?:s3 )?(?:bucket|table|queue|function|topic|key|role|log group|alarm|instance|cluster)\b", re.I)
_NOT_NAMES = {"same", "main", "new", "other", "existing", "s3", "lambda", "dynamodb", "sqs", "sns", "kms", "iam"}


def subject_name_after(text: str, end: int) -> str | None:
    """A resource singled out after the phrase: "enabled on the *archive* bucket" -> "archive"."""
    m = _NAMED_AFTER.match(text[end:])
    if m and m.group(1).lower() not in _NOT_NAMES:
        return m.group(1)
    return None


def make_subject(service: str | None, name: str | None = None) -> Subject:
    return Subject(service=service, name=name)
