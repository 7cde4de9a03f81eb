"""The seed article (Hollywood Unlocked, 2019-06-01) as text and as a plain HTML page."""

from __future__ import annotations

from html import escape

from tests.conftest import FIXTURES

SEED_TEXT = (FIXTURES / "seed" / "hollywoodunlocked-2019-06-01.txt").read_text("utf-8")
SEED_URL_PATH = "/kim-kardashian-says-she-did-not-set-up-photoshoot-outside-san-quentin-prison/"
HEADLINE = "Kim Kardashian Says She Did Not Set Up Photoshoot Outside San Quentin Prison"
DNA_QUOTE = "DNA testing has now been ordered on Kevin’s case"


def seed_html() -> str:
    """The seed text wrapped the way a news site would serve it (metadata in <meta> tags,
    the story in <article>, navigation and footer around it)."""
    lines = [ln for ln in SEED_TEXT.splitlines() if ln.strip()]
    # Line 0 is the headline, 1-2 the byline and photo credit, 3 the repeated headline.
    body = "\n".join(f"<p>{escape(line, quote=False)}</p>" for line in lines[4:])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(HEADLINE)} | Hollywood Unlocked</title>
<meta property="og:title" content="{escape(HEADLINE)}">
<meta property="og:site_name" content="Hollywood Unlocked">
<meta name="author" content="Kecia Gayle">
<meta property="article:published_time" content="2019-06-01T10:00:00-04:00">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/music">Music</a></nav>
<article>
<h1>{escape(HEADLINE)}</h1>
<p class="byline">Written by Kecia Gayle June 1, 2019</p>
{body}
</article>
<footer><p>© Hollywood Unlocked. All rights reserved.</p></footer>
</body></html>"""
