"""The claimtracker console script: clear messages, non-zero exits, nothing half-written."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from claimtracker import create_app
from claimtracker.config import ConfigError
from claimtracker.extensions import db
from claimtracker.models import (
    ApiToken,
    Appearance,
    Article,
    AuditEvent,
    Claim,
    Note,
    Role,
    Source,
    User,
    Verdict,
)
from claimtracker.services import demo as demo_service
from tests.conftest import PASSWORD


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def test_users_create_with_password_stdin(app, runner):
    result = runner.invoke(
        args=["users", "create", "ed@example.org", "--role", "editor", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ed@example.org"))
        assert user.role == Role.EDITOR and user.password_hash.startswith("$argon2id$")


def test_users_create_prompts_for_password(app, runner):
    result = runner.invoke(
        args=["users", "create", "rev@example.org", "--role", "reviewer"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created rev@example.org (reviewer)" in result.output


@pytest.mark.parametrize(
    "args,stdin,message",
    [
        (
            ["users", "create", "x@example.org", "--role", "boss", "--password-stdin"],
            PASSWORD,
            "'boss' is not one of",
        ),
        (
            ["users", "create", "x@example.org", "--role", "editor", "--password-stdin"],
            "short",
            "at least 12 characters",
        ),
        (
            ["users", "create", "not-an-email", "--role", "editor", "--password-stdin"],
            PASSWORD,
            "is not an email address",
        ),
        (["tokens", "create", "nobody@example.org"], "", "no account for"),
    ],
)
def test_bad_input_exits_non_zero_and_writes_nothing(app, runner, args, stdin, message):
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(User))
    result = runner.invoke(args=args, input=stdin + "\n")
    assert result.exit_code != 0
    assert message in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == before


def test_duplicate_email_is_refused(runner):
    args = ["users", "create", "dup@example.org", "--role", "editor", "--password-stdin"]
    assert runner.invoke(args=args, input=PASSWORD + "\n").exit_code == 0
    again = runner.invoke(args=args, input=PASSWORD + "\n")
    assert again.exit_code == 1
    assert "already exists" in again.output


def test_tokens_create_prints_a_token_once(app, runner, make_user):
    user = make_user("reviewer")
    result = runner.invoke(args=["tokens", "create", user.email])
    assert result.exit_code == 0
    raw = result.output.strip()
    assert raw.startswith("ct_") and len(raw) > 40
    from claimtracker.services import users

    with app.app_context():
        assert users.user_for_token(raw).email == user.email


def _counts() -> dict[str, int]:
    return {
        m.__name__: db.session.scalar(select(func.count()).select_from(m))
        for m in (Article, Claim, Appearance, Source, Verdict, Note)
    }


def test_demo_twice_gives_the_same_data(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        after_first = _counts()
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert "0 new claims" in second.output
    with app.app_context():
        assert _counts() == after_first
    assert after_first == {
        "Article": 5,
        "Claim": 5,
        "Appearance": 7,
        "Source": 7,
        "Verdict": 5,
        "Note": 5,  # the fifth says the later Hollywood Unlocked text is illustrative
    }


def test_demo_if_empty_skips_a_database_with_claims(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    result = runner.invoke(args=["demo", "--if-empty"])
    assert "already has claims" in result.output


def test_demo_if_empty_skips_a_custom_scale_without_the_demo_ratings(app, runner):
    """`make run` must still serve a site whose RATINGS lack the demo's labels."""
    app.config["RATINGS"] = [{"label": "Accurate", "value": 2}, {"label": "Inaccurate", "value": 1}]
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "Demo not loaded" in result.output and "Unproven" in result.output
    with app.app_context():
        assert all(n == 0 for n in _counts().values())
    # asked for explicitly, the demo still refuses loudly
    assert runner.invoke(args=["demo"]).exit_code == 1


def test_demo_failing_part_way_leaves_nothing(app, runner, monkeypatch):
    from claimtracker.demo import san_quentin

    broken = [dict(c) for c in san_quentin.CLAIMS]
    broken[3]["rating"] = "Not a rating on our scale"
    monkeypatch.setattr(san_quentin, "CLAIMS", broken)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1
    assert "nothing was written" in result.output and "unknown rating" in result.output
    with app.app_context():
        assert all(n == 0 for n in _counts().values())
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_demo_quotes_are_anchored_verbatim_in_the_snapshot(app, demo):
    with app.app_context():
        article = db.session.scalar(select(Article).where(Article.text.is_not(None)))
        anchored = [a for a in article.appearances]
        assert len(anchored) == 5
        for a in anchored:
            # One quote reads differently in the demo's illustrative later version.
            assert a.quote_status == ("altered" if "63-year-old" in a.exact else "verbatim")
            assert article.text[a.start : a.end] == a.exact
            assert article.text[: a.start].endswith(a.prefix)
            assert article.text[a.end :].startswith(a.suffix)


def test_malformed_database_url_is_refused(tmp_path):
    with pytest.raises(ConfigError, match=r"malformed|names"):
        create_app({"DATABASE_URL": "not a url at all", "INSTANCE_PATH": str(tmp_path)})
    with pytest.raises(ConfigError, match="names 'mysql'"):
        create_app({"DATABASE_URL": "mysql://u@h/db", "INSTANCE_PATH": str(tmp_path)})


