"""Helpers for the XML formats (Atom, sitemap): elements with safe text (pure)."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

# Characters XML 1.0 forbids even escaped (C0 controls but tab/newline/return, U+FFFE/F).
# ElementTree writes them as they are, and one of them in a claim or a summary made the
# whole feed unreadable to every feed reader.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", value)


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element; its text and attributes cleaned with :func:`xml_text`."""
    el = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


def document(root: ET.Element) -> str:
    """The whole document, with its XML declaration."""
    return ET.tostring(root, encoding="unicode", xml_declaration=True)
