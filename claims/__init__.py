"""Reading reports into claims.

``read_claims(text, path)`` parses the Markdown, walks every line with its context, splits it
into sentences and runs each claim family's extractor; fenced code blocks are read by the
snippet extractor. The result is a list of typed ``Claim`` objects in report order.
"""

from __future__ import annotations

import re

from claims import language, scope
from claims.extract import (
    calls,
    cdk_snippets,
    docs,
    engines,
    features,
    iam,
    meta,
    names,
    network,
    settings_inline,
    snippets,
    tests_run,
    values,
)
from claims.extract.base import Sentence
from claims.markdown_reader import Report, read_report
from claims.model import Claim, Subject

__all__ = ["Claim", "Subject", "read_claims", "read_report", "Report"]

LINE_EXTRACTORS = (meta.extract, values.extract, features.extract, iam.extract, names.extract, network.extract, settings_inline.extract, docs.extract, tests_run.extract, calls.extract, engines.extract)


_OWN_LABEL = re.compile(r"^\W*([A-Z][\w /()-]{1,40}?)\W*:\s")  # "**Fix Applied**: ..." under a list of missing things speaks for itself


def read_claims(text: str, path: str) -> tuple[list[Claim], Report]:
    report = read_report(text, path)
    found: list[Claim] = []
    for line in report.lines:
        if scope.is_non_claim_context(line):
            continue
        own = _OWN_LABEL.match(line.plain)
        negative_list = line.kind == "item" and language.negative_lead_in(line.lead_in) and not (own and scope.scope_in(own.group(1)) == "final")
        pieces = [(offset + at, piece, advice) for offset, text_ in language.sentences(line.plain)
                  for at, piece, advice in (language.advice_split(text_) if line.kind != "table" else [(0, text_, language.is_advice(text_))])]
        for offset, text_, advice in pieces:
            sentence = Sentence(
                line=line,
                report=path,
                offset=offset,
                text=text_,
                advice=advice,
                negative_list=negative_list,
                scope=scope.decide(line, text_),
            )
            line_claims: list[Claim] = []
            for extractor in LINE_EXTRACTORS:
                line_claims.extend(extractor(sentence))
            quoted = language.quoted_passages(line.raw)
            if quoted:  # a message or a requirement in quotation marks: its words are not the report's claims
                line_claims = [c for c in line_claims if not any(a <= c.column < b for a, b in quoted)]
            found.extend(_dedupe(line_claims))
    found.extend(snippets.extract(report))
    found.extend(cdk_snippets.extract(report))
    found.sort(key=lambda c: (c.line, c.column))
    return found, report


def _dedupe(items: list[Claim]) -> list[Claim]:
    """One claim per concept and quote position."""
    seen: set[tuple[str, int, str]] = set()
    kept = []
    for claim in items:
        key = (claim.concept, claim.column, repr(claim.expected))
        if key in seen:
            continue
        seen.add(key)
        kept.append(claim)
    return kept
