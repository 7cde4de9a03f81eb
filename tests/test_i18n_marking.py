"""Every word a template shows is marked for translation.

Each template's text is read with its Jinja parts set aside: ``{% trans %}`` blocks and
comments go, every other ``{{ … }}`` / ``{% … %}`` becomes a placeholder, and what is left
is parsed as HTML. Text between tags, and the attributes people read or hear (``title``,
``alt``, ``aria-label``, ``placeholder``, a meta description), must hold no letters; quoted
words inside an expression (``{{ 'Outlet' if … }}``) must be inside ``_()``. A newsroom
adding a language can then trust the catalog to hold every string (README, "Adding a
language").
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
#: Words that are the same in every language: names, codes and formats.
ALLOWED = {"claimtracker", "SHA-256", "ClaimReview", "JSON", "CSV", "Atom", "RSS", "URL", "UTC"}
#: Templates not marked yet: strike each as it is done (empty since issue 12 marked them all;
#: a new template is marked from the start).
READ_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "label"}
_STRING = r"""('[^']*'|"[^"]*")"""
GETTEXT_CALL = re.compile(
    rf"\b(?:_|gettext|ngettext|lazy_gettext)\(\s*{_STRING}(\s*,\s*{_STRING})?"
)
#: A value compared with a string is data, not text (``reason == 'the desk'``).
COMPARED = re.compile(r"(?:==|!=|\bin)\s*('[^']*'|\"[^\"]*\")")
QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")
#: Quoted words in expressions that are names, not text: endpoints, keys, CSS classes. (A
#: lone lowercase word shown as text, like an option label 'any', passes unseen: the
#: checker cannot tell it from a key, so reviewers must.)
CODE_WORD = re.compile(r"^[a-z0-9_.:/#%-]*$|^[A-Z_]+$|^\W*$")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0
        self._meta_description = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "code"}:
            self._skip += 1
        values = dict(attrs)
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.found.append(value)
        if tag == "meta" and values.get("name") in {"description"} and values.get("content"):
            self.found.append(values["content"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "code"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.found.append(data)


def _words(text: str) -> list[str]:
    words = re.findall(r"[^\W\d_][\w'’-]*", re.sub(r"\\.", " ", text))  # \n is no word
    return [w for w in words if w not in ALLOWED]


def unmarked(source: str) -> list[str]:
    """The pieces of a template's text that a reader sees but no translator would."""
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    source = re.sub(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", "§", source, flags=re.S)
    problems: list[str] = []
    for expression in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", source, flags=re.S):
        rest = COMPARED.sub("", GETTEXT_CALL.sub("", expression))
        if expression.startswith("{%") and re.match(r"\{%-?\s*(from|import|extends|include)", rest):
            continue
        for single, double in QUOTED.findall(rest):
            word = single or double
            if _words(word) and not CODE_WORD.match(word) and not _is_code(word):
                problems.append(word)
    plain = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "§", source, flags=re.S)
    parser = _Text()
    parser.feed(plain)
    problems += [text.strip() for text in parser.found if _words(text)]
    return problems


def _is_code(word: str) -> bool:
    """A CSS selector, a strftime or URL pattern, an HTML snippet: not prose."""
    return bool(re.fullmatch(r"[\w-]+(\s[\w-]+)*", word) and word == word.lower() and "-" in word)


def templates() -> list[str]:
    return sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("name", templates())
def test_every_template_string_is_marked(name):
    problems = unmarked((TEMPLATES / name).read_text())
    assert not problems, f"{name}: mark these for translation: {problems}"


def test_the_checker_catches_what_it_should():
    assert unmarked("<p>Hello {{ name }}</p>") == ["Hello §"]
    assert unmarked('<img alt="Fact check" src="x">') == ["Fact check"]
    assert unmarked("<span>{{ 'Claimant' if x else 'Outlet' }}</span>") == ["Claimant", "Outlet"]
    assert unmarked("<p>{{ _('Hello') }} {% trans n=1 %}Hi {{ n }}{% endtrans %}</p>") == []
    assert unmarked("<a class=\"{{ 'x' }}\" href=\"{{ url_for('public.home') }}\">§</a>") == []
    assert unmarked("<code>SHA-256</code> <p>claimtracker · 3</p>") == []
