"""search in each claim's language: search_document.language, and on PostgreSQL a GIN
index whose text search configuration follows it (spanish, french, … simple)

Revision ID: a9c3e5f7b1d2
Revises: f1a2b3c4d5e6
Create Date: 2026-11-30 14:30:00

SQLite keeps its FTS5 table: the Snowball stems of a non-English claim are added to its
document when the document is next written (``claimtracker reindex`` writes them all).
"""
import re

from alembic import op
import sqlalchemy as sa


revision = 'a9c3e5f7b1d2'
down_revision = 'f1a2b3c4d5e6'
branch_labels = None
depends_on = None

# Keep in step with claimtracker.search.languages (CONFIGS, pg_config_case) and
# claimtracker.services.search.PG_TSVECTOR: the planner uses the index only when the
# query spells the same expression.
CONFIGS = {
    "da": "danish", "de": "german", "en": "english", "es": "spanish", "fi": "finnish",
    "fr": "french", "hu": "hungarian", "it": "italian", "nb": "norwegian", "nl": "dutch",
    "nn": "norwegian", "no": "norwegian", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sv": "swedish", "tr": "turkish",
}
CASE = (
    "CASE language "
    + " ".join(f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in sorted(CONFIGS.items()))
    + " ELSE 'simple'::regconfig END"
)
PG_TSVECTOR = (
    f"setweight(to_tsvector({CASE}, claim_text), 'A') || "
    f"setweight(to_tsvector({CASE}, claimant), 'B') || "
    f"setweight(to_tsvector({CASE}, quotes), 'B') || "
    f"setweight(to_tsvector({CASE}, summary), 'C')"
)
OLD_PG_TSVECTOR = (
    "setweight(to_tsvector('english'::regconfig, claim_text), 'A') || "
    "setweight(to_tsvector('english'::regconfig, claimant), 'B') || "
    "setweight(to_tsvector('english'::regconfig, quotes), 'B') || "
    "setweight(to_tsvector('english'::regconfig, summary), 'C')"
)


def _primary(language):
    return re.split(r"[-_]", (language or "").strip().lower(), maxsplit=1)[0] or "en"


def upgrade():
    # A plain ADD COLUMN (not batch mode): SQLite's FTS5 triggers on this table must stay.
    op.add_column(
        'search_document',
        sa.Column('language', sa.String(length=16), server_default='en', nullable=False),
    )
    bind = op.get_bind()
    languages = bind.execute(sa.text("SELECT DISTINCT language FROM claim")).scalars().all()
    for language in languages:
        code = _primary(language)
        if code != 'en':
            bind.execute(
                sa.text(
                    "UPDATE search_document SET language = :code WHERE claim_id IN "
                    "(SELECT id FROM claim WHERE language = :language)"
                ),
                {"code": code, "language": language},
            )
    if bind.dialect.name == 'postgresql':
        op.execute('DROP INDEX IF EXISTS ix_search_document_tsv')
        op.execute(
            f"CREATE INDEX ix_search_document_tsv ON search_document USING gin (({PG_TSVECTOR})) "
            "WHERE published"
        )


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP INDEX IF EXISTS ix_search_document_tsv')
        op.execute(
            f"CREATE INDEX ix_search_document_tsv ON search_document USING gin (({OLD_PG_TSVECTOR})) "
            "WHERE published"
        )
    op.drop_column('search_document', 'language')
