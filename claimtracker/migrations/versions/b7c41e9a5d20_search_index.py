"""search index: search_document + FTS5 (SQLite) or a GIN tsvector index (PostgreSQL)

Revision ID: b7c41e9a5d20
Revises: 2e1fd3e86c56
Create Date: 2026-11-28 04:05:00

The FTS5 table, its triggers and the GIN expression index are not in the models;
migrations/env.py and tests/test_migrations.py leave them out of autogenerate.
"""
from alembic import op
import sqlalchemy as sa


revision = 'b7c41e9a5d20'
down_revision = '2e1fd3e86c56'
branch_labels = None
depends_on = None

FTS_COLUMNS = "claim_text, claimant, quotes, summary"

# Keep in step with claimtracker.services.search.PG_TSVECTOR: the planner uses the index
# only when the query spells the same expression.
PG_TSVECTOR = (
    "setweight(to_tsvector('english'::regconfig, claim_text), 'A') || "
    "setweight(to_tsvector('english'::regconfig, claimant), 'B') || "
    "setweight(to_tsvector('english'::regconfig, quotes), 'B') || "
    "setweight(to_tsvector('english'::regconfig, summary), 'C')"
)

SQLITE_DDL = [
    # External content: the text lives once, in search_document; only published claims
    # are indexed, so the ranked set never includes drafts.
    f"CREATE VIRTUAL TABLE search_fts USING fts5({FTS_COLUMNS}, content='search_document', "
    "content_rowid='claim_id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_document_ai AFTER INSERT ON search_document WHEN new.published "
    f"BEGIN INSERT INTO search_fts(rowid, {FTS_COLUMNS}) VALUES (new.claim_id, "
    "new.claim_text, new.claimant, new.quotes, new.summary); END",
    "CREATE TRIGGER search_document_ad AFTER DELETE ON search_document WHEN old.published "
    f"BEGIN INSERT INTO search_fts(search_fts, rowid, {FTS_COLUMNS}) VALUES ('delete', "
    "old.claim_id, old.claim_text, old.claimant, old.quotes, old.summary); END",
    "CREATE TRIGGER search_document_au_old AFTER UPDATE ON search_document WHEN old.published "
    f"BEGIN INSERT INTO search_fts(search_fts, rowid, {FTS_COLUMNS}) VALUES ('delete', "
    "old.claim_id, old.claim_text, old.claimant, old.quotes, old.summary); END",
    "CREATE TRIGGER search_document_au_new AFTER UPDATE ON search_document WHEN new.published "
    f"BEGIN INSERT INTO search_fts(rowid, {FTS_COLUMNS}) VALUES (new.claim_id, "
    "new.claim_text, new.claimant, new.quotes, new.summary); END",
]

POPULATE = """
INSERT INTO search_document (claim_id, claim_text, claimant, quotes, summary, published, changed_at)
SELECT c.id,
       c.text || ' ' || COALESCE(c.long_text, ''),
       COALESCE(cl.name, ''),
       COALESCE((SELECT {agg} FROM appearance a WHERE a.claim_id = c.id), ''),
       COALESCE(v.summary, ''),
       (c.status = 'published' AND c.current_verdict_id IS NOT NULL),
       CURRENT_TIMESTAMP
FROM claim c
LEFT JOIN claimant cl ON cl.id = c.claimant_id
LEFT JOIN verdict v ON v.id = c.current_verdict_id
"""


def upgrade():
    op.create_table('search_document',
    sa.Column('claim_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('claim_text', sa.Text(), nullable=False),
    sa.Column('claimant', sa.Text(), nullable=False),
    sa.Column('quotes', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_search_document_claim_id_claim'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_id', name=op.f('pk_search_document'))
    )
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_document_changed_at'), ['changed_at'], unique=False)

    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for statement in SQLITE_DDL:
            op.execute(statement)
        op.execute(POPULATE.format(agg='group_concat(a."exact", \' \')'))
    else:
        op.execute(
            f"CREATE INDEX ix_search_document_tsv ON search_document USING gin (({PG_TSVECTOR})) "
            "WHERE published"
        )
        op.execute(POPULATE.format(agg='string_agg(a."exact", \' \' ORDER BY a.id)'))


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for trigger in ('search_document_ai', 'search_document_ad', 'search_document_au_old',
                        'search_document_au_new'):
            op.execute(f'DROP TRIGGER IF EXISTS {trigger}')
        op.execute('DROP TABLE IF EXISTS search_fts')
    else:
        op.execute('DROP INDEX IF EXISTS ix_search_document_tsv')
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_document_changed_at'))
    op.drop_table('search_document')
