"""Didimdol receipts and signboards: serial counters (one row per series, numbers taken under
the row's lock), the donee's year-end receipts and certificates (the donor's registration
number sealed; one standing document per donor, kind and year), and numbered signboards (one
standing per donor)

Revision ID: 5c2e9a7d1b41
Revises: 3c7e91d0a243
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "5c2e9a7d1b41"
down_revision = "3c7e91d0a243"
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _user_fk(column, table):
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete="SET NULL"
    )


def upgrade():
    op.create_table(
        "didimdol_serials",
        sa.Column("series", sa.String(length=80), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("series", name=op.f("pk_didimdol_serials")),
    )

    table = "didimdol_donation_documents"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("donee_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind", _enum("didimdol_donation_document_kind", "receipt", "certificate"), nullable=False
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("donor_name", sa.String(length=160), nullable=False),
        sa.Column("business_number", sa.Text(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column(
            "status", _enum("didimdol_donation_document_status", "issued", "void"), nullable=False
        ),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        sa.Column("void_reason", sa.String(length=500), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f(f"ck_{table}_amount_positive")),
        sa.CheckConstraint("serial > 0", name=op.f(f"ck_{table}_serial_positive")),
        sa.ForeignKeyConstraint(
            ["donee_id"], ["organisations.id"], name=op.f(f"fk_{table}_donee_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["didimdol_enrolments.id"],
            name=op.f(f"fk_{table}_enrolment_id_didimdol_enrolments"),
        ),
        _user_fk("issued_by_id", table),
        _user_fk("voided_by_id", table),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("token", name=op.f(f"uq_{table}_token")),
    )
    op.create_index(op.f(f"ix_{table}_donee_id"), table, ["donee_id"])
    op.create_index(op.f(f"ix_{table}_enrolment_id"), table, ["enrolment_id"])
    op.create_index(
        f"uq_{table}_serial", table, ["donee_id", "kind", "year", "serial"], unique=True
    )
    op.create_index(
        f"uq_{table}_standing",
        table,
        ["donee_id", "kind", "year", "enrolment_id"],
        unique=True,
        sqlite_where=sa.text("status = 'issued'"),
        postgresql_where=sa.text("status = 'issued'"),
    )

    table = "didimdol_signboards"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoke_reason", sa.String(length=500), nullable=False),
        sa.CheckConstraint("number > 0", name=op.f(f"ck_{table}_number_positive")),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["didimdol_enrolments.id"],
            name=op.f(f"fk_{table}_enrolment_id_didimdol_enrolments"),
        ),
        _user_fk("issued_by_id", table),
        _user_fk("revoked_by_id", table),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("number", name=op.f(f"uq_{table}_number")),
    )
    op.create_index(op.f(f"ix_{table}_enrolment_id"), table, ["enrolment_id"])
    op.create_index(
        f"uq_{table}_standing",
        table,
        ["enrolment_id"],
        unique=True,
        sqlite_where=sa.text("revoked_at IS NULL"),
        postgresql_where=sa.text("revoked_at IS NULL"),
    )


def downgrade():
    op.drop_table("didimdol_signboards")
    op.drop_table("didimdol_donation_documents")
    op.drop_table("didimdol_serials")
