"""A published claim's page says where it was seen again: articles that repeated it after
it was checked (the desk's "Same claim"), with outlet and date; none before that."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Claim, Role
from claimtracker.services import articles, claims, users


def test_a_repeat_found_after_publication_is_seen_again(app, client, publish):
    (claim_id,) = publish(1, appearances=1, outlet="First Gazette")
    page = client.get(f"/claims/{claim_id}", follow_redirects=True).get_data(as_text=True)
    assert "Seen again" not in page  # its own first appearance is no repeat
    with app.app_context():
        # After publication only an editor adds an appearance (services/policies.py).
        editor = users.create_user("later@example.org", None, Role.EDITOR)
        article, _ = articles.log_article(
            editor,
            url="https://repeat.example/story",
            headline="The bridge story again",
            outlet="Repeat Weekly",
            published_on=date(2021, 3, 4),
            text="Again today: bridge 1 fell down twice, a reader wrote.",
        )
        claim = db.session.scalar(select(Claim).where(Claim.id == claim_id))
        claims.add_appearance(editor, claim, article, exact="bridge 1 fell down twice")
        db.session.commit()
    page = client.get(f"/claims/{claim_id}", follow_redirects=True).get_data(as_text=True)
    assert "Seen again after it was checked:" in page
    line = page.split("Seen again after it was checked:")[1].split("</p>")[0]
    assert "Repeat Weekly" in line and "2021" in line
    assert "First Gazette" not in line
    spanish = client.get(f"/claims/{claim_id}?lang=es", follow_redirects=True)
    assert "Visto de nuevo tras la verificación:" in spanish.get_data(as_text=True)
