"""Claims about an answer *as a document*: what MODEL_RESPONSE.md or IDEAL_RESPONSE.md explains,
documents or shows ("No deployment guidance", "Clear documentation on VPC requirements",
"Provides only raw YAML template", items of a list introduced by "doesn't include or document:").

Each claim carries the topic words; the check looks for them in the answer's prose. Claims about
code ("Network policies" under "doesn't include:") are left to the code checks unless the
lead-in speaks of documenting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claims import language
from claims.extract.base import Sentence, make_subject
from claims.model import Claim

DOC_NOUN = re.compile(
    r"\b(?:documentation|documented|docs|explanations?|explains?|explained|instructions?|guidance|guides?|"
    r"justifications?|overview|walkthrough|commands|context|mention(?:s|ed)?|readme)\b", re.I)
# A positive item about a document: it starts with a verb of showing or ends with a document noun.
POSITIVE_DOC = re.compile(r"^\W*(?:describes?|details|shows?|explains?|documents?)\b|"
                          r"(?<!\bin )(?<!\bfrom )(?<!\bby )(?<!\bper )(?<!\bwith )(?<!\bagainst )(?<!\bAWS )"
                          r"\b(?:documentation|explanations?|instructions|guidance|justifications?|overview|walkthrough|commands)\W*$", re.I)
DOC_VERB_NEGATED = re.compile(
    r"\b(?:does(?:n't| not)|did(?:n't| not)|fails? to|failed to|never)\s+(?:\w+\s+(?:or|and)\s+)?"
    r"(?:document|explain|describe|mention)s?\b\s*(?:how\s+|the\s+|that\s+|what\s+|or\s+\w+\s+){0,3}", re.I)
ONLY_CODE = re.compile(
    r"^\W*(?:(?:the\s+)?(?:model(?:_response)?|answer|response|model's answer)\s+)?"
    r"(?:provides?|provided|gave|gives|contains?|is|was|outputs?)?\s*(?:only|just)\s+(?:a\s+|the\s+)?(?:raw\s+|bare\s+)?"
    r"(?:yaml\s+|json\s+|cloudformation\s+)?(?:template|code)\b|"
    r"^\W*(?:a\s+)?(?:raw|bare)\s+(?:yaml\s+|json\s+|cloudformation\s+)?(?:template|code)\s+without\s+(?:any\s+)?"
    r"(?:context|explanation|documentation|prose)", re.I)
NEGATIVE_START = re.compile(r"^\W*(?:no|missing|lacks?|lacking|without|absent|inadequate|insufficient|poor|minimal|lack of)\b\s*", re.I)
POSITIVE_START = re.compile(r"^\W*(?:provides?|includes?|shows?|describes?|details|has|contains?|adds?|added|offers?)\b\s*", re.I)


def extract(sentence: Sentence) -> Iterator[Claim]:
    text = sentence.text.strip()
    if sentence.advice or not text or len(text.split()) > 40:
        return
    line = sentence.line
    lead = line.lead_in or ""
    documenting_lead = bool(re.search(r"\b(?:document|explain|describe)", lead, re.I))
    m = ONLY_CODE.search(re.sub(r"^[^:]{1,40}:\s+", "", text))
    if m and line.kind in ("item", "paragraph"):
        yield sentence.claim(m.start(), m.end(), "doc.prose", expected=False, polarity=False, subject=make_subject(None),
                             extra={"topic": "prose", "terms": []})
        return
    negated = DOC_VERB_NEGATED.search(text)
    if negated:
        topic = text[negated.end():]
        yield from _claim(sentence, negated.start(), len(text), topic, polarity=False)
        return
    if line.kind != "item":
        return
    body = re.sub(r"^[^:]{1,40}:\s+", "", text)
    if sentence.negative_list and (documenting_lead or DOC_NOUN.search(body)):
        yield from _claim(sentence, 0, len(text), body, polarity=False)
        return
    start = NEGATIVE_START.match(body)
    if start and DOC_NOUN.search(text):
        yield from _claim(sentence, 0, len(text), body[start.end():], polarity=False)
        return
    if POSITIVE_DOC.search(body) and not language.negated_before(body, len(body)) and _answer_context(sentence):
        yield from _claim(sentence, 0, len(text), POSITIVE_START.sub("", body), polarity=True)


def _answer_context(sentence: Sentence) -> bool:
    """Positive doc items only count under a label or heading naming an answer's side."""
    return sentence.scope.basis in ("label", "lead-in", "heading", "sentence")