def test_console_script_reports_bad_database_url(tmp_path):
    exe = Path(sys.executable).with_name("claimtracker")
    env = {
        **os.environ,
        "CLAIMTRACKER_DATABASE_URL": "foo://bar",
        "CLAIMTRACKER_INSTANCE_PATH": str(tmp_path),
    }
    run = subprocess.run([str(exe), "init"], capture_output=True, text=True, env=env)
    assert run.returncode == 2
    assert "CLAIMTRACKER_DATABASE_URL names 'foo'" in run.stderr
    assert "Traceback" not in run.stderr


def test_secret_key_is_generated_once_with_0600(tmp_path):
    config = {"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite", "INSTANCE_PATH": str(tmp_path)}
    first = create_app(dict(config)).config["SECRET_KEY"]
    second = create_app(dict(config)).config["SECRET_KEY"]
    assert first == second and len(first) >= 40
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_init_then_demo_through_the_console_script(tmp_path):
    exe = Path(sys.executable).with_name("claimtracker")
    env = {
        **os.environ,
        "CLAIMTRACKER_INSTANCE_PATH": str(tmp_path),
        "CLAIMTRACKER_DATABASE_URL": f"sqlite:///{tmp_path}/cli.sqlite",
    }
    env.pop("CLAIMTRACKER_TEST_DATABASE_URL", None)
    for args in (["init"], ["demo", "--if-empty"], ["users", "ensure-admin"]):
        run = subprocess.run([str(exe), *args], capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
    assert "password (shown once" in run.stdout
    again = subprocess.run(
        [str(exe), "users", "ensure-admin"], capture_output=True, text=True, env=env
    )
    assert "password" not in again.stdout
    assert demo_service.steps() == 10


@pytest.mark.parametrize(
    "scale,message",
    [
        ([], "non-empty list"),
        ([{"label": "True", "value": 1}, {"label": "true", "value": 2}], "appears twice"),
        ([{"label": "Yes", "value": "high"}], "whole number"),
        ([{"label": "Yes", "value": 1, "colour": "red"}], "colour"),
    ],
)
def test_init_refuses_a_malformed_rating_scale(app, runner, scale, message):
    app.config["RATINGS"] = scale
    result = runner.invoke(args=["init"])
    assert result.exit_code == 1
    assert message in result.output


def test_configured_scale_replaces_the_default(app, runner):
    app.config["RATINGS"] = [{"label": "Accurate", "value": 2}, {"label": "Inaccurate", "value": 1}]
    assert runner.invoke(args=["init"]).exit_code == 0
    from claimtracker.services import ratings

    with app.app_context():
        labels = [r.label for r in ratings.all_ratings()]
    assert labels[:2] == ["Accurate", "Inaccurate"]


def test_backup_writes_a_consistent_copy(app, runner, demo, tmp_path):
    target = tmp_path / "copy.db"
    result = runner.invoke(args=["backup", "--output", str(target)])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        assert result.exit_code == 0, result.output
        import sqlite3

        with sqlite3.connect(target) as conn:
            assert conn.execute("SELECT count(*) FROM claim").fetchone()[0] == 5
    else:
        # PostgreSQL: pg_dump's custom format starts with PGDMP.
        assert result.exit_code == 0, result.output
        assert target.read_bytes()[:5] == b"PGDMP"
    # it holds password and token hashes: owner-only
    assert target.stat().st_mode & 0o777 == 0o600
    again = runner.invoke(args=["backup", "--output", str(target)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_reindex_rebuilds_the_search_index(app, runner, demo):
    from sqlalchemy import text as sql

    with app.app_context():
        db.session.execute(sql("DELETE FROM search_document"))
        db.session.commit()
    assert app.test_client().get("/api/v1/claims?q=DNA").json["total"] == 0
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0 and "5 claims" in result.output
    assert app.test_client().get("/api/v1/claims?q=DNA").json["total"] == 1


@pytest.mark.parametrize(
    "args",
    [
        # undecodable bytes in argv reach Python as lone surrogates (surrogateescape)
        ["users", "create", "a\udcff@example.org", "--role", "editor", "--password-stdin"],
        [
            "users",
            "create",
            "b@example.org",
            "--role",
            "editor",
            "--name",
            "x\udcff",
            "--password-stdin",
        ],
        ["tokens", "create", "a\udcff@example.org"],
        ["tokens", "create", "owner@example.org", "--name", "\udcff"],
    ],
)
def test_undecodable_arguments_are_refused_with_a_message(app, runner, make_user, args):
    make_user("editor", email="owner@example.org")
    result = runner.invoke(args=args, input=PASSWORD + "\n")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert "Error:" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
        assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 0


@pytest.mark.parametrize("command", [["export", "--output"], ["backup", "--output"]])
def test_unwritable_output_is_a_message(runner, tmp_path, command):
    blocker = tmp_path / "file"
    blocker.write_text("x")  # a file where a directory is needed
    result = runner.invoke(args=[*command, str(blocker / "out")])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "not written" in result.output


@pytest.mark.parametrize("content", [b"[" * 100_000, b'{"@graph": ' * 5_000 + b"1"])
def test_import_of_deeply_nested_json_is_refused(app, runner, tmp_path, content):
    path = tmp_path / "deep.json"
    path.write_bytes(content)
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)
    assert "nested too deeply" in result.output
