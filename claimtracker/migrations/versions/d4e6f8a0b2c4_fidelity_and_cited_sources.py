"""fidelity (the verdict's second axis) and cited sources on appearances (issue 11)

Revision ID: d4e6f8a0b2c4
Revises: e7b2c9d4a1f6
Create Date: 2026-11-30 09:40:00

Only ADD COLUMN and DROP COLUMN, never a batch rebuild: on SQLite a rebuild drops and
re-creates the table, and with foreign keys on, dropping ``verdict`` would set every
claim's current verdict to NULL (unpublishing it) and dropping ``appearance`` would
cascade to its quote changes. So ``appearance.cited_article_id`` has no database foreign
key (SQLite could add one only by a rebuild); services.cited_sources checks the article,
and articles are never deleted.
"""
from alembic import op
import sqlalchemy as sa


revision = 'd4e6f8a0b2c4'
down_revision = 'e7b2c9d4a1f6'
branch_labels = None
depends_on = None

VERDICT = [
    sa.Column('fidelity', sa.String(length=60), nullable=True),
    sa.Column('fidelity_label', sa.String(length=60), nullable=True),
]
APPEARANCE = [
    sa.Column('attributed_to', sa.String(length=300), nullable=True),
    sa.Column('cited_article_id', sa.Integer(), nullable=True),
    sa.Column('cited_excerpt', sa.Text(), nullable=True),
    sa.Column('cited_url', sa.String(length=2048), nullable=True),
    sa.Column('cited_archive_url', sa.String(length=2048), nullable=True),
    sa.Column('cited_exact', sa.Text(), nullable=True),
    sa.Column('cited_prefix', sa.String(length=200), nullable=True),
    sa.Column('cited_suffix', sa.String(length=200), nullable=True),
    sa.Column('cited_start', sa.Integer(), nullable=True),
    sa.Column('cited_end', sa.Integer(), nullable=True),
]


def upgrade():
    for column in VERDICT:
        op.add_column('verdict', column)
    op.create_index(op.f('ix_verdict_fidelity'), 'verdict', ['fidelity'], unique=False)
    for column in APPEARANCE:
        op.add_column('appearance', column)
    op.create_index(
        op.f('ix_appearance_cited_article_id'), 'appearance', ['cited_article_id'], unique=False
    )


def _drop(table, name):
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite 3.35+ drops a column in place; alembic outside batch mode would refuse
        op.execute(f'ALTER TABLE {table} DROP COLUMN {name}')
    else:
        op.drop_column(table, name)


def downgrade():
    op.drop_index(op.f('ix_appearance_cited_article_id'), table_name='appearance')
    for column in reversed(APPEARANCE):
        _drop('appearance', column.name)
    op.drop_index(op.f('ix_verdict_fidelity'), table_name='verdict')
    for column in reversed(VERDICT):
        _drop('verdict', column.name)
