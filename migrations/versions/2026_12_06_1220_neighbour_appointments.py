"""neighbour appointments: Sharing Neighbours appointed by a dong office for a term, with their
confidentiality pledge (its scan sealed) and the card's verification token

Revision ID: 5b8d2e6f4a20
Revises: 9c1e4a7b3d18
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "5b8d2e6f4a20"
down_revision = "9c1e4a7b3d18"
branch_labels = None
depends_on = None

KINDS = (
    "shopkeeper",
    "postal_carrier",
    "meter_reader",
    "landlord",
    "council_member",
    "volunteer",
    "other",
)


def upgrade():
    op.create_table(
        "neighbour_appointments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("dong_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="neighbour_kind", native_enum=False, create_constraint=True,
                    length=32),
            nullable=False,
        ),
        sa.Column("kind_other", sa.String(length=80), nullable=False),
        sa.Column("term_starts_on", sa.Date(), nullable=False),
        sa.Column("term_ends_on", sa.Date(), nullable=False),
        sa.Column("pledge_signed_on", sa.Date(), nullable=False),
        sa.Column("pledge_version", sa.String(length=40), nullable=False),
        sa.Column("pledge_scan", sa.LargeBinary(), nullable=True),
        sa.Column("verification_token", sa.String(length=64), nullable=False),
        sa.Column("appointed_by_id", sa.Integer(), nullable=True),
        sa.Column("appointed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoke_reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "term_ends_on >= term_starts_on",
            name=op.f("ck_neighbour_appointments_term_in_order"),
        ),
        sa.CheckConstraint(
            "kind <> 'other' OR kind_other <> ''",
            name=op.f("ck_neighbour_appointments_other_kind_named"),
        ),
        sa.CheckConstraint(
            "revoked_at IS NULL OR revoke_reason <> ''",
            name=op.f("ck_neighbour_appointments_revocation_says_why"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"],
            name=op.f("fk_neighbour_appointments_person_id_users"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dong_id"], ["areas.id"], name=op.f("fk_neighbour_appointments_dong_id_areas"),
        ),
        sa.ForeignKeyConstraint(
            ["appointed_by_id"], ["users.id"],
            name=op.f("fk_neighbour_appointments_appointed_by_id_users"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["users.id"],
            name=op.f("fk_neighbour_appointments_revoked_by_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_neighbour_appointments")),
        sa.UniqueConstraint(
            "verification_token", name=op.f("uq_neighbour_appointments_verification_token")
        ),
    )
    op.create_index(
        op.f("ix_neighbour_appointments_person_id"),
        "neighbour_appointments",
        ["person_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_neighbour_appointments_dong_id"),
        "neighbour_appointments",
        ["dong_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(
        op.f("ix_neighbour_appointments_dong_id"), table_name="neighbour_appointments"
    )
    op.drop_index(
        op.f("ix_neighbour_appointments_person_id"), table_name="neighbour_appointments"
    )
    op.drop_table("neighbour_appointments")
