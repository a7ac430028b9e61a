"""Numbers with units, parsed and converted to a concept's canonical unit."""

from __future__ import annotations

import re

from claims.vocabulary import NUMBER_WORDS

MEMORY_TO_MB = {"mb": 1, "mib": 1, "m": 1, "gb": 1024, "gib": 1024, "g": 1024}
DURATION_TO_S = {
    "ms": 0.001, "millisecond": 0.001, "milliseconds": 0.001,
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "d": 86400, "day": 86400, "days": 86400,
    "week": 604800, "weeks": 604800,
    "month": 2592000, "months": 2592000,
    "year": 31536000, "years": 31536000,
}
CANONICAL_SECONDS = {"s": 1, "days": 86400, "hours": 3600, "minutes": 60, "ms": 0.001}

NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
MEMORY_VALUE = re.compile(NUMBER + r"\s?-?\s?(GB|GiB|MB|MiB)\b", re.I)
DURATION_VALUE = re.compile(
    NUMBER + r"(?:\s|-)?(milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|min|hours?|hrs?|h|days?|d|weeks?|months?|years?)(?![A-Za-z0-9])",
    re.I,
)
THRESHOLD_VALUE = re.compile(NUMBER + r"(?:\s?(?:%|percent\b))?(?![\w%]|\.\d)(?!\s*(?:ms|milliseconds?|s|secs?|seconds?|minutes?|mins?|hours?|days?|[mg]i?b)\b)", re.I)
COUNT_VALUE = re.compile(NUMBER + r"(?![\w%]|\.\d)|\b(" + "|".join(NUMBER_WORDS) + r")\b", re.I)


def number(text: str) -> float:
    return float(text.replace(",", ""))


def tidy(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)


def memory_mb(amount: str, unit: str) -> int | float:
    return tidy(number(amount) * MEMORY_TO_MB[unit.lower()])


def duration(amount: str, unit: str, canonical: str) -> int | float:
    seconds = number(amount) * DURATION_TO_S[unit.lower()]
    return tidy(seconds / CANONICAL_SECONDS[canonical])


def count(token: str) -> int | float:
    word = token.lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    return tidy(number(token))
