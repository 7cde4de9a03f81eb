"""The share card: a PNG with the rating and the claim, for ``og:image`` (pure).

A link shared on a social network shows its preview image larger than its title. If that
image were a photo of the claim's subject, or nothing, the preview would spread the claim;
the card puts the verdict first, in the rating's colour, above the claim in quotes.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from claimtracker.rendering.svg import safe_colour, text_colour_on

#: The size Facebook, X and LinkedIn all crop least (1.91:1).
WIDTH, HEIGHT = 1200, 630
MARGIN = 64
INK = "#1f2328"
PAPER = "#ffffff"
MUTED = "#57606a"


Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def _font(size: int) -> Font:
    # Pillow's bundled scalable font: no system font is needed (none is on a slim image).
    return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, size: int, width: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels; a word longer than a line is cut."""
    font = _font(size)
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if draw.textlength(trial, font=font) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        while draw.textlength(word, font=font) > width and len(word) > 1:
            cut = len(word)
            while cut > 1 and draw.textlength(word[:cut], font=font) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _clip(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int) -> str:
    """``text``, cut with an ellipsis to fit ``width`` pixels on one line."""
    while draw.textlength(text, font=font) > width and len(text) > 1:
        text = text[:-2] + "…"
    return text


def _fit(draw: ImageDraw.ImageDraw, text: str, width: int, height: int) -> tuple[int, list[str]]:
    """The largest font size (56 down to 28) at which ``text`` fits the box; below that,
    the text is cut with an ellipsis."""
    for size in range(56, 27, -4):
        lines = _wrap(draw, text, size, width)
        if len(lines) * int(size * 1.25) <= height:
            return size, lines
    size = 28
    lines = _wrap(draw, text, size, width)
    keep = max(1, height // int(size * 1.25))
    if len(lines) > keep:
        lines = [*lines[: keep - 1], lines[keep - 1].rstrip(" .,;:") + "…"]
    return size, lines


def share_card(rating_label: str, rating_colour: str, claim_text: str, publisher: str) -> bytes:
    """A 1200×630 PNG: the rating on its colour, the claim in quotes, and who checked it."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    fill = safe_colour(rating_colour)
    # The rating: a band across the top in the scale's colour, text in a contrasting ink.
    band = 150
    draw.rectangle((0, 0, WIDTH, band), fill=fill)
    label_font = _font(72)
    label = _clip(draw, rating_label.upper(), label_font, WIDTH - 2 * MARGIN)
    draw.text((MARGIN, band // 2), label, font=label_font, fill=text_colour_on(fill), anchor="lm")
    # The claim, quoted, as large as fits.
    top, bottom = band + 48, HEIGHT - 110
    size, lines = _fit(draw, f"“{claim_text.strip()}”", WIDTH - 2 * MARGIN, bottom - top)
    y = top
    for line in lines:
        draw.text((MARGIN, y), line, font=_font(size), fill=INK)
        y += int(size * 1.25)
    # Who checked it.
    draw.line((MARGIN, HEIGHT - 88, WIDTH - MARGIN, HEIGHT - 88), fill="#d0d7de", width=2)
    footer = _clip(draw, f"Fact check by {publisher}", _font(32), WIDTH - 2 * MARGIN)
    draw.text((MARGIN, HEIGHT - 48), footer, font=_font(32), fill=MUTED, anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
