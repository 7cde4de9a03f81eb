"""Property-based run of the whole OpenAPI document with schemathesis: every operation,
writes with an editor's token, on a database holding the demo case.

It requires no 5xx, documented status codes and content types, and bodies that match the
documented schemas. Bounded (few examples per operation) and derandomized so CI is stable.

The document is loaded with ``from_dict`` (it is built without an app), and each case is
sent to the test's own app through schemathesis' WSGI transport. (``from_fixture`` would be
the usual route, but its lazy loader does not work with pytest 9.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claimtracker.api.openapi import document
from tests.api.helpers import bearer, token_for

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_dict(document())


@pytest.fixture
def target(app, demo, make_user):
    """The app with the demo case, an editor's token, and exceptions shown as 500s."""
    editor = make_user("editor")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app, bearer(token_for(app, editor.email))


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_openapi_document(case, target):
    app, headers = target
    case.call_and_validate(app=app, headers=headers, checks=CHECKS)


def test_every_operation_is_covered():
    operations = {
        (op.method.upper(), op.path)
        for op in (result.ok() for result in schema.get_all_operations())
    }
    assert len(operations) == 16
    assert ("POST", "/api/v1/match") in operations
    assert ("POST", "/api/v1/appearances/{appearance_id}/cited-source") in operations
    assert ("POST", "/api/v1/verdicts/{verdict_id}/sign-off") in operations
    assert ("GET", "/api/v1/jobs/{job_id}") in operations
    assert ("GET", "/api/v1alpha1/claims:search") in operations
