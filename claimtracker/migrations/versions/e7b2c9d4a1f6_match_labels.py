"""match labels: reviewers' same / not-the-same decisions on suggested matches

Revision ID: e7b2c9d4a1f6
Revises: e5f7a9b1c3d4
Create Date: 2026-11-30 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e7b2c9d4a1f6'
down_revision = 'e5f7a9b1c3d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('match_label',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('passage', sa.Text(), nullable=False),
    sa.Column('passage_hash', sa.String(length=64), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('same', sa.Boolean(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_match_label_article_id_article'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_match_label_claim_id_claim'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_match_label_decided_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_label')),
    sa.UniqueConstraint('passage_hash', 'claim_id', 'article_id', name=op.f('uq_match_label_passage_hash'))
    )
    with op.batch_alter_table('match_label', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_label_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_label_passage_hash'), ['passage_hash'], unique=False)


def downgrade():
    with op.batch_alter_table('match_label', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_label_passage_hash'))
        batch_op.drop_index(batch_op.f('ix_match_label_claim_id'))
    op.drop_table('match_label')
