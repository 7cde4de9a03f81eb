"""Shared fixtures: a fresh database per test, on SQLite or (when
CLAIMTRACKER_TEST_DATABASE_URL is set) on PostgreSQL, plus factories.

The schema is built once per session by running the Alembic migrations; each test then
gets a copy (SQLite) or emptied tables (PostgreSQL, its own database per run).
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from claimtracker import create_app
from claimtracker.extensions import db
from claimtracker.models import Role, User
from claimtracker.services import ratings, users

PG_URL = os.environ.get("CLAIMTRACKER_TEST_DATABASE_URL")
PASSWORD = "correct horse battery staple"
#: Third-party material the tests read; tests/fixtures/SOURCES.md says where each file came from.
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def base_config(tmp_path: Path, database_url: str) -> dict:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "test-secret-" + uuid.uuid4().hex,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # Cheap argon2 parameters keep the suite fast; production defaults are tested apart.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8192,
        "ORGANISATION_NAME": "Test Fact Desk",
        "ORGANISATION_URL": "https://factdesk.example/",
    }


def _migrate(database_url: str, instance: Path) -> None:
    from flask_migrate import upgrade

    app = create_app(base_config(instance, database_url))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        db.engine.dispose()


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database: a SQLite file, or a PostgreSQL database of our own."""
    instance = tmp_path_factory.mktemp("template")
    if not PG_URL:
        url = f"sqlite:///{instance / 'template.sqlite'}"
        _migrate(url, instance)
        yield url
        return
    admin = make_url(PG_URL)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"ct_test_{worker}_{uuid.uuid4().hex[:10]}"
    admin_engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.set(database=name).render_as_string(hide_password=False)
    try:
        _migrate(url, instance)
        yield url
    finally:
        with admin_engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()


@pytest.fixture
def database_url(template_database: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database for one test."""
    with fresh_database(template_database, tmp_path) as url:
        yield url


@contextmanager
def fresh_database(template_database: str, tmp_path: Path) -> Iterator[str]:
    """A copy of the migrated template (SQLite) or the template itself, emptied on the way
    out (PostgreSQL): the body of ``database_url``, for fixtures of a wider scope."""
    if not PG_URL:
        source = Path(make_url(template_database).database or "")
        target = tmp_path / "test.sqlite"
        shutil.copyfile(source, target)
        yield f"sqlite:///{target}"
        return
    yield template_database
    engine = create_engine(template_database)
    with engine.begin() as conn:
        tables = [
            row[0]
            for row in conn.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version'"
                )
            )
        ]
        if tables:
            joined = ", ".join(f'"{t}"' for t in tables)
            conn.execute(text(f"TRUNCATE {joined} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def app_config(tmp_path: Path, database_url: str) -> dict:
    """The config for the test app; tests may change it before ``app`` is built."""
    return base_config(tmp_path, database_url)


@pytest.fixture
def app(app_config: dict) -> Iterator[Flask]:
    app = create_app(app_config)
    with app.app_context():
        ratings.ensure_scale(app.config["RATINGS"])
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def make_app(app_config: dict) -> Iterator[Callable[..., Flask]]:
    """``make_app(**settings)``: another app on the test's database, ``settings`` over the
    test config (``config=`` for another base). Its connections are closed at teardown: a
    PostgreSQL connection left to the garbage collector is a ResourceWarning, which this
    suite treats as an error in whichever test happens to be running."""
    made: list[Flask] = []

    def make(config: dict | None = None, **settings: object) -> Flask:
        built = create_app({**(config if config is not None else app_config), **settings})
        made.append(built)
        return built

    yield make
    for built in made:
        with built.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    """An application context, for tests that call services directly."""
    with app.app_context():
        yield app
        db.session.rollback()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_user(app: Flask):
    """Factory: ``make_user("editor")`` creates an account with PASSWORD."""
    counter = iter(range(1, 10_000))

    def make(role: str = "reviewer", email: str | None = None) -> User:
        with app.app_context():
            user = users.create_user(
                email or f"{role}{next(counter)}@example.org",
                PASSWORD,
                Role.parse(role),
                name=f"Test {role}",
            )
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


def csrf_token(html: str, prefix: str = "") -> str:
    """The CSRF token a rendered form carries (``prefix`` for prefixed forms, e.g. "f-")."""
    found = re.search(rf'name="{re.escape(prefix)}csrf_token" type="hidden" value="([^"]+)"', html)
    assert found, f"no {prefix}csrf_token in the page"
    return found.group(1)


#: ``login_as(role_or_user, client=None, password=PASSWORD) -> (client, user)``
LoginAs = Callable[..., tuple[FlaskClient, User]]


@pytest.fixture
def login_as(app: Flask, make_user: Callable[..., User]) -> LoginAs:
    """Sign in through the real login form, the one way every test does it.

    ``login_as("editor")`` creates an account with that role and returns a new client
    signed in as it; ``login_as(user)`` signs in an existing account; ``client=`` signs in
    that client instead (of any app: ``client.application`` decides); ``password=`` for an
    account whose password is not PASSWORD. With CSRF on, the token is read from the login
    page first, as a browser would. A sign-in that does not redirect fails the test here,
    not three requests later.
    """

    def sign_in(
        who: str | User = "reviewer",
        *,
        client: FlaskClient | None = None,
        password: str = PASSWORD,
    ) -> tuple[FlaskClient, User]:
        user = make_user(who) if isinstance(who, str) else who
        client = client or app.test_client()
        data = {"email": user.email, "password": password}
        if client.application.config.get("WTF_CSRF_ENABLED", True):
            data["csrf_token"] = csrf_token(client.get("/login").get_data(as_text=True))
        response = client.post("/login", data=data)
        assert response.status_code == 302, f"sign-in as {user.email}: {response.status_code}"
        return client, user

    return sign_in


@contextmanager
def counting_queries(app: Flask) -> Iterator[list[str]]:
    """Collect every SQL statement the app's engine executes inside the block: the one
    query counter, for tests that hold a page's query count flat as data grows."""
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def demo(app: Flask) -> None:
    """Load the demo case."""
    from claimtracker.services import demo as demo_service

    with app.app_context():
        demo_service.load()
        db.session.commit()
