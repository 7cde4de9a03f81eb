"""Server-side SVG: the embeddable verdict badge and rating bar charts (pure).

Every text is escaped; colours are checked to be ``#rrggbb`` before they reach an
attribute; no ``style`` attributes (the Content-Security-Policy forbids inline styles).
Text colour is chosen for WCAG AA contrast (4.5:1) against each fill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
DARK = "#1f2328"
LIGHT = "#ffffff"
FALLBACK = "#57606a"
FONT = "DejaVu Sans,Verdana,Geneva,sans-serif"


def safe_colour(colour: str | None) -> str:
    """``colour`` when it is ``#rrggbb``, otherwise a neutral grey."""
    return colour if colour and _HEX.match(colour) else FALLBACK


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((_luminance(safe_colour(a)), _luminance(safe_colour(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_on(background: str) -> str:
    """White or near-black text, whichever contrasts more with ``background``."""
    bg = safe_colour(background)
    return LIGHT if contrast_ratio(LIGHT, bg) >= contrast_ratio(DARK, bg) else DARK


def _text_width(text: str, size: float = 11.0) -> int:
    # No font metrics on the server: ~0.62em per character is generous for DejaVu Sans.
    return int(len(text) * size * 0.62) + 1


def badge_width(label: str, caption: str = "fact check") -> int:
    """The badge's width in pixels (so an ``<img>`` of it can be sized before it loads)."""
    return _text_width(caption) + 12 + _text_width(label) + 12


def badge(label: str, colour: str, caption: str = "fact check") -> str:
    """A two-part badge, ``caption | label``, the label on the rating colour."""
    fill = safe_colour(colour)
    left_w = _text_width(caption) + 12
    right_w = _text_width(label) + 12
    width, height = left_w + right_w, 20
    title = f"{caption}: {label}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title)}>'
        f"<title>{escape(title)}</title>"
        f'<rect width="{left_w}" height="{height}" rx="3" fill="{DARK}"/>'
        f'<rect x="{left_w}" width="{right_w}" height="{height}" rx="3" fill="{fill}"/>'
        f'<g font-family="{FONT}" font-size="11" text-anchor="middle">'
        f'<text x="{left_w / 2:.1f}" y="14" fill="{LIGHT}">{escape(caption)}</text>'
        f'<text x="{left_w + right_w / 2:.1f}" y="14" fill="{text_colour_on(fill)}">'
        f"{escape(label)}</text></g></svg>"
    )


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    colour: str = FALLBACK


def bar_chart(bars: list[Bar], title: str, width: int = 480) -> str:
    """A horizontal bar chart with a text label and count on every bar."""
    label_w, count_w, row_h, gap, top = 130, 40, 22, 6, 28
    plot_w = width - label_w - count_w
    peak = max((b.count for b in bars), default=0) or 1
    height = top + len(bars) * (row_h + gap) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title)} '
        f'font-family="{FONT}" font-size="13">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-weight="bold" fill="{DARK}">{escape(title)}</text>',
    ]
    for i, bar in enumerate(bars):
        y = top + i * (row_h + gap)
        length = round(plot_w * bar.count / peak) if bar.count else 0
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" fill="{DARK}">'
            f"{escape(bar.label)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{max(length, 1)}" height="{row_h}" '
            f'fill="{safe_colour(bar.colour)}"><title>{escape(bar.label)}: {bar.count}'
            f"</title></rect>"
            f'<text x="{label_w + length + 6}" y="{y + 15}" fill="{DARK}">{bar.count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
