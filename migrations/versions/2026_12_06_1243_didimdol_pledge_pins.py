"""Didimdol pledge pins: a donor business's place on the map, and the public offer pin each
published pledge keeps there

Revision ID: 3c7e91d0a243
Revises: 8d1f3b6a2e40
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "3c7e91d0a243"
down_revision = "8d1f3b6a2e40"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "didimdol_donor_places",
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["didimdol_enrolments.id"],
            name=op.f("fk_didimdol_donor_places_enrolment_id_didimdol_enrolments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"],
            ["users.id"],
            name=op.f("fk_didimdol_donor_places_set_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("enrolment_id", name=op.f("pk_didimdol_donor_places")),
    )
    op.create_table(
        "didimdol_pledge_pins",
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("pin_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pin_id"],
            ["pins.id"],
            name=op.f("fk_didimdol_pledge_pins_pin_id_pins"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["didimdol_pledges.id"],
            name=op.f("fk_didimdol_pledge_pins_pledge_id_didimdol_pledges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pledge_id", name=op.f("pk_didimdol_pledge_pins")),
        sa.UniqueConstraint("pin_id", name=op.f("uq_didimdol_pledge_pins_pin_id")),
    )


def downgrade():
    op.drop_table("didimdol_pledge_pins")
    op.drop_table("didimdol_donor_places")
