"""submission keys: a create form sent twice saves once (one row per person, address and key)

Revision ID: 5b1f0c3e9a27
Revises: 5e1d7a3c9b20
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "5b1f0c3e9a27"
down_revision = "5e1d7a3c9b20"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_submissions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint(
            "user_id", "form", "key", name=op.f("uq_submissions_user_id")
        ),
    )


def downgrade():
    op.drop_table("submissions")
