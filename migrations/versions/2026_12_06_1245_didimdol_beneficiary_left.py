"""Didimdol beneficiaries say why the facility stopped looking after them (left_reason): a
short list, or the withdrawal of their consent (by the person or their guardian)

Revision ID: 9e4b2c7a1245
Revises: 8a3429e0d758
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "9e4b2c7a1245"
down_revision = "8a3429e0d758"
branch_labels = None
depends_on = None

REASONS = (
    "moved_away",
    "no_longer_eligible",
    "died",
    "other",
    "consent_withdrawn_by_person",
    "consent_withdrawn_by_guardian",
)


def upgrade():
    # A plain nullable ADD COLUMN: every existing row is a person still looked after (or one
    # who left before reasons were kept), and no table rebuild is needed on SQLite.
    op.add_column(
        "didimdol_beneficiaries",
        sa.Column(
            "left_reason",
            sa.Enum(
                *REASONS,
                name="didimdol_left_reason",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
    )


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(
            op.f("ck_didimdol_beneficiaries_didimdol_left_reason"),
            "didimdol_beneficiaries",
            type_="check",
        )
    with op.batch_alter_table("didimdol_beneficiaries") as batch:
        batch.drop_column("left_reason")
