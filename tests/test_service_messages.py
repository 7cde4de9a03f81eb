"""What services refuse with, and the API's problem details, are marked for translation and
shown in the language of whoever reads them: the desk's page language, the API client's
Accept-Language, the site's LANGUAGE for a command. English stays as it was."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from claimtracker.extensions import db
from claimtracker.services import users
from tests.api.helpers import bearer, proposed_verdict, token_for
from tests.conftest import PASSWORD

PACKAGE = Path(__file__).resolve().parents[1] / "claimtracker"
#: The classes whose message a person reads, and where that message is in the call.
MESSAGE_ARG = {
    "ServiceError": 0,
    "Invalid": 0,
    "NotFound": 0,
    "Forbidden": 0,
    "Conflict": 0,
    "FetchFailed": 0,
    "APIError": 1,
    # A job's failure: its reason is kept and shown on the desk's job page.
    "Fail": 0,
    "Retry": 0,
    # The pure core's reasons (fetcher, URL checks, extractor, feed and ClaimReview
    # readers): a Message(N_("…"), …), which whoever shows it translates.
    "FetchError": 0,
    "UnsupportedURL": 0,
    "RefusedAddress": 0,
    "ResolutionFailed": 0,
    "TooManyRedirects": 0,
    "FetchTimeout": 0,
    "ResponseTooLarge": 0,
    "UnsupportedContentType": 0,
    "BadStatus": 0,
    "ConnectionFailed": 0,
    "Blocked": 0,
    "InvalidURL": 0,
    "ExtractionError": 0,
    "FeedError": 0,
    "DocumentError": 0,
    "MalformedItem": 0,
    "AnchorError": 0,
}
#: Where messages are checked: services and the API, and the pure core's reasons.
CHECKED = ("services", "api", "ingest", "claimreview", "search")


def _bare(arg: ast.expr) -> bool:
    """A string no catalog knows: a literal, an f-string, a sum, or ``str(…)`` of
    something (``str(err)`` freezes a translatable reason into English)."""
    return (
        isinstance(arg, ast.JoinedStr | ast.BinOp)
        or (isinstance(arg, ast.Constant) and isinstance(arg.value, str))
        or (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id == "str")
    )


def _marked_id(arg: ast.expr) -> bool:
    """``N_("a literal")``: what pybabel extracts (a variable or an f-string it cannot)."""
    return (
        isinstance(arg, ast.Call)
        and isinstance(arg.func, ast.Name)
        and arg.func.id == "N_"
        and len(arg.args) == 1
        and isinstance(arg.args[0], ast.Constant)
        and isinstance(arg.args[0].value, str)
    )


def _calls(path: Path) -> Iterator[tuple[ast.Call, str]]:
    """Every call in the file, with the name it calls (``f`` of ``f(…)`` and ``x.f(…)``)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            yield node, (func.id if isinstance(func, ast.Name) else getattr(func, "attr", ""))


def _unmarked(path: Path) -> list[str]:
    """Calls that pass a bare string (literal, f-string, a sum of strings, ``str(…)``) as a
    message, and Message values whose id pybabel cannot extract."""
    found = []
    for node, name in _calls(path):
        # Message(N_("…")), or a name bound to N_("…") ids (one sentence picked of several).
        if name == "Message" and not (
            node.args and (_marked_id(node.args[0]) or isinstance(node.args[0], ast.Name))
        ):
            found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {name}")
            continue
        index = MESSAGE_ARG.get(name)
        if index is None or len(node.args) <= index:
            continue
        if _bare(node.args[index]):
            found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {name}")
    return found


def test_every_service_api_and_core_message_is_marked():
    paths = [path for folder in CHECKED for path in sorted((PACKAGE / folder).rglob("*.py"))]
    unmarked = [line for path in paths for line in _unmarked(path)]
    assert unmarked == [], (
        "wrap these messages in lazy_gettext (services, API) or Message(N_(…)) (core):\n"
        + "\n".join(unmarked)
    )


#: What a console command says to a person: ``click.echo(…)``, ``fail(…)``, a ClickException.
CLI_MESSAGE_ARG = {"echo": 0, "fail": 0, "ClickException": 0, "UsageError": 0}


def _own_words(arg: ast.expr) -> bool:
    """Whether a string expression has English words of its own: a literal with letters in
    it, outside any call (``gettext("…")`` inside an f-string or a sum is marked)."""
    if isinstance(arg, ast.Constant):
        return isinstance(arg.value, str) and re.search("[A-Za-z]", arg.value) is not None
    if isinstance(arg, ast.JoinedStr):
        return any(_own_words(part) for part in arg.values)
    if isinstance(arg, ast.BinOp):
        return _own_words(arg.left) or _own_words(arg.right)
    if isinstance(arg, ast.IfExp):
        return _own_words(arg.body) or _own_words(arg.orelse)
    return False


