"""search facets on search_document: rating, fidelity, claimant, year, outlets, tags (issue 8)

Revision ID: f2b4d6e8a0c1
Revises: d4e6f8a0b2c4
Create Date: 2026-11-30 14:10:00

Counting a search's facets read the verdict, claimant, appearance, article and tag
tables for up to 1,000 matching claims (the outlet join the largest); the values are
copied onto the claim's search row instead, so the count is one read of one table. Only
ADD COLUMN (see d4e6f8a0b2c4). Existing rows are filled here with UPDATE ... FROM (SQLite
3.33+, PostgreSQL). On SQLite the FTS5 update triggers are narrowed to the indexed
columns first, so filling (or later rewriting) a facet column never re-indexes the text.
"""
from alembic import op
import sqlalchemy as sa


revision = 'f2b4d6e8a0c1'
down_revision = 'd4e6f8a0b2c4'
branch_labels = None
depends_on = None

COLUMNS = [
    sa.Column('rating_id', sa.Integer(), nullable=True),
    sa.Column('fidelity', sa.String(length=60), nullable=True),
    sa.Column('fidelity_label', sa.String(length=60), nullable=True),
    sa.Column('claimant_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('outlet_ids', sa.Text(), nullable=True),
    sa.Column('tag_ids', sa.Text(), nullable=True),
]

FTS_COLUMNS = "claim_text, claimant, quotes, summary"


def _update_triggers(of: str) -> list[str]:
    """The two FTS5 update triggers of b7c41e9a5d20, firing on ``of`` ('' = any column)."""
    return [
        f"CREATE TRIGGER search_document_au_old AFTER UPDATE {of} ON search_document "
        f"WHEN old.published BEGIN INSERT INTO search_fts(search_fts, rowid, {FTS_COLUMNS}) "
        "VALUES ('delete', old.claim_id, old.claim_text, old.claimant, old.quotes, "
        "old.summary); END",
        f"CREATE TRIGGER search_document_au_new AFTER UPDATE {of} ON search_document "
        f"WHEN new.published BEGIN INSERT INTO search_fts(rowid, {FTS_COLUMNS}) VALUES "
        "(new.claim_id, new.claim_text, new.claimant, new.quotes, new.summary); END",
    ]


def _replace_triggers(of: str) -> None:
    for trigger in ('search_document_au_old', 'search_document_au_new'):
        op.execute(f'DROP TRIGGER IF EXISTS {trigger}')
    for statement in _update_triggers(of):
        op.execute(statement)


FILL_CLAIM = """
UPDATE search_document SET
    rating_id = v.rating_id, fidelity = v.fidelity, fidelity_label = v.fidelity_label,
    claimant_id = c.claimant_id, year = {year}, outlet_ids = '', tag_ids = ''
FROM claim c LEFT JOIN verdict v ON v.id = c.current_verdict_id
WHERE c.id = search_document.claim_id
"""
FILL_OUTLETS = """
UPDATE search_document SET outlet_ids = x.ids
FROM (SELECT a.claim_id AS claim_id, {agg} AS ids
      FROM appearance a JOIN article ar ON ar.id = a.article_id
      WHERE ar.outlet_id IS NOT NULL GROUP BY a.claim_id) AS x
WHERE x.claim_id = search_document.claim_id
"""
FILL_TAGS = """
UPDATE search_document SET tag_ids = x.ids
FROM (SELECT t.claim_id AS claim_id, {agg} AS ids FROM claim_tag t GROUP BY t.claim_id) AS x
WHERE x.claim_id = search_document.claim_id
"""


def upgrade():
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        _replace_triggers(f"OF {FTS_COLUMNS}, published")
    for column in COLUMNS:
        op.add_column('search_document', column)
    if sqlite:
        op.execute(FILL_CLAIM.format(year="CAST(strftime('%Y', c.claimed_on) AS INTEGER)"))
        # group_concat takes no separator with DISTINCT
        op.execute(FILL_OUTLETS.format(agg="replace(group_concat(DISTINCT ar.outlet_id), ',', ' ')"))
        op.execute(FILL_TAGS.format(agg="group_concat(t.tag_id, ' ')"))
    else:
        op.execute(FILL_CLAIM.format(year="CAST(EXTRACT(YEAR FROM c.claimed_on) AS INTEGER)"))
        op.execute(FILL_OUTLETS.format(agg="string_agg(DISTINCT ar.outlet_id::text, ' ')"))
        op.execute(FILL_TAGS.format(agg="string_agg(t.tag_id::text, ' ' ORDER BY t.tag_id)"))


def downgrade():
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for column in reversed(COLUMNS):
        if sqlite:
            op.execute(f'ALTER TABLE search_document DROP COLUMN {column.name}')
        else:
            op.drop_column('search_document', column.name)
    if sqlite:
        _replace_triggers("")
