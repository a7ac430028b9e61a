"""Security-group ingress claims: "opened port 22 to `0.0.0.0/0`", "SSH open to the world",
"allows only ports 80 and 443 from 0.0.0.0/0", "port 5432 only from the app security group".

A claim needs a port (a number after "port(s)", or a protocol name such as SSH) and either an
ingress word (open, allow, reachable, inbound, ...) or a source (a CIDR, "anywhere", "the
internet", "the X security group"). The security group the claim is about is the one named
outside a "from ..." phrase ("the ALB security group allows ..."); the one after "from" is the
source of the traffic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claims import language
from claims.extract.base import Sentence, make_subject
from claims.model import Claim

PORT_NAMES = {"ssh": 22, "rdp": 3389, "http": 80, "https": 443, "mysql": 3306, "postgresql": 5432, "postgres": 5432,
              "redis": 6379, "smtp": 25, "dns": 53}
PORT_LIST = re.compile(r"\bports?\s+(\d{1,5}(?:\s*(?:,|and|&|/|or)\s*\d{1,5})*)\b", re.I)
NAMED_PORT = re.compile(r"\b(SSH|RDP|HTTPS?)\b(?:\s*\((\d{1,5})\))?|\b(MySQL|PostgreSQL|Postgres|Redis)\s+(?:port|access|traffic)\b")
INGRESS_WORD = re.compile(r"\b(?:open(?:s|ed)?|allow(?:s|ed|ing)?|permit(?:s|ted)?|reachable|accessible|exposed?|ingress|inbound|accept(?:s|ed)?)\b", re.I)
CIDR = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3}/\d{1,2})(?!\d|\.\d)|(?<![\w:])(::/0)")
ANYWHERE = re.compile(r"\b(?:anywhere|the (?:public )?internet|the world|everyone|any(?: IP)? address|all IPs?)\b", re.I)
SG_NAME = re.compile(r"\b(?:the\s+)?[`'\"]?([A-Za-z][\w-]{1,40}?)[`'\"]?\s+(?:security group|SG)\b", re.I)
FROM_SG = re.compile(r"\bfrom\s+(?:the\s+)?[`'\"]?([A-Za-z][\w-]{1,40}?)[`'\"]?\s+(?:security group|SG)\b", re.I)
ONLY = re.compile(r"\bonly\b", re.I)
NOT_A_NAME = {"a", "an", "the", "its", "their", "this", "that", "each", "every", "same", "new", "own", "default", "one", "no",
              "through", "with", "by", "via", "in", "of", "for", "and", "or", "to", "on", "any", "all", "proper", "restrictive",
              "separate", "dedicated", "existing", "vpc", "aws", "ec2"}
TARGET = re.compile(r"\b(?:for|on|to|of) (?:the |all |its )?(?:EC2 |web |app )?(instances?|servers?|hosts?|nodes?|bastion|containers?|tasks?)\b", re.I)
SUBJECT_SERVICES = {"database": "rds", "db": "rds", "rds": "rds", "aurora": "rds"}


def _ports(text: str) -> tuple[list[int], int, int] | None:
    """Ports named in the sentence with the span that names them."""
    m = PORT_LIST.search(text)
    if m:
        ports = [int(p) for p in re.findall(r"\d{1,5}", m.group(1)) if 0 < int(p) < 65536]
        return (ports, m.start(), m.end()) if ports else None
    m = NAMED_PORT.search(text)
    if m:
        if m.group(2):
            return [int(m.group(2))], m.start(), m.end()
        word = (m.group(1) or m.group(3)).lower()
        return [PORT_NAMES[word]], m.start(), m.end()
    return None


def _source(text: str) -> tuple[str | None, str | None]:
    """(source kind or CIDR, source group name): "0.0.0.0/0", "10.0.0.0/16", ("sg", "app"), (None, None)."""
    m = FROM_SG.search(text)
    if m and m.group(1).lower() not in NOT_A_NAME:
        return "sg", m.group(1)
    m = CIDR.search(text)
    if m:
        return m.group(1) or m.group(2), None
    if ANYWHERE.search(text):
        return "0.0.0.0/0", None
    return None, None


def _subject_group(text: str) -> str | None:
    """The security group the sentence describes (not the one traffic comes from)."""
    for m in SG_NAME.finditer(text):
        if re.search(r"\bfrom\s+(?:the\s+)?[`'\"]?$", text[: m.start(1)]):
            continue
        name = m.group(1)
        if name.lower() not in NOT_A_NAME:
            return name
    m = re.search(r"\b(?:the\s+)?(database|db|rds|aurora)\b", text, re.I)
    if m:
        return m.group(1)
    m = TARGET.search(text)
    return m.group(1).lower().rstrip("s") if m else None


CLAUSE_BREAK = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s*|\s+-\s+")


def extract(sentence: Sentence) -> Iterator[Claim]:
    if sentence.advice:
        return
    offset = 0
    for piece in CLAUSE_BREAK.split(sentence.text):
        at = sentence.text.find(piece, offset)
        offset = at + len(piece)
        yield from _clause(sentence, piece, at)


def _clause(sentence: Sentence, text: str, base: int) -> Iterator[Claim]:
    found = _ports(text)
    if not found:
        return
    ports, start, end = found
    source, source_name = _source(text)
    if not INGRESS_WORD.search(text) and source is None:
        return
    if source is None and not re.search(r"\b(?:open|reachable|exposed|accessible)\b", text, re.I):
        return  # "port 5432" with "allow" but no source: too vague to check
    only = ONLY.search(text)
    only_ports = bool(only and only.start() < start)
    only_source = bool(only and only.start() >= start)
    group = _subject_group(text)
    polarity = not (language.negated_before(text, start, end) or sentence.negative_list)
    start, end = start + base, end + base
    expected = {"ports": sorted(set(ports)), "source": source, "source_group": source_name,
                "only_ports": only_ports, "only_source": only_source}
    service = SUBJECT_SERVICES.get((group or "").lower())
    yield sentence.claim(start, end, "sg.ingress", expected=expected, polarity=polarity,
                         subject=make_subject(service or "ec2", group))
