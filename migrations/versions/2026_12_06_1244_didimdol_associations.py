"""Didimdol associations: their donor agreements with the city (signed PDF on disk), the CSV
lists of member businesses they send, and the invitations (email and phone sealed, the link's
key hashed)

Revision ID: 8a3429e0d758
Revises: 5c2e8a1f9d42
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "8a3429e0d758"
down_revision = "5c2e8a1f9d42"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "didimdol_associations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "medical",
                "dental",
                "pharmacists",
                "restaurants",
                "barbers",
                "cosmetologists",
                "bakeries",
                "other",
                name="didimdol_association_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_didimdol_associations_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_didimdol_associations")),
    )
    op.create_table(
        "didimdol_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("signatory_name", sa.String(length=100), nullable=False),
        sa.Column("signatory_title", sa.String(length=100), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("pdf_stored_name", sa.String(length=80), nullable=False),
        sa.Column("pdf_original_name", sa.String(length=160), nullable=False),
        sa.Column("pdf_size_bytes", sa.Integer(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=False),
        sa.Column("ended_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "valid_until IS NULL OR valid_until >= valid_from",
            name=op.f("ck_didimdol_agreements_valid_until_after_from"),
        ),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["didimdol_associations.id"],
            name=op.f("fk_didimdol_agreements_association_id_didimdol_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ended_by_id"],
            ["users.id"],
            name=op.f("fk_didimdol_agreements_ended_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_didimdol_agreements_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_didimdol_agreements")),
        sa.UniqueConstraint("pdf_stored_name", name=op.f("uq_didimdol_agreements_pdf_stored_name")),
    )
    op.create_index(
        op.f("ix_didimdol_agreements_association_id"), "didimdol_agreements", ["association_id"]
    )

    op.create_table(
        "didimdol_invitation_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("file_digest", sa.String(length=64), nullable=False),
        sa.Column("invited", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["didimdol_associations.id"],
            name=op.f("fk_didimdol_invitation_lists_association_id_didimdol_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"],
            ["users.id"],
            name=op.f("fk_didimdol_invitation_lists_sent_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_didimdol_invitation_lists")),
        sa.UniqueConstraint(
            "association_id",
            "file_digest",
            name=op.f("uq_didimdol_invitation_lists_association_id"),
        ),
    )
    op.create_index(
        op.f("ix_didimdol_invitation_lists_association_id"),
        "didimdol_invitation_lists",
        ["association_id"],
    )

    op.create_table(
        "didimdol_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=True),
        sa.Column("business_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("email_index", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.Text(), nullable=False),
        sa.Column("area", sa.String(length=100), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("enrolment_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["didimdol_associations.id"],
            name=op.f("fk_didimdol_invitations_association_id_didimdol_associations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["didimdol_enrolments.id"],
            name=op.f("fk_didimdol_invitations_enrolment_id_didimdol_enrolments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["didimdol_invitation_lists.id"],
            name=op.f("fk_didimdol_invitations_list_id_didimdol_invitation_lists"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_didimdol_invitations")),
        sa.UniqueConstraint(
            "association_id", "email_index", name=op.f("uq_didimdol_invitations_association_id")
        ),
        sa.UniqueConstraint("enrolment_id", name=op.f("uq_didimdol_invitations_enrolment_id")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_didimdol_invitations_key_hash")),
    )
    op.create_index(
        op.f("ix_didimdol_invitations_association_id"), "didimdol_invitations", ["association_id"]
    )


def downgrade():
    op.drop_index(op.f("ix_didimdol_invitations_association_id"), table_name="didimdol_invitations")

    op.drop_table("didimdol_invitations")
    op.drop_index(
        op.f("ix_didimdol_invitation_lists_association_id"), table_name="didimdol_invitation_lists"
    )

    op.drop_table("didimdol_invitation_lists")
    op.drop_index(op.f("ix_didimdol_agreements_association_id"), table_name="didimdol_agreements")

    op.drop_table("didimdol_agreements")
    op.drop_table("didimdol_associations")
