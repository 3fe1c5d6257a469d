"""privacy: a log of staff areas given and taken away (administrators hold areas too)

Revision ID: 5e1d7a3c9b20
Revises: 2812ed80d14b
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "5e1d7a3c9b20"
down_revision = "2812ed80d14b"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "staff_area_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("area_code", sa.String(length=20), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_staff_area_changes_area_id_areas"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"],
            name=op.f("fk_staff_area_changes_changed_by_id_users"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_staff_area_changes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_area_changes")),
    )
    with op.batch_alter_table("staff_area_changes") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_area_changes_user_id"), ["user_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("staff_area_changes") as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_area_changes_user_id"))
    op.drop_table("staff_area_changes")