def _claim(sentence: Sentence, start: int, end: int, topic: str, polarity: bool) -> Iterator[Claim]:
    topic = re.split(r"[.;:]\s|\s[-–—]\s", topic.strip(), maxsplit=1)[0].strip(" *`.")
    if not topic:
        return
    for part in re.split(r"\s+(?:and|or)\s+(?=[A-Za-z])", topic):
        terms, soft = topic_terms(part)
        if terms:
            yield sentence.claim(start, end, "doc.covers", expected=polarity, polarity=polarity, subject=make_subject(None),
                                 extra={"topic": part.strip(), "terms": terms, "soft_terms": soft})


GENERIC = {
    "documentation", "document", "documented", "documents", "docs", "doc", "clear", "clearly", "comprehensive", "complete",
    "detailed", "proper", "properly", "good", "guidance", "guide", "information", "info", "details", "detail",
    "configuration", "config", "setup", "set", "up", "approach", "provided", "provides", "provide", "shows", "show",
    "describes", "describe", "include", "includes", "mention", "mentions", "how", "the", "a", "an", "of", "for", "on",
    "to", "with", "about", "any", "all", "its", "their", "this", "that", "these", "what", "why", "are", "is", "be",
    "in", "into", "explicit", "explicitly", "proactive", "necessary", "needed", "required", "specific", "full",
    "fully", "brief", "basic", "professional", "format", "presentation", "structured", "organized", "clean", "raw", "solution", "template", "templates", "answer", "response",
    "model", "ideal", "it", "them", "have", "has", "had", "patterns", "operators", "users", "will", "can", "by", "ensure", "or", "and", "overall",
}
PREPOSITIONS = {"for", "of", "on", "in", "to", "with", "between", "about", "across", "from"}
# Words that stand for one idea written several ways; a term matches any spelling.
TERM_GROUPS: dict[str, tuple[str, ...]] = {
    "explain": ("explain", "explanation", "rationale", "overview", "why "),
    "context": ("overview", "context", "explanation", "summary", "architecture"),
    "deploy": ("deploy", "deployment", "create-stack", "aws cloudformation"),
    "test": ("test", "testing", "jest", "pytest"),
    "valid": ("validat", "cfn-lint", "lint"),
    "prerequisite": ("prerequisite", "requirement", "required", "before you begin"),
    "requirement": ("requirement", "prerequisite", "required"),
    "post-deployment": ("post-deployment", "post deployment", "after deployment", "next step"),
    "decision": ("decision", "justification", "rationale", "trade-off", "tradeoff"),
    "justification": ("decision", "justification", "rationale"),
    "command": ("command", "npm run", "aws cloudformation", "```bash", "$ "),
    "structure": ("structure", "layout", "directory", "files"),
    "verification": ("verif", "verify", "validat", "smoke test"),
    "monitor": ("monitor", "observability", "cloudwatch", "metrics"),
}
STEMS = (("ations", ""), ("ation", ""), ("ments", ""), ("ment", ""), ("ings", ""), ("ing", ""), ("ies", "y"),
         ("es", ""), ("s", ""), ("ed", ""))


def stem(word: str) -> str:
    word = word.lower()
    for suffix, replacement in STEMS:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + replacement
    return word


def topic_terms(topic: str) -> tuple[list[list[str]], list[list[str]]]:
    """The topic's distinctive words, each as the spellings that count as a mention: those of the
    head noun phrase, and those of its qualifier ("Network policies | for pod-to-pod communication"),
    of which the check needs only one nearby."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]", re.sub(r"\([^)]*\)", " ", topic))
    head: list[str] = []
    rest: list[str] = []
    for index, word in enumerate(words):
        lower = word.lower()
        if lower in PREPOSITIONS and any(w.lower() not in GENERIC for w in head):
            rest = words[index + 1:]
            break
        head.append(word)
    return _spellings(head)[:4], _spellings([part for word in rest for part in word.split("-")])[:4]


def _spellings(words: list[str]) -> list[list[str]]:
    terms = []
    for word in words:
        lower = word.lower()
        if lower in GENERIC or len(lower) < 3:
            continue
        key = stem(lower)
        group = next((spellings for name, spellings in TERM_GROUPS.items() if key[:5] == stem(name)[:5]), None)
        terms.append(list(group) if group else [key])
    return terms
