"""Parse XML from an untrusted task folder without ever expanding entities.

defusedxml is used when installed (DTDs refused outright). Without it, any document that declares
a DTD or entity is refused before the standard parser sees it, so entity expansion cannot happen.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

_DECLARATION = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class XmlRefused(Exception):
    """XML that was not parsed; the message is one line."""


def parse_xml(text: str) -> ElementTree.Element:
    """The root element of ``text`` or ``XmlRefused`` (malformed, DTD or entity declarations)."""
    if _DECLARATION.search(text):
        raise XmlRefused("declares a DTD or entities; not parsed")
    try:
        from defusedxml import ElementTree as defused
    except ImportError:
        defused = None
    try:
        if defused is not None:
            return defused.fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        return ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise XmlRefused(f"malformed XML ({str(exc).splitlines()[0]})") from None
    except ValueError as exc:  # defusedxml's refusals derive from ValueError
        raise XmlRefused(f"refused ({type(exc).__name__})") from None
