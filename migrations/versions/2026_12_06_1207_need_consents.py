"""need consents: a need posted for a neighbour records their consent

Revision ID: 8e5a1d3c7f42
Revises: 7d3a9e5c2b81
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "8e5a1d3c7f42"
down_revision = "7d3a9e5c2b81"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "need_consents",
        sa.Column("pin_id", sa.Integer(), nullable=False),
        sa.Column(
            "relation",
            sa.Enum(
                "family",
                "neighbour",
                "friend",
                "carer",
                "other",
                name="consent_relationship",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("relation_other", sa.String(length=80), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "in_person",
                "phone",
                "writing",
                "other",
                name="consent_channel",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["pin_id"], ["pins.id"], name=op.f("fk_need_consents_pin_id_pins"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pin_id", name=op.f("pk_need_consents")),
    )


def downgrade():
    op.drop_table("need_consents")