def _unmarked_cli(path: Path) -> list[str]:
    """A command's output or error written in English words not marked for translation."""
    found = []
    for node, name in _calls(path):
        index = CLI_MESSAGE_ARG.get(name)
        if index is not None and len(node.args) > index and _own_words(node.args[index]):
            where = path.relative_to(PACKAGE.parent) if path.is_relative_to(PACKAGE) else path
            found.append(f"{where}:{node.lineno}: {name}")
    return found


def test_every_command_line_is_marked():
    """Commands speak the site's LANGUAGE (gettext outside a request answers it). The
    entry point's own "Error:" for a broken configuration is left: no app, so no LANGUAGE."""
    paths = sorted((PACKAGE / "cli").rglob("*.py"))
    unmarked = [line for path in paths for line in _unmarked_cli(path)]
    assert unmarked == ["claimtracker/cli/__init__.py:26: echo"], "\n".join(unmarked)


def test_the_command_check_finds_english_words(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'click.echo(f"Wrote {path}.")\nfail("not saved")\nclick.echo(raw)\n'
        'click.echo(gettext("Wrote %(path)s.", path=path))\n'
        'click.echo(f"{name}: {report.line()}")\n'
        'raise click.ClickException("no: " + gettext("fine"))\n'
    )
    assert [line.rsplit(": ", 1)[1] for line in _unmarked_cli(sample)] == [
        "echo",
        "fail",
        "ClickException",
    ]


def test_the_marking_check_finds_a_bare_message(tmp_path):
    sample = PACKAGE / "services" / "sample_for_the_check.py"
    try:
        sample.write_text(
            'raise Invalid(f"no claim {claim_id}")\nraise APIError(404, "gone")\n'
            'raise Invalid(_l("fine"))\nraise Invalid(str(err), field="url")\n'
            'raise FeedError("the feed is empty")\n'
            'raise InvalidURL(Message(N_("fine")))\n'
            'raise UnsupportedURL(Message(f"not {scheme}"), url)\n'
            'raise MalformedItem(Message(N_("fine %(x)s"), x=1))\n'
            'raise jobs.Fail(f"no article {article_id}")\n'
        )
        assert [line.rsplit(": ", 1)[1] for line in _unmarked(sample)] == [
            "Invalid",
            "APIError",
            "Invalid",
            "FeedError",
            "Fail",
            "Message",
        ]
    finally:
        sample.unlink()


def test_a_desk_form_shows_the_services_refusal_in_the_page_language(login_as, make_user):
    taken = make_user("reviewer").email
    admin, _ = login_as("admin")
    data = {"email": taken, "role": "reviewer", "password": PASSWORD}
    for lang, words in (
        ("en", f"an account for {taken} already exists"),
        ("es", f"ya existe una cuenta para {taken}"),
        ("fr", f"un compte existe déjà pour {taken}"),
    ):
        page = admin.post(f"/desk/admin/users?lang={lang}", data=data)
        assert page.status_code == 400, lang
        assert words in page.get_data(as_text=True), lang


def _api_refusals(client, tokens: dict[str, str], lang: str) -> tuple[dict, dict, dict]:
    headers = {"Accept-Language": lang}
    verdict = proposed_verdict(client, tokens["editor"])
    sign_off = client.post(
        f"/api/v1/verdicts/{verdict['id']}/sign-off",
        headers={**headers, **bearer(tokens["editor"])},
        json={"version": verdict["version"]},
    )
    not_json = client.post(
        "/api/v1/claims",
        headers={**headers, **bearer(tokens["editor"])},
        data="text",
        content_type="text/plain",
    )
    bad_query = client.get("/api/v1/claims?per_page=many", headers=headers)
    return sign_off.json, not_json.json, bad_query.json


def test_api_problem_details_follow_accept_language(app, client, make_user):
    tokens = {"editor": token_for(app, make_user("editor").email)}
    refused, not_json, bad_query = _api_refusals(client, tokens, "en")
    assert refused["detail"] == "a second editor must sign off: you wrote this verdict"
    assert not_json["detail"] == "send the body as application/json"
    assert bad_query["detail"] == "the query parameter 'per_page' is malformed"
    assert bad_query["errors"] == [{"field": "per_page", "detail": "must be an integer"}]
    refused, not_json, bad_query = _api_refusals(client, tokens, "es")
    assert refused["detail"] == "debe aprobarlo un segundo editor: usted escribió este veredicto"
    assert not_json["detail"] == "envíe el cuerpo como application/json"
    assert bad_query["detail"] == "el parámetro de consulta 'per_page' está mal formado"
    assert bad_query["errors"] == [{"field": "per_page", "detail": "debe ser un número entero"}]
    refused, _, _ = _api_refusals(client, tokens, "fr")
    assert refused["detail"] == "un second éditeur doit valider : vous avez rédigé ce verdict"


