"""Bad query parameters give a clear message or an empty result, never a 500."""

from __future__ import annotations

import pytest

from claimtracker.services import search


@pytest.mark.parametrize(
    "args,message",
    [
        ({"page": "999"}, "There is no page 999"),
        ({"from": "2019-13-45"}, "Ignored the from date"),
        ({"to": "yesterday"}, "Ignored the to date"),
        ({"rating": "pants-on-fire"}, "No fact checks are rated"),
        ({"q": "x" * 5000}, "shortened"),
        ({"sort": "sideways"}, "Unknown sort order"),
        ({"page": "-3"}, "malformed page"),
        ({"q": '""'}, "had no words"),
    ],
)
def test_bad_params_explain_themselves(client, demo, args, message):
    resp = client.get("/claims", query_string=args)
    assert resp.status_code == 200
    assert message in resp.get_data(as_text=True)


@pytest.mark.parametrize(
    "path,status",
    [
        # listings read their parameters leniently: a page, with a message where needed
        ("/claims?claimant=abc", 200),
        ("/claims?outlet=99999999999999999999", 200),
        ("/claims?tag=" + "t" * 500, 200),
        ("/claims?from=2020-01-01&to=2019-01-01", 200),
        ("/claims?page=0", 200),
        ("/claims?page=1e9", 200),
        ("/claimants/1?page=99999", 200),
        ("/outlets/1?page=abc", 200),
        ("/claims?q=%00%ff", 200),
        ("/claims?rating=%27%22<>", 200),
        # a thing that does not exist is not found
        ("/claimants/99999", 404),
        ("/articles/99999", 404),
        ("/oembed?url=http://localhost/claims/99999999999999999999", 404),
    ],
)
def test_odd_urls_never_500(client, demo, path, status):
    assert client.get(path, follow_redirects=True).status_code == status


def test_unknown_filter_values_give_empty_results(client, demo):
    html = client.get("/claims?claimant=99999").get_data(as_text=True)
    assert "No fact checks match" in html


def test_query_terms_are_sanitised():
    assert search.terms('DNA AND( "kevin  cooper" * NEAR(x -y') == [
        "DNA",
        "AND",
        "kevin cooper",
        "NEAR",
        "x",
        "y",
    ]
    assert search.fts5_match(["a", "b c"]) == '"a" AND "b c"'
    assert len(search.terms(" ".join(f"w{i}" for i in range(100)))) == search.MAX_TERMS


def test_date_range_filter(client, demo):
    html = client.get("/claims?from=2019-06-01&to=2019-06-01").get_data(as_text=True)
    assert "Photos and video on state property" in html
    assert "DNA testing" not in html
