"""Claimant and outlet pages count repeats: appearances of their published claims
recorded after the claim was checked (services.reading.repeated_after_check, the rule
behind the claim page's "Seen again"). The quotes a check was made from are no repeat,
an unpublished claim's appearances are never counted, the pages cost the same number of
queries however many repeats there are, and a new repeat shows on the next request."""

from __future__ import annotations

import re
from datetime import date
from itertools import count

from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Claim, Claimant, Outlet, Role, User
from claimtracker.services import articles, claims, users
from tests.conftest import counting_queries

_urls = count(1)


def _editor() -> User:
    return users.get_by_email("repeats-ed@example.org") or users.create_user(
        "repeats-ed@example.org", None, Role.EDITOR, active=False
    )


def _repeat(claim_id: int, outlet: str) -> None:
    """An editor records a later article repeating the claim (the desk's "Same claim")."""
    n = next(_urls)
    claim = db.session.get(Claim, claim_id)
    article, _ = articles.log_article(
        _editor(),
        url=f"https://repeat.example/{n}",
        headline=f"Repeat story {n}",
        outlet=outlet,
        published_on=date(2021, 3, 4),
        text=f"Story {n}. Again: the bridge fell down twice, a reader wrote.",
    )
    claims.add_appearance(_editor(), claim, article, exact="the bridge fell down twice")


def _ids(app) -> tuple[int, int]:
    with app.app_context():
        claimant = db.session.scalar(select(Claimant.id).where(Claimant.name == "Pat Example"))
        outlet = db.session.scalar(select(Outlet.id).where(Outlet.name == "Repeat Weekly"))
    return claimant, outlet


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _rating(app, claim_id: int) -> str:
    with app.app_context():
        return db.session.get(Claim, claim_id).current_verdict.rating.label


def test_claimant_and_outlet_pages_count_repeats_after_the_check(app, client, publish):
    first, second, third = publish(3, appearances=2)  # their own quotes: no repeats
    with app.app_context():
        _repeat(first, "Repeat Weekly")
        _repeat(first, "Repeat Weekly")
        _repeat(first, "Other Daily")
        _repeat(second, "Repeat Weekly")
        # A draft by the same claimant, quoted by the same outlet, counts nowhere.
        draft = claims.create_claim(_editor(), text="A draft about bridges", claimant="Pat Example")
        db.session.flush()
        _repeat(draft.id, "Repeat Weekly")
        db.session.commit()
    claimant, outlet = _ids(app)

    page = _text(client.get(f"/claimants/{claimant}", follow_redirects=True).get_data(True))
    assert "2 claims by this claimant were repeated after we checked them, 4 times in all." in (
        page
    )
    assert page.count("seen again 3 times after it was checked") == 1
    assert page.count("seen again 1 time after it was checked") == 1
    assert "seen again" in page and "draft" not in page.lower()

    page = _text(client.get(f"/outlets/{outlet}", follow_redirects=True).get_data(True))
    assert "This outlet repeated claims we had already checked 3 times:" in page
    one, two = _rating(app, first), _rating(app, second)
    assert one != two
    assert f"1 claim rated {one}, repeated 2 times after they were checked" in page
    assert f"1 claim rated {two}, repeated 1 time after it was checked" in page

    # The outlet whose articles the check was made from repeated nothing after it.
    with app.app_context():
        source = db.session.scalar(select(Outlet.id).where(Outlet.name == "The Example Times"))
    page = client.get(f"/outlets/{source}", follow_redirects=True).get_data(as_text=True)
    assert "Repeated after the check" not in page
    assert third  # published, never repeated: no count on its row
    page = client.get(f"/claimants/{claimant}", follow_redirects=True).get_data(as_text=True)
    assert page.count("repeat-count") == 2


def test_counts_are_translated_with_plural_forms(app, client, publish):
    (claim_id,) = publish(1, appearances=1)
    with app.app_context():
        _repeat(claim_id, "Repeat Weekly")
        _repeat(claim_id, "Repeat Weekly")
        db.session.commit()
    claimant, outlet = _ids(app)
    es = _text(client.get(f"/claimants/{claimant}?lang=es", follow_redirects=True).get_data(True))
    assert "1 afirmación de este autor se repitió después de que la verificáramos," in es
    assert "2 veces en total." in es
    fr = _text(client.get(f"/outlets/{outlet}?lang=fr", follow_redirects=True).get_data(True))
    assert "Ce média a repris 2 fois des affirmations que nous avions déjà vérifiées :" in fr


def test_query_count_stays_flat_as_repeats_grow(app, client, publish):
    ids = publish(3, appearances=1)
    with app.app_context():
        _repeat(ids[0], "Repeat Weekly")
        db.session.commit()
    claimant, outlet = _ids(app)
    paths = (f"/claimants/{claimant}", f"/outlets/{outlet}")

    def queries() -> list[int]:
        counts = []
        for path in paths:
            with counting_queries(app) as statements:
                assert client.get(path, follow_redirects=True).status_code == 200
            counts.append(len(statements))
        return counts

    small = queries()
    more = publish(20, appearances=2)
    with app.app_context():
        for claim_id in more + ids:
            for outlet_name in ("Repeat Weekly", "Other Daily"):
                _repeat(claim_id, outlet_name)
        db.session.commit()
    assert queries() == small


def test_a_new_repeat_changes_the_counts_on_the_next_request(app, client, publish):
    (claim_id,) = publish(1, appearances=1)
    with app.app_context():
        _repeat(claim_id, "Repeat Weekly")
        db.session.commit()
    claimant, outlet = _ids(app)
    before = {}
    for path in (f"/claimants/{claimant}", f"/outlets/{outlet}"):
        first = client.get(path, follow_redirects=True)
        before[first.request.path] = first
    with app.app_context():
        _repeat(claim_id, "Repeat Weekly")
        db.session.commit()
    for path, first in before.items():
        assert "1 time" in _text(first.get_data(as_text=True))
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 200, path
        assert "2 times" in _text(again.get_data(as_text=True)), path


def test_the_demo_claims_quotes_are_not_repeats(app, client, demo):
    """The demo dates its verdicts to 2019; the quotes they were made from are not
    repeats found after them (on the claim page, nor counted on claimant pages)."""
    with app.app_context():
        claim_ids = list(db.session.scalars(select(Claim.id).where(Claim.is_published)))
        claimant_ids = list(db.session.scalars(select(Claimant.id)))
    assert claim_ids
    for claim_id in claim_ids:
        page = client.get(f"/claims/{claim_id}", follow_redirects=True).get_data(as_text=True)
        assert "Seen again" not in page, claim_id
    for claimant_id in claimant_ids:
        page = client.get(f"/claimants/{claimant_id}", follow_redirects=True)
        assert "Repeated after the check" not in page.get_data(as_text=True)
