"""pending additions: reviewers' sources, appearances and public notes on published
claims, held for an editor (issue 13)

Revision ID: f1a2b3c4d5e6
Revises: 307e5a031df8
Create Date: 2026-11-30 14:10:00

A new table only: nothing existing is rebuilt.
"""
from alembic import op
import sqlalchemy as sa


revision = 'f1a2b3c4d5e6'
down_revision = '307e5a031df8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pending_addition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('result_id', sa.Integer(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_pending_addition_author_id_user')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_pending_addition_claim_id_claim'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_pending_addition_decided_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_addition'))
    )
    with op.batch_alter_table('pending_addition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_addition_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_addition_state'), ['state'], unique=False)


def downgrade():
    with op.batch_alter_table('pending_addition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_addition_state'))
        batch_op.drop_index(batch_op.f('ix_pending_addition_claim_id'))
    op.drop_table('pending_addition')
