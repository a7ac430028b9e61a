"""Method calls quoted from the code: "the model called `ordersTable.grantReadData(processor)`",
"granted through `grantWriteData`", "`bucket.addLifecycleRule(...)`". Each is a claim that the
side's source code makes that call (CDK apps in TypeScript or Python, and any code quoted in the
answers)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from claims import language
from claims.extract.base import Sentence, make_subject
from claims.model import Claim

FULL_CALL = re.compile(r"`((?:[A-Za-z_$][\w$]*\.)+[A-Za-z_$][\w$]*\([^`()]*(?:\([^`()]*\)[^`()]*)*\))`")
GRANT_NAME = re.compile(r"`((?:grant|add|allow)[A-Z_]\w*|grant_\w+|add_\w+)(?:\(\))?`")


def extract(sentence: Sentence) -> Iterator[Claim]:
    if sentence.advice:
        return
    text = sentence.text
    seen: list[tuple[int, int]] = []
    for rx, kind in ((FULL_CALL, "call"), (GRANT_NAME, "method")):
        for m in rx.finditer(text):
            if any(a <= m.start() < b for a, b in seen):
                continue
            seen.append((m.start(), m.end()))
            polarity = not (language.negated_before(text, m.start(), m.end()) or sentence.negative_list)
            yield sentence.claim(m.start(), m.end(), "code.call", expected=m.group(1), polarity=polarity,
                                 subject=make_subject(None), extra={"kind": kind})
