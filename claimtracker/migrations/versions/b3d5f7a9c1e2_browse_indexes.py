"""browse indexes: an article's claims, a tag's claims, and verdicts by rating and by
faithfulness with their claim, so that browsing by a facet at a million claims reads
indexes only (issue 8)

Revision ID: b3d5f7a9c1e2
Revises: a9c3e5f7b1d2
Create Date: 2026-11-30 23:55:00

The two single-column indexes replaced (appearance.article_id, verdict.fidelity) are the
leading columns of their successors, which serve every lookup they served.
"""

from alembic import op


revision = 'b3d5f7a9c1e2'
down_revision = 'a9c3e5f7b1d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_appearance_article_claim", "appearance", ["article_id", "claim_id"])
    op.drop_index("ix_appearance_article_id", table_name="appearance")
    op.create_index("ix_claim_tag_tag_claim", "claim_tag", ["tag_id", "claim_id"])
    op.create_index("ix_verdict_rating_claim", "verdict", ["rating_id", "claim_id"])
    op.create_index("ix_verdict_fidelity_claim", "verdict", ["fidelity", "claim_id"])
    op.drop_index("ix_verdict_fidelity", table_name="verdict")


def downgrade():
    op.create_index("ix_verdict_fidelity", "verdict", ["fidelity"])
    op.drop_index("ix_verdict_fidelity_claim", table_name="verdict")
    op.drop_index("ix_verdict_rating_claim", table_name="verdict")
    op.drop_index("ix_claim_tag_tag_claim", table_name="claim_tag")
    op.create_index("ix_appearance_article_id", "appearance", ["article_id"])
    op.drop_index("ix_appearance_article_claim", table_name="appearance")
