"""site version: one number that moves when the rating scale (or a site setting) changes

Revision ID: c3d5e7f90a12
Revises: bf8833af8e4b
Create Date: 2026-11-30 06:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c3d5e7f90a12'
down_revision = 'bf8833af8e4b'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('site_version',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_version'))
    )
    op.bulk_insert(table, [{'id': 1, 'version': 1}])


def downgrade():
    op.drop_table('site_version')
