"""Decide which artifact a claim speaks of: the final code, the model's answer, the process or the report.

Signals, strongest first: scope words in the claim's own sentence ("the model used", "the final
template"), the bold label in force ("**MODEL_RESPONSE Issue**:", "**Fixed Code**:"), the
sentence that introduced the list, then headings from the innermost out (the document title is
ignored). Each signal is matched against two tiers of keywords; a text naming both scopes at the
same tier says nothing. Sections that hold no claims (impact, recommendations, references, ...)
are recognised here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claims.markdown_reader import HYPOTHETICAL_LEAD, Line

STRONG = {
    "model": (r"^\W*model\W*$", r"model[_ ]?response", r"\boriginal\b", r"\bthe model\b", r"model'?s (?:output|answer|response|implementation|template|code)", r"initial (?:response|implementation|template)", r"\bbefore (?:the )?fix(?:es)?\b", r"^\W*(?:before|wrong|incorrect|bad)\W*(?:\(|$)"),
    "final": (r"\b(?:key )?(?:improvements|changes|fixes) include\b|\bkey improvements\W*$", r"ideal[_ ]?response", r"\bfinal (?:template|implementation|code|solution|version)",
              r"\bthe final (?:\w+ )?(?:configuration|stack|function|bucket|table|queue|role|key|resources?|app)s?\b", r"\bcorrected\b", r"\bfixed (?:code|template|version|implementation)", r"\bafter (?:the )?fix(?:es)?\b", r"\bideal\b", r"^\W*(?:after|correct|good)\W*(?:\(|$)"),
    "process": (r"\bdeployed (?:stack|outputs?)\b", r"\bdeployment outputs?\b", r"\bstack outputs? (?:after|from) (?:the )?deployment\b"),
}
WEAK = {
    "model": (r"\bissues?\b", r"\bproblems?\b", r"\bfailures?\b", r"\bfailed\b", r"root cause", r"^\W*cause\b", r"what was wrong", r"\bincorrect\b", r"\bbugs?\b", r"\bmistakes?\b", r"\berrors?\b", r"\bwrong\b", r"\bmissing\b", r"\bflaws?\b", r"\bgaps?\b", r"\bbroken\b"),
    "final": (r"\bfix(?:es|ed)?\b", r"\badded\b", r"\bsolutions?\b", r"\bcorrections?\b", r"\bresolution\b", r"\bimprovements? made\b", r"\bchanges? made\b", r"\bvalidation checklist\b", r"\bchecklist\b", r"\bvalidation summary\b", r"\bmandatory requirements\b", r"\bconstraints\b", r"\bimplemented features\b", r"\bkey features\b", r"\bresolved\b"),
    "process": (r"\btest results?\b", r"\btesting\b", r"\bunit tests?\b", r"\bintegration tests?\b", r"\bcoverage\b", r"\blint(?:ing)?\b", r"\bdeployment (?:results?|status|validation|verification)\b", r"\bquality assurance\b",
                r"\bdeploy(?:ed|ment) outputs?\b", r"^\W*deployed\b"),
}
NON_CLAIM_SECTIONS = (
    r"\bimpact\b", r"^why\b", r"\bwhy (?:this|it|ideal|the)\b", r"\bcost\b", r"recommend", r"\breferences?\b",
    r"\blessons?\b", r"next steps?", r"areas? for improvement", r"suggest", r"\bfuture\b", r"\bexpected\b",
    r"learning", r"training value", r"knowledge gaps?", r"\bhow to\b", r"\bexamples?\b", r"best practices?",
    r"\bprevention\b", r"\bguidance\b", r"\bmitigation\b", r"\baws documentation\b", r"\bdocumentation reference",
    r"\bpitfalls?\b", r"causes of rejection", r"\bcommon mistakes\b", r"\b(?:might|may|could) fail\b",
)

_PREFIX_LABEL = re.compile(r"^\W*([A-Za-z][\w /_-]{1,30}?)\W*:\s")  # "Fix: ...", "Root Cause: ..."
_TALLY = re.compile(r"^\W*(?:total|number of|count of)\b", re.I)  # "**Total failures**: 3": a tally, not a side
_NEGATED_MARKER = re.compile(r"\b(?:no|not|non|zero)[- ]\w+", re.I)
_STRONG = {scope: re.compile("|".join(words), re.I) for scope, words in STRONG.items()}
_WEAK = {scope: re.compile("|".join(words), re.I) for scope, words in WEAK.items()}
_NON_CLAIM = re.compile("|".join(NON_CLAIM_SECTIONS), re.I)
_INCIDENTAL_NON_CLAIM_WORD = re.compile(r"\b(?:cost|impact|expected)\b", re.I)  # words an issue's title may hold
_ADVICE_HEADING = re.compile(r"recommend|suggest|guidance|how to|examples?\b|best practices?|documentation|lessons?|next steps?|"
                             r"prevention|mitigation|references?|learning|future", re.I)
HYPOTHETICAL_TITLE = re.compile(r"\bcommon (?:model )?(?:failures|mistakes|pitfalls|errors)\b", re.I)
_LEAD_IN_LAST_LABEL = re.compile(r"(?:^|\n)\W*\*\*([^*\n]{1,40}?)\W*\*\*\W*:?[^\n]*$")
_NUMBERED_ISSUE = re.compile(r"^\W*(?:\d{1,3}[.)]\s|(?:issue|failure|finding|problem)\s*#?\s*\d)", re.I)


@dataclass
class ScopeDecision:
    scope: str
    basis: str  # "sentence" | "label" | "lead-in" | "heading" | "default"


@lru_cache(maxsize=4096)
def scope_in(text: str | None, tiers: tuple[str, ...] = ("strong", "weak")) -> str | None:
    """The scope a piece of text names, if it names exactly one at the strongest tier it uses
    (memoized: headings, labels and lead-ins are asked about once per line)."""
    if not text:
        return None
    text = _NEGATED_MARKER.sub(" ", text)
    for tier in tiers:
        table = _STRONG if tier == "strong" else _WEAK
        hits = [scope for scope, rx in table.items() if rx.search(text)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return None
    return None


@lru_cache(maxsize=1024)
def _non_claim_heading(heading: str) -> bool:
    """Whether a heading introduces no claims (asked for every line under it: memoized). A numbered
    issue ("### 6. VPC sizing and NAT cost") states findings whatever its words."""
    if not _NON_CLAIM.search(heading) or _WEAK["process"].search(heading):
        return False  # "Training Value and Testing": the test figures under it are claims
    return not (_NUMBERED_ISSUE.match(heading) and _INCIDENTAL_NON_CLAIM_WORD.search(heading) and not _ADVICE_HEADING.search(heading))


def is_non_claim_context(line: Line) -> bool:
    """True when the line sits under a heading or label that introduces no factual claims."""
    prefix = _PREFIX_LABEL.match(line.plain)
    for text in (line.own_label, line.label, prefix.group(1) if prefix else None):
        if text and _NON_CLAIM.search(text):
            return True
    if line.lead_in and HYPOTHETICAL_LEAD.search(line.lead_in):
        return True  # "These are common ways the model might fail:" lists what could go wrong, not what did
    for level, heading in reversed(line.headings):
        if level == 1:
            if HYPOTHETICAL_TITLE.search(heading):
                return True  # "# Common Model Failures in Infrastructure Generation": a catalogue, not this task's findings
            continue
        if _non_claim_heading(heading):
            return True
        if scope_in(heading):
            break
    return False


def decide(line: Line, sentence: str) -> ScopeDecision:
    """Scope of a claim read from ``sentence`` on ``line``."""
    own = scope_in(sentence, ("strong",))
    if own:
        return ScopeDecision(own, "sentence")
    prefix = _PREFIX_LABEL.match(sentence)
    if prefix and scope_in(prefix.group(1)):
        return ScopeDecision(scope_in(prefix.group(1)) or "final", "label")
    last_label = _LEAD_IN_LAST_LABEL.search(line.lead_in or "")
    if last_label and "\n" in (line.lead_in or "") and scope_in(last_label.group(1)):
        # "**Issue**: ...\n**Fix**: Implemented X:" introduces what the fix did
        return ScopeDecision(scope_in(last_label.group(1)) or "final", "lead-in")
    for text in (line.own_label, line.label):
        found = scope_in(text) if text and not _TALLY.search(text) else None
        if found:
            return ScopeDecision(found, "label")
    found = scope_in(line.lead_in, ("strong",)) or scope_in(line.parent, ("strong",))
    if found:
        return ScopeDecision(found, "lead-in")
    for level, heading in reversed(line.headings):
        if level == 1 and len(line.headings) > 1:
            continue
        found = scope_in(heading)
        if found:
            return ScopeDecision(found, "heading")
    return ScopeDecision("final", "default")


def decide_for_block(headings: tuple[tuple[int, str], ...], label: str | None, lead_in: str | None) -> ScopeDecision:
    """Scope of a fenced block from the sentence right before it when that names a side strongly
    ("**Ideal Response (lines 613-678)**:"), then the label in force, that sentence, headings."""
    strong = scope_in(lead_in, ("strong",))
    if strong:
        return ScopeDecision(strong, "lead-in")
    for text, basis in ((label, "label"), (lead_in, "lead-in")):
        found = scope_in(text)
        if found:
            return ScopeDecision(found, basis)
    for level, heading in reversed(headings):
        if level == 1 and len(headings) > 1:
            continue
        found = scope_in(heading)
        if found:
            return ScopeDecision(found, "heading")
    return ScopeDecision("final", "default")
