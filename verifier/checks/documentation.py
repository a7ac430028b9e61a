"""IV750 — what an answer document explains: "No deployment guidance", "Clear documentation on
VPC requirements", "Provides only raw YAML template".

The document is MODEL_RESPONSE.md for ``model`` claims and IDEAL_RESPONSE.md for ``final`` ones.
Its prose is the text outside code blocks (Markdown blocks such as a quoted README count as
prose). A topic is covered when one section (a heading with its text, or a paragraph) mentions
every distinctive word of it; it is not covered when the prose mentions none of them (which decides "no X" claims; a claimed
mention that cannot be found stays unverifiable, as the wording may differ). An answer
that is only code covers nothing. Anything between is unverifiable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from claims.model import Claim
from verifier.checks.base import CONTRADICTED, SUPPORTED, Check, CheckContext, Outcome, unverifiable
from verifier.fences import fences
from verifier.model import Evidence

PROSE_FENCES = {"markdown", "md", "text", "txt", "bash", "sh", "shell", "console"}
MIN_PROSE_WORDS = 30


@dataclass
class Block:
    line: int
    text: str  # the line with its heading, lower-cased
    section: str  # the whole section it sits in, lower-cased
    title: str = ""  # the heading and the line's bold label, if any


def prose_blocks(markdown: str) -> list[Block]:
    """Each prose line with its heading and section, lower-cased (computed once per document)."""
    return list(_prose_blocks(markdown))


@lru_cache(maxsize=8)
def _prose_blocks(markdown: str) -> tuple[Block, ...]:
    if re.match(r"\s*(?:AWSTemplateFormatVersion|\{|Resources:|Parameters:|Description:)", markdown):
        return ()  # a bare template
    lines = markdown.splitlines()
    hidden: set[int] = set()
    for fence in fences(markdown):
        if fence.info not in PROSE_FENCES:
            start = fence.first_line - 1
            hidden.update(range(start - 1, start + len(fence.content.splitlines()) + 1))
    sections: list[tuple[str, list[tuple[int, str]]]] = [("", [])]
    for index, text in enumerate(lines):
        if index in hidden or not text.strip():
            continue
        if re.match(r"\s*#{1,6}\s", text):
            sections.append((text.lower(), []))
        else:
            sections[-1][1].append((index + 1, text.lower()))
    blocks = []
    for heading, body in sections:
        whole = heading + "\n" + "\n".join(t for _n, t in body)
        blocks.extend(Block(number, heading + "\n" + text, whole, heading + "\n" + _bold(text)) for number, text in body)
    return tuple(blocks)


def _bold(text: str) -> str:
    m = re.match(r"\W*\*\*([^*]{1,60})\*\*", text)
    return m.group(1) if m else ""


def _mentions(text: str, spellings: list[str]) -> bool:
    for spelling in spellings:
        probe = spelling[:-1] if len(spelling) > 3 and spelling.isalpha() else spelling
        if probe in text:
            return True
    return False


class DocumentationCheck(Check):
    id = "IV750"
    name = "answer documentation"
    concepts = ("doc.*",)
    needs_artifacts = False

    def run(self, claim: Claim, ctx: CheckContext) -> Outcome:
        if claim.scope == "model":
            document, file = ctx.task.model_answer, ctx.task.model_answer_file or "MODEL_RESPONSE.md"
        elif claim.scope == "final":
            document, file = ctx.task.ideal_answer, "lib/IDEAL_RESPONSE.md"
        else:
            return unverifiable("a claim about a document, but the report does not say which answer")
        if document is None:
            return unverifiable(f"no {file} to read")
        blocks = prose_blocks(document)
        words = sum(len(re.findall(r"[a-z]{2,}", b.text)) for b in blocks)
        if words < MIN_PROSE_WORDS:
            covered = False
            evidence = [Evidence(file, None, None, None, f"the answer is code only ({words} words of prose)")]
            return Outcome(SUPPORTED if covered == claim.polarity else CONTRADICTED, "code only", evidence)
        if claim.concept == "doc.prose":
            evidence = [Evidence(file, blocks[0].line, None, None, f"{words} words of prose")]
            return Outcome(SUPPORTED if claim.polarity else CONTRADICTED, f"{words} words of prose", evidence)
        terms: list[list[str]] = claim.extra.get("terms") or []
        if not terms:
            return unverifiable("no distinctive words to look for")
        soft: list[list[str]] = claim.extra.get("soft_terms") or []
        where = (lambda b: b.title) if len(terms) == 1 else (lambda b: b.text)  # one word: only as a title
        hits = [b for b in blocks if all(_mentions(where(b), spellings) for spellings in terms)
                and (not soft or any(_mentions(b.section, spellings) for spellings in soft))]
        if hits:
            evidence = [Evidence(file, b.line, None, None, b.text.strip().splitlines()[0][:80]) for b in hits[:3]]
            return Outcome(SUPPORTED if claim.polarity else CONTRADICTED, "documented", evidence)
        whole = "\n".join(b.text for b in blocks)
        if not any(_mentions(whole, spellings) for spellings in terms) and not claim.polarity:
            evidence = [Evidence(file, None, None, None, f"no mention of {claim.extra.get('topic')}")]
            return Outcome(CONTRADICTED if claim.polarity else SUPPORTED, "not mentioned", evidence)
        return unverifiable(f"{file} mentions parts of '{claim.extra.get('topic')}' but not together")
