"""The catalogs: messages.pot holds every marked string, Spanish and French translate all
of them with the same placeholders, and the committed .mo files match their .po files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "claimtracker" / "translations"
#: Shipped complete: every marked string has a translation.
COMPLETE = ("es", "fr")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]|%[sdr]")


def catalog(locale: str):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=locale)


def marked_in_source() -> set[str]:
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "lazy_gettext": None,
        "_l": None,
        "lazy_ngettext": (1, 2),
        "N_": None,
    }
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def ids(cat) -> set[str]:
    return {m.id[0] if isinstance(m.id, tuple) else m.id for m in cat if m.id}


def test_messages_pot_is_up_to_date_with_the_source():
    with (TRANSLATIONS / "messages.pot").open("rb") as fh:
        pot = ids(read_po(fh))
    source = marked_in_source()
    assert not source - pot, f"run `make translations`: new strings {sorted(source - pot)[:5]}"
    assert not pot - source, f"run `make translations`: gone strings {sorted(pot - source)[:5]}"


@pytest.mark.parametrize("locale", COMPLETE)
def test_shipped_languages_translate_every_string_with_its_placeholders(locale):
    with (TRANSLATIONS / "messages.pot").open("rb") as fh:
        pot = ids(read_po(fh))
    cat = catalog(locale)
    assert ids(cat) >= pot, f"run `make translations`: {sorted(pot - ids(cat))[:5]}"
    for message in cat:
        if not message.id:
            continue
        assert "fuzzy" not in message.flags, message.id
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{locale}: untranslated {sources[0]!r}"
        wanted = set(PLACEHOLDER.findall(sources[-1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= wanted | set(
                PLACEHOLDER.findall(sources[0])
            ), f"{locale}: {string!r} names a placeholder {sources[0]!r} has not"
            if len(sources) == 1:
                assert set(PLACEHOLDER.findall(string)) == wanted, (locale, sources[0], string)


@pytest.mark.parametrize("locale", sorted(p.name for p in TRANSLATIONS.iterdir() if p.is_dir()))
def test_compiled_catalogs_match_their_sources(locale):
    po = catalog(locale)
    mo_path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo"
    assert mo_path.exists(), f"run `make translations` (or pybabel compile) for {locale}"
    with mo_path.open("rb") as fh:
        mo = read_mo(fh)

    def norm(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    expected = {
        norm(m.id): norm(m.string)
        for m in po
        if m.id
        and "fuzzy" not in m.flags
        and all(m.string if isinstance(m.string, list | tuple) else (m.string,))
    }
    compiled = {norm(m.id): norm(m.string) for m in mo if m.id}
    assert compiled == expected, f"run `make translations`: {locale}'s .mo is stale"
