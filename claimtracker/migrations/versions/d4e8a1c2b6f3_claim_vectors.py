"""claim vectors for matching, and the serial that tells a process its matrix is current

Revision ID: d4e8a1c2b6f3
Revises: d4e6f8a1b2c3
Create Date: 2026-11-30 09:25:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd4e8a1c2b6f3'
down_revision = 'd4e6f8a1b2c3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('claim_vector',
    sa.Column('claim_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_claim_vector_claim_id_claim'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_id', name=op.f('pk_claim_vector'))
    )
    with op.batch_alter_table('claim_vector', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_vector_serial'), ['serial'], unique=False)

    table = op.create_table('claim_vector_serial',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_vector_serial'))
    )
    op.bulk_insert(table, [{'id': 1, 'serial': 0}])


def downgrade():
    op.drop_table('claim_vector_serial')
    with op.batch_alter_table('claim_vector', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_vector_serial'))
    op.drop_table('claim_vector')
