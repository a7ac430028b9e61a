"""Fenced code blocks of a Markdown document, with the line where each block's content starts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass
class Fence:
    info: str  # the info string, lower-cased ("yaml", "json", "typescript", "")
    content: str
    first_line: int  # 1-based line of the content's first line in the document


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def fences(markdown: str) -> list[Fence]:
    tokens = _parser().parse(markdown)
    found = []
    for token in tokens:
        if token.type in ("fence", "code_block") and token.map:
            info = (token.info or "").strip().split(" ")[0].lower() if token.type == "fence" else ""
            offset = 1 if token.type == "fence" else 0
            found.append(Fence(info=info, content=token.content, first_line=token.map[0] + 1 + offset))
    return found
