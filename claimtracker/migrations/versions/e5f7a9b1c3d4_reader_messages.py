"""readers' messages (error reports, claim suggestions) and a shared per-address rate count

Revision ID: e5f7a9b1c3d4
Revises: d4e8a1c2b6f3
Create Date: 2026-11-30 09:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e5f7a9b1c3d4'
down_revision = 'd4e8a1c2b6f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reader_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=True),
    sa.Column('contact', sa.String(length=200), nullable=True),
    sa.Column('desk_note', sa.Text(), nullable=True),
    sa.Column('draft_claim_id', sa.Integer(), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_reader_message_claim_id_claim'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['draft_claim_id'], ['claim.id'], name=op.f('fk_reader_message_draft_claim_id_claim'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['handled_by_id'], ['user.id'], name=op.f('fk_reader_message_handled_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reader_message'))
    )
    with op.batch_alter_table('reader_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reader_message_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reader_message_status'), ['status'], unique=False)
    op.create_table('rate_hit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_hit'))
    )
    with op.batch_alter_table('rate_hit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_hit_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_rate_hit_at'), ['at'], unique=False)


def downgrade():
    with op.batch_alter_table('rate_hit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_hit_at'))
        batch_op.drop_index(batch_op.f('ix_rate_hit_address'))
    op.drop_table('rate_hit')
    with op.batch_alter_table('reader_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reader_message_status'))
        batch_op.drop_index(batch_op.f('ix_reader_message_claim_id'))
    op.drop_table('reader_message')
