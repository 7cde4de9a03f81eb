"""The README's settings table: each CLAIMTRACKER_* variable, typed as a user types it."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtracker import create_app
from claimtracker.config import ConfigError
from claimtracker.services.articles import fetch_settings


def _app(tmp_path: Path):  # type: ignore[no-untyped-def]
    # Only the instance path and database are passed in: everything else comes from env.
    return create_app(
        {
            "INSTANCE_PATH": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'settings.sqlite'}",
        }
    )


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("false", False),
        ("False", False),
        ("FALSE", False),
        ("0", False),
        ("no", False),
        ("off", False),
        ("true", True),
        ("True", True),
        ("1", True),
        ("yes", True),
    ],
)
def test_two_person_rule_reads_the_words_people_type(tmp_path, monkeypatch, typed, expected):
    monkeypatch.setenv("CLAIMTRACKER_TWO_PERSON_RULE", typed)
    assert _app(tmp_path).config["TWO_PERSON_RULE"] is expected


def test_a_boolean_setting_refuses_a_typo(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMTRACKER_TWO_PERSON_RULE", "flase")
    with pytest.raises(ConfigError, match="TWO_PERSON_RULE"):
        _app(tmp_path)


@pytest.mark.parametrize("typed", ['["a.test", "b.test"]', "a.test,b.test", "a.test, b.test"])
def test_fetch_allowed_hosts_as_json_list_or_comma_separated(tmp_path, monkeypatch, typed):
    monkeypatch.setenv("CLAIMTRACKER_FETCH_ALLOWED_HOSTS", typed)
    app = _app(tmp_path)
    with app.app_context():
        assert fetch_settings()["allowed_hosts"] == ("a.test", "b.test")


def test_ratings_as_json(tmp_path, monkeypatch):
    monkeypatch.setenv(
        "CLAIMTRACKER_RATINGS", '[{"label": "Correct", "value": 2}, {"label": "Wrong", "value": 1}]'
    )
    assert [r["label"] for r in _app(tmp_path).config["RATINGS"]] == ["Correct", "Wrong"]


def test_text_settings_stay_text(tmp_path, monkeypatch):
    # JSON would make these a number and a boolean.
    monkeypatch.setenv("CLAIMTRACKER_ORGANISATION_NAME", "2024")
    monkeypatch.setenv("CLAIMTRACKER_SECRET_KEY", "12345678901234567890")
    config = _app(tmp_path).config
    assert config["ORGANISATION_NAME"] == "2024"
    assert config["SECRET_KEY"] == "12345678901234567890"


def test_ratelimit_storage_uri_reaches_the_limiter(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMTRACKER_RATELIMIT_STORAGE_URI", "memory://")
    monkeypatch.setenv("CLAIMTRACKER_TRUSTED_PROXIES", "1")
    app = _app(tmp_path)
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert app.config["TRUSTED_PROXIES"] == 1
    assert type(app.wsgi_app).__name__ == "ProxyFix"
