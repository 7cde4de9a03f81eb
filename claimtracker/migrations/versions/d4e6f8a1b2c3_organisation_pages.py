"""organisation pages (About, Methodology, Corrections policy, Contact) with history

Revision ID: d4e6f8a1b2c3
Revises: c3d5e7f90a12
Create Date: 2026-11-30 09:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd4e6f8a1b2c3'
down_revision = 'c3d5e7f90a12'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('page_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_page_revision_author_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_page_revision'))
    )
    with op.batch_alter_table('page_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_page_revision_slug'), ['slug'], unique=False)


def downgrade():
    with op.batch_alter_table('page_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_page_revision_slug'))
    op.drop_table('page_revision')
