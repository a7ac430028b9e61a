"""Database engine versions: "Aurora PostgreSQL `15.4`", "PostgreSQL 16", "MySQL 8.0.35".

The version right after an engine's name is claimed for the databases of that engine; a shorter
version ("PostgreSQL 16") covers every minor one ("16.3"). The engine alone is read by the value
extractor (``rds.engine``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claims import language
from claims.extract.base import Sentence, make_subject
from claims.model import Claim
from claims.vocabulary import ENUMS

_ENGINE_NAMES = "|".join(f"(?P<{key.replace('-', '_')}>{'|'.join(phrases)})" for key, phrases in ENUMS["db_engine"].items())
ENGINE_VERSION = re.compile(r"\b(?:" + _ENGINE_NAMES + r")\s+(?:engine\s+)?(?:version\s+)?`?v?(?P<version>\d{1,2}(?:\.\d{1,3}){0,2})`?(?![\d.]*\s*%)(?!\w|\.\d)",
                            re.I)


def extract(sentence: Sentence) -> Iterator[Claim]:
    if sentence.advice or not any(ch.isdigit() for ch in sentence.text):
        return
    text = sentence.text
    if _REQUIREMENT.match(text):
        return  # "Requirement: RDS Aurora MySQL 8.0": what was asked, not what was built
    for m in ENGINE_VERSION.finditer(text):
        if _unsaid(text, m.start()):
            continue
        engine = next(key.replace("_", "-") for key, value in m.groupdict().items() if value and key != "version")
        polarity = not (language.negated_before(text, m.start(), m.end()) or sentence.negative_list)
        yield sentence.claim(m.start("version"), m.end("version"), "rds.engine_version", expected=m.group("version"),
                             polarity=polarity, subject=make_subject("rds"), extra={"engine": engine})


_REQUIREMENT = re.compile(r"^\W*(?:requirements?|required|the prompt|prompt)\b", re.I)
_UNSAID = re.compile(r"(?:instead of|rather than|\bvs\.?|versus|\bfrom|upgrade(?:d)? from|deprecated|end of life|\bor)\s*$", re.I)


def _unsaid(text: str, start: int) -> bool:
    """"upgraded from PostgreSQL 13", "instead of MySQL 5.7": not the version in use."""
    return bool(_UNSAID.search(text[max(0, start - 25) : start]))