def test_a_command_answers_in_the_sites_language(make_app, make_user):
    taken = make_user("reviewer").email
    for language, line in (
        ("en", f"an account for {taken} already exists"),
        ("fr", f"un compte existe déjà pour {taken}"),
    ):
        site = make_app(LANGUAGE=language)
        result = site.test_cli_runner().invoke(
            args=["users", "create", taken, "--role", "reviewer", "--password-stdin"],
            input=PASSWORD + "\n",
        )
        assert result.exit_code == 1 and line in result.output, result.output


def test_outside_a_request_a_message_is_in_the_sites_language(make_app):
    site = make_app(LANGUAGE="es")
    with site.app_context():
        try:
            users.get(987654)
        except Exception as err:
            assert str(err) == "no existe la cuenta 987654"
        else:
            raise AssertionError("get_user found an account that does not exist")
        db.session.rollback()


#: Bodies with one schema error each, and what the error says in English, Spanish, French.
SCHEMA_ERRORS = [
    (
        {"text": 5},
        "text",
        (
            "5 is not of type 'string'",
            "5 no es del tipo 'string'",
            "5 n’est pas du type 'string'",
        ),
    ),
    (
        {},
        "(body)",
        (
            "'text' is a required property",
            "'text' es una propiedad obligatoria",
            "'text' est une propriété obligatoire",
        ),
    ),
    (
        {"text": "ok", "claimed": "2020-13-45"},
        "claimed",
        (
            '"2020-13-45" is not a valid date',
            '"2020-13-45" no es un valor date válido',
            '"2020-13-45" n’est pas une valeur date valide',
        ),
    ),
    (
        {"text": "x" * 501},
        "text",
        (
            '"' + "x" * 58 + "… is longer than 500 characters",
            '"' + "x" * 58 + "… tiene más de 500 caracteres",
            '"' + "x" * 58 + "… dépasse 500 caractères",
        ),
    ),
    (
        {"text": "ok", "bogus": "<b>"},
        "(body)",
        (
            "an unexpected property: 'bogus'",
            "una propiedad inesperada: 'bogus'",
            "une propriété inattendue : 'bogus'",
        ),
    ),
]


def test_schema_errors_are_ours_in_the_clients_language(app, client, make_user):
    """jsonschema's English is replaced by our own message per validator kind; the field
    path and the problem's status stay as they were."""
    token = token_for(app, make_user("editor").email)
    for body, field, words in SCHEMA_ERRORS:
        for lang, detail in zip(("en", "es", "fr"), words, strict=True):
            answer = client.post(
                "/api/v1/claims",
                headers={**bearer(token), "Accept-Language": lang},
                json=body,
            )
            assert answer.status_code == 422
            assert answer.mimetype == "application/problem+json"
            assert answer.json["errors"] == [{"field": field, "detail": detail}], (lang, body)


def test_a_commands_report_lines_are_in_the_sites_language(make_app, tmp_path):
    review = tmp_path / "review.json"
    review.write_text('{"@type": "ClaimReview", "claimReviewed": "Something"}')
    english = make_app(LANGUAGE="en").test_cli_runner()
    assert "No feed is followed yet" in english.invoke(args=["follow", "list"]).output
    imported = english.invoke(args=["import", str(review)]).output
    assert "skipped  item 1: the review has no url" in imported
    assert "0 imported, 0 updated, 1 skipped." in imported
    spanish = make_app(LANGUAGE="es").test_cli_runner()
    listing = spanish.invoke(args=["follow", "list"]).output
    assert "Todavía no se sigue ningún feed: claimtracker follow add URL" in listing
    imported = spanish.invoke(args=["import", str(review)]).output
    assert "omitida  elemento 1: la revisión no tiene url" in imported
    assert "0 importadas, 0 actualizadas, 1 omitidas." in imported
    french = make_app(LANGUAGE="fr").test_cli_runner()
    both = french.invoke(args=["recheck", "--all", "5"])
    assert both.exit_code == 2
    assert "indiquez --all ou des numéros d’article, pas les deux" in both.output
