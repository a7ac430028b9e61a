"""Fenced code blocks of a Markdown document, with the line where each block's content starts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Fence:
    info: str  # the info string, lower-cased ("yaml", "json", "typescript", "")
    content: str
    first_line: int  # 1-based line of the content's first line in the document


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    # Only block tokens are read: inline parsing (emphasis, links) is skipped, it changes no block.
    return MarkdownIt("commonmark").disable("inline")


def fences(markdown: str) -> list[Fence]:
    """The document's code blocks in order (a new list; the parse is shared by calls on the same text)."""
    return list(_fences(markdown))


@lru_cache(maxsize=16)
def _fences(markdown: str) -> tuple[Fence, ...]:
    tokens = _parser().parse(markdown)
    found = []
    for token in tokens:
        if token.type in ("fence", "code_block") and token.map:
            info = (token.info or "").strip().split(" ")[0].lower() if token.type == "fence" else ""
            offset = 1 if token.type == "fence" else 0
            found.append(Fence(info=info, content=token.content, first_line=token.map[0] + 1 + offset))
    return tuple(found)
