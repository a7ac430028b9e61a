"""Sentence-level reading: splitting, recommendations, negation and quantifiers.

A report line mixes facts with advice, impact and hypotheticals. Only declarative statements of
fact become claims; ``is_advice`` filters the rest. ``negated_before`` finds negation cues that
govern a phrase ("no PITR", "without versioning", "missing the sns:Publish permission").
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*\"'(])")
IMPERATIVE_STARTS = (
    "add", "consider", "use", "implement", "include", "ensure", "configure", "create", "deploy", "install",
    "apply", "review", "document", "always", "never", "avoid", "prefer", "set up", "make sure", "switch",
    "replace", "remove", "define", "specify", "restrict", "limit", "monitor", "test", "validate", "verify",
    "run", "check", "enable", "disable", "update", "upgrade", "migrate", "move", "refactor", "adopt", "leverage",
    "introduce", "provide", "think", "plan", "automate", "integrate", "split", "tag", "scope", "grant",
    "produce", "write", "generate", "build", "design", "set", "turn on", "turn off", "attach", "rotate", "pin",
    "increase", "reduce", "lower", "raise", "change",
)
_IMPERATIVE = re.compile(r"^\s*(?:\d+[.)]\s*)?(?:" + "|".join(re.escape(w) for w in IMPERATIVE_STARTS) + r")\b", re.I)
_MODAL = re.compile(
    r"\b(?:should(?:n't)?|could(?! not)(?! only)|would|might|may|consider(?:ing)?|recommend(?:ed|s|ation)?|suggest(?:ed|s|ion)?|"
    r"ought|needs? to|must|can be|will be|would be|if you|optionally|preferably|ideally)\b",
    re.I,
)
_HYPOTHETICAL = re.compile(r"^\s*(?:if|when|unless|once|whether|either)\b|\be\.g\.|\bfor example\b|\bi\.e\.,? (?:if|when)\b", re.I)
_NOT_A_STATEMENT = re.compile(r"\b(?:confused|confuses|confusing|conflated|conflates|mistook|mistakes? \w+ for|mixed up)\b", re.I)
_REQUIREMENT_LABEL = re.compile(r"^\W*(?:the\s+)?(?:requirements?|prompt requirements?|required)\W*:", re.I)
_COST = re.compile(r"\$\s?\d|/month\b|per month\b|\bcosts?\b", re.I)
_NEGATION = re.compile(
    r"\b(?:no|not|without|missing|lacks?|lacking|lacked|absent|never|none|neither|nor|disabled|"
    r"doesn't|does not|didn't|did not|isn't|is not|wasn't|was not|aren't|are not|weren't|were not|"
    r"hasn't|has not|haven't|have not|hadn't|had not|cannot|can't|fails? to|failed to|omit(?:s|ted)?|removed)\b",
    re.I,
)
_NEGATION_AFTER = re.compile(
    r"^\W{0,3}(?:(?:permissions?|actions?|access|statements?|grants?|property|setting|feature)\s+)?"
    r"(?:(?:is|was|are|were)(?: still| left)? |(?:stays?|stayed|remains?|remained|is kept|was kept) )?"
    r"(?:not (?:enabled|configured|set|present|used|included|granted|allowed|defined)\b|disabled\b|(?:missing|absent|off|removed|omitted|unset|left out)(?!\s+[\w`])|"
    r"(?:off|missing|absent)(?=\s+(?:in|on|for|at|across|by|during|because|so|and|but|since)\b))",
    re.I,
)
_NEGATIVE_LEAD = re.compile(
    r"^\W*(?:removed|deleted|dropped)\b|"  # "**Removed Resource Types** (12 resources):"
    r"\b(?:does(?:n't| not)|did(?:n't| not)|do(?:n't| not)|lacks?|lacking|lacked|missing|without|absent|omit(?:s|ted)?|"
    r"fails? to (?:include|provide|configure)|no longer|(?:is|are|was|were) not (?:included|configured|present|provided))\b",
    re.I,
)
_LEADING_NEGATION = re.compile(r"^\W*(?:[^:]{0,40}:\s*)?(?:no|without|never|zero|missing|lacks?|lacking)\b", re.I)  # also after "❌ "
_ALL = re.compile(r"\b(?:all|both|every|each)\b", re.I)
_CONTRAST = re.compile(r"\b(?:but|however|although|though|whereas|while|yet)\b", re.I)


MAX_SENTENCE = 2000  # twice the longest sentence of the corpus' reports; longer runs are cut at a blank


def sentences(text: str) -> list[tuple[int, str]]:
    """Split into sentences; returns (start offset, sentence) pairs.

    A "sentence" longer than ``MAX_SENTENCE`` (a line of claims with no full stop) is cut into
    pieces: extractors look around each phrase in its sentence, which is quadratic in its length.
    """
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        out.extend(_pieces(text, start, m.start()))
        start = m.end()
    out.extend(_pieces(text, start, len(text)))
    return [(s, t) for s, t in out if t.strip()]


def _pieces(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """``text[start:end]`` in pieces of at most ``MAX_SENTENCE`` characters, cut after a blank when there is one."""
    pieces = []
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE) + 1 or start + MAX_SENTENCE
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:end]))
    return pieces


def is_advice(sentence: str) -> bool:
    """Recommendations, requirements stated in general, hypotheticals and cost talk are not claims."""
    if _REQUIREMENT_LABEL.match(sentence):
        return True  # "Requirement: \"Configure tables with PITR\"": what was asked, not what was built
    body = re.sub(r"^[^:]{0,60}:\s*", "", sentence) if re.match(r"^[^:`]{0,60}:\s", sentence) else sentence
    return bool(_IMPERATIVE.match(body) or _MODAL.search(sentence) or _HYPOTHETICAL.search(body) or _COST.search(sentence)
                or _NOT_A_STATEMENT.search(sentence))


_QUOTED_PASSAGE = re.compile(r"“([^”]{25,})”|(?<![\w:=])\"([^\"`]*\s[^\"`]*\s[^\"`]{5,})\"(?![\w:])")


def quoted_passages(text: str) -> list[tuple[int, int]]:
    """Spans of prose in quotation marks ("“Bucket default encryption is not SSE-KMS ...”"): a
    quoted message or requirement, at least a few words long (quoted values like "dev" are not)."""
    if "“" not in text and '"' not in text:
        return []
    return [(m.start(), m.end()) for m in _QUOTED_PASSAGE.finditer(text) if len((m.group(1) or m.group(2)).split()) >= 4]


_ADVICE_TAIL = re.compile(r",\s+(?:and|so)\s+|;\s+")


def advice_split(sentence: str) -> list[tuple[int, str, bool]]:
    """(offset, piece, is advice): a statement followed by a hedged consequence ("The topic had no
    encryption, and alarms could expose details") is a claim and then advice, not advice as a whole."""
    if not is_advice(sentence):
        return [(0, sentence, False)]
    modal = _MODAL.search(sentence)
    if modal is None or _IMPERATIVE.match(sentence) or _HYPOTHETICAL.search(sentence) or _COST.search(sentence):
        return [(0, sentence, True)]
    breaks = [m for m in _ADVICE_TAIL.finditer(sentence, 0, modal.start())]
    if not breaks:
        return [(0, sentence, True)]
    cut = breaks[-1]
    head = sentence[: cut.start()]
    if is_advice(head) or len(head.split()) < 3:
        return [(0, sentence, True)]
    return [(0, head, False), (cut.end(), sentence[cut.end():], True)]


def clause_bounds(text: str, position: int) -> tuple[int, int]:
    """The clause around ``position``: split at ';', ',', ':', '(' , ')' and contrast words (not at the
    '::' of ``AWS::S3::Bucket``)."""
    left = max(max(text.rfind(ch, 0, position) for ch in ";,()"), _last_colon(text, position))
    for m in _CONTRAST.finditer(text, 0, position):
        left = max(left, m.start())
    rights = [i for i in (text.find(ch, position) for ch in ";,()") if i != -1]
    m = _CONTRAST.search(text, position)
    if m:
        rights.append(m.start())
    right = min(rights) if rights else len(text)
    return left + 1, right


def _last_colon(text: str, position: int) -> int:
    """Index of the last single ':' before ``position`` (-1 when none)."""
    at = text.rfind(":", 0, position)
    while at > 0 and (text[at - 1] == ":" or text[at + 1 : at + 2] == ":"):
        at = text.rfind(":", 0, at - 1 if text[at - 1] == ":" else at)
    return at


def negated_before(text: str, start: int, end: int | None = None, window: int = 45) -> bool:
    """A negation cue governs the phrase at text[start:end] (in its clause, shortly before or right after)."""
    left, right = clause_bounds(text, start)
    before = text[max(left, start - window) : start]
    if _NEGATION.search(before):
        return True
    lead = _LEADING_NEGATION.match(text)
    if lead and lead.end() <= start and not _CONTRAST.search(text, lead.end(), start) and not re.search(r"[.;]", text[lead.end() : start]):
        return True
    if end is not None:
        return bool(_NEGATION_AFTER.match(text[end : min(right, end + 30)]))
    return False


def negative_lead_in(lead_in: str | None) -> bool:
    """A list introduced by "... did not include:" / "lacks:" / "Missing:" lists absent things."""
    if not lead_in:
        return False
    tail = lead_in.strip().rstrip("*").strip()
    if not tail.endswith(":"):
        return False
    last = re.split(r"[.;]\s|\n", tail)[-1]
    found = _NEGATIVE_LEAD.search(last)
    if found and _REMEDY_BEFORE.search(last[: found.start()]):
        return False  # "Added Missing Resources:": what was missing is there now
    return bool(found)


_REMEDY_BEFORE = re.compile(r"\b(?:added|adds|fixed|fixes|restored|resolved|now includes?|provided|implemented)\s+(?:the\s+)?(?:previously\s+)?$", re.I)


def universal(text: str) -> bool:
    return bool(_ALL.search(text))


# What may follow a noun phrase's head: the end of the clause, a preposition, a conjunction, a
# verb of state. Anything else (another noun: "NAT Gateway *validation error*", "Security Group
# *Rules*") means the phrase only modifies the real head.
_HEAD_FOLLOWERS = re.compile(
    r"^(?:\s*$|\s*[.,;:!?)\]\u2014\u2013(`*\"']|\s+-\s|\s+(?:for|with|in|on|at|to|from|and|or|nor|but|is|are|was|were|"
    r"has|have|had|that|which|where|using|across|per|of|by|into|between|behind|via|so|as|under|when|if|resources?|"
    r"stays?|stayed|remains?|remained|"
    r"instances?|enabled|disabled|configured|created|defined|present|missing|absent|added|removed|exists?|included|"
    r"provisioned|deployed|not|now|also|only|each|both|all|named|called|\d)\b)",
    re.I,
)
_ABSENCE_CUE = re.compile(
    r"\b(?:no|without|missing|lacks?|lacking|lacked|absent|omit(?:s|ted)?|never (?:created|defined|added)|removed|deleted|dropped|"
    r"(?:does|do|did)(?:n't| not) (?:have|include|create|define|contain|provision|deploy|add|configure|set up|provide|specify|declare)|"
    r"(?:fails?|failed) to (?:include|create|define|add|provision|configure|provide)|"
    r"(?:is|are|was|were) not (?:created|defined|included|present|provisioned|deployed|added))\b",
    re.I,
)
_GAP_BREAKERS = re.compile(r"\b(?:for|of|on|in|to|with|from|between|about|by|via|that|which|than|when|where|\w+ing)\b", re.I)


def is_phrase_head(text: str, end: int) -> bool:
    """The phrase ending at ``end`` is the head of its noun phrase (nothing noun-like follows)."""
    return bool(_HEAD_FOLLOWERS.match(text[end:]))


_DETERMINERS = {"a", "an", "any", "the", "its", "their", "some", "all", "explicit", "actual", "real", "aws", "amazon", "cloudwatch"}
_QUALIFYING_AFTER = re.compile(r"^\s*(?:for|of|per|in|on|that|which|to|from|with|inside|within|between|behind|\()\b", re.I)


_MANNER_BEFORE_WITHOUT = re.compile(r"\b(?:reachable|accessible|available|exposed|directly|works?|worked|runs?|ran|functions?|"
                                    r"operates?|deploy(?:s|ed)?|succeeds?|succeeded|proceeds?|continues?|bypass(?:es|ed)?)\s*$", re.I)


def absence_governs(text: str, start: int, end: int | None = None) -> bool:
    """An absence cue ("no", "missing", "does not include") governs the noun phrase at
    ``text[start:end]`` and leaves it unqualified: in the same clause, with only determiners in
    between ("No DLQ", "missing a dashboard"), and no qualifier after it. "No route tables for
    private subnets", "Missing Application Security Group", "no NAT gateway in each public subnet"
    say nothing about the phrase's existence as such."""
    left, _right = clause_bounds(text, start)
    window = text[max(left, start - 60) : start]
    cues = list(_ABSENCE_CUE.finditer(window))
    if not cues:
        return False
    gap = window[cues[-1].end() :]
    words = [w.lower() for w in re.findall(r"[\w'-]+", gap)]
    if any(w not in _DETERMINERS for w in words):
        return False
    if cues[-1].group(0).lower().startswith("without") and _MANNER_BEFORE_WITHOUT.search(window[: cues[-1].start()]):
        return False  # "reachable without the load balancer": how something works, not what is missing
    return end is None or not _QUALIFYING_AFTER.match(text[end:])


def unqualified_start(text: str, start: int) -> bool:
    """Only determiners come before the phrase in its list item or sentence."""
    return all(w.lower() in _DETERMINERS for w in re.findall(r"[\w'-]+", text[:start]))


_PRESENT_STATE = re.compile(r"\b(?:is|are|has|have|now|runs|uses|carries|attaches|polls|keeps|sends|routes|allows|blocks|grants|contains|"
                            r"includes|stores|targets|points|lives|sits|listens|expires|retains|holds|gets|reads|writes|invokes|triggers)\b", re.I)
_PAST_STATE = re.compile(r"\b(?:was|were|had|ran|lacked|did not|didn't|used to)\b", re.I)
_CHANGE_VERB = re.compile(r"\b(?:added|enabled|disabled|fixed|set|updated|changed|configured|implemented|replaced|removed|raised|lowered|"
                          r"increased|decreased|reduced|switched|moved|introduced|created|corrected|restricted|tightened)\b", re.I)


def tense_side(text: str, position: int) -> str | None:
    """The side a clause describes by its tense alone, when nothing else says: a present state
    ("the group runs 2 to 8 instances") is the code as it is ("final"); a past state with no verb of
    change ("the listener was forwarding", "had no lifecycle rule") is the model's answer ("model")."""
    left, right = clause_bounds(text, position)
    clause = text[left:right]
    present, past = _PRESENT_STATE.search(clause), _PAST_STATE.search(clause)
    if present and not past and clause[: present.start()].strip(" *-`'\"#>|"):  # a subject first: not "Allows SSH ..." under a list of failures
        return "final"
    if past and not present and not _CHANGE_VERB.search(clause):
        return "model"
    return None
