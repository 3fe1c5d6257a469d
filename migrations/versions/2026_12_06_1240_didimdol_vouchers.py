"""Didimdol vouchers: donor enrolments (registration number sealed and blind-indexed) with
their dated history, pledges and the dongs they serve, designated facilities with quotas and
areas, beneficiaries (name and phone sealed), vouchers (code hashed and sealed, PIN hashed), an
append-only ledger and donation records (the database refuses UPDATE and DELETE), wrong codes
typed at the counter; the programme officer role

Revision ID: 8d1f3b6a2e40
Revises: 8e3f1a6c2b33
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "8d1f3b6a2e40"
down_revision = "8e3f1a6c2b33"
branch_labels = None
depends_on = None

ROLES_BEFORE = (
    "resident",
    "org_member",
    "moderator",
    "staff",
    "admin",
    "privacy_officer",
    "outreach_visitor",
)
ROLES = ROLES_BEFORE + ("programme_officer",)
APPEND_ONLY = ("didimdol_ledger", "didimdol_donations")


def _in(column, values):
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def set_role_check(roles, before):
    """As migration 1216 does: SQLite's stored SQL edited (a rebuild of users would cascade)."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
        bind.exec_driver_sql("PRAGMA writable_schema = ON")
        bind.execute(
            sa.text(
                "UPDATE sqlite_master SET sql = replace(sql, :old, :new) "
                "WHERE type = 'table' AND name = 'users'"
            ),
            {"old": _in("role", before), "new": _in("role", roles)},
        )
        stored = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'users'")
        assert _in("role", roles) in stored.scalar(), "the role CHECK was not found"
        bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
        bind.exec_driver_sql("PRAGMA writable_schema = OFF")
        return
    op.drop_constraint(op.f("ck_users_user_role"), "users", type_="check")
    op.create_check_constraint(op.f("ck_users_user_role"), "users", sa.text(_in("role", roles)))


def make_append_only(table):
    """The ledger is evidence: no UPDATE nor DELETE, from the app, a console or a bug."""
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
        return
    op.execute(
        f"CREATE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{table} is append-only'; END $$"
    )
    op.execute(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change()"
    )


def drop_append_only(table):
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        return
    op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    op.execute(f"DROP FUNCTION IF EXISTS {table}_refuse_change()")


def upgrade():
    op.create_table(
        "didimdol_enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("business_number", sa.Text(), nullable=False),
        sa.Column("business_number_index", sa.String(length=64), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "requested",
                "approved",
                "suspended",
                "ended",
                name="didimdol_enrolment_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_didimdol_enrolments_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_didimdol_enrolments_requested_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_didimdol_enrolments")),
        sa.UniqueConstraint(
            "business_number_index", name=op.f("uq_didimdol_enrolments_business_number_index")
        ),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_didimdol_enrolments_organisation_id")),
    )
    op.create_table(
        "didimdol_facilities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("monthly_quota", sa.Integer(), nullable=False),
        sa.Column("designated_by_id", sa.Integer(), nullable=True),
        sa.Column("designated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "monthly_quota >= 0", name=op.f("ck_didimdol_facilities_quota_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["designated_by_id"],
            ["users.id"],
            name=op.f("fk_didimdol_facilities_designated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_didimdol_facilities_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_didimdol_facilities")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_didimdol_facilities_organisation_id")),
    )
    op.create_table(
        "didimdol_beneficiaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("phone", sa.Text(), nullable=False),
        sa.Column("phone_index", sa.String(length=64), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=False),
        sa.Column("target_groups", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_didimdol_beneficiaries_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["didimdol_facilities.id"],
            name=op.f("fk_didimdol_beneficiaries_facility_id_didimdol_facilities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_didimdol_beneficiaries")),
    )
    op.create_index(
        op.f("ix_didimdol_beneficiaries_facility_id"), "didimdol_beneficiaries", ["facility_id"]
    )
    op.create_index(
        op.f("ix_didimdol_beneficiaries_phone_index"), "didimdol_beneficiaries", ["phone_index"]
    )

    op.create_table(
        "didimdol_enrolment_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "requested",
                "approved",
                "suspended",
                "ended",
                name="didimdol_enrolment_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_id"],
            ["users.id"],
            name=op.f("fk_didimdol_enrolment_changes_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["didimdol_enrolments.id"],
            name=op.f("fk_didimdol_enrolment_changes_enrolment_id_didimdol_enrolments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_didimdol_enrolment_changes")),
    )
    op.create_index(
        op.f("ix_didimdol_enrolment_changes_enrolment_id"),
        "didimdol_enrolment_changes",
        ["enrolment_id"],
    )

    op.create_table(
        "didimdol_facility_dongs",
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
            name=op.f("fk_didimdol_facility_dongs_area_id_areas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["didimdol_facilities.id"],
            name=op.f("fk_didimdol_facility_dongs_facility_id_didimdol_facilities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("facility_id", "area_id", name=op.f("pk_didimdol_facility_dongs")),
    )
    op.create_table(
        "didimdol_pledges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "goods",
                "service",
                name="didimdol_pledge_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("unit", sa.String(length=80), nullable=False),
        sa.Column("unit_value", sa.Integer(), nullable=False),
        sa.Column("monthly_capacity", sa.Integer(), nullable=False),
        sa.Column("target_groups", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("how_to_redeem", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "published",
                "paused",
                "ended",
                name="didimdol_pledge_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "monthly_capacity > 0", name=op.f("ck_didimdol_pledges_capacity_positive")
        ),
        sa.CheckConstraint("unit_value > 0", name=op.f("ck_didimdol_pledges_unit_value_positive")),
        sa.CheckConstraint(
            "valid_until >= valid_from", name=op.f("ck_didimdol_pledges_validity_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_didimdol_pledges_category_id_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["didimdol_enrolments.id"],
            name=op.f("fk_didimdol_pledges_enrolment_id_didimdol_enrolments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_didimdol_pledges")),
    )
    op.create_index(op.f("ix_didimdol_pledges_category_id"), "didimdol_pledges", ["category_id"])
    op.create_index(op.f("ix_didimdol_pledges_enrolment_id"), "didimdol_pledges", ["enrolment_id"])

    op.create_table(
        "didimdol_wrong_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["didimdol_enrolments.id"],
            name=op.f("fk_didimdol_wrong_codes_enrolment_id_didimdol_enrolments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_didimdol_wrong_codes")),
    )
    op.create_index(
        op.f("ix_didimdol_wrong_codes_enrolment_id"), "didimdol_wrong_codes", ["enrolment_id"]
    )

    op.create_table(
        "didimdol_pledge_dongs",
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
            name=op.f("fk_didimdol_pledge_dongs_area_id_areas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["didimdol_pledges.id"],
            name=op.f("fk_didimdol_pledge_dongs_pledge_id_didimdol_pledges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pledge_id", "area_id", name=op.f("pk_didimdol_pledge_dongs")),
    )
    op.create_table(
        "didimdol_vouchers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_index", sa.String(length=64), nullable=False),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("pin_hash", sa.String(length=255), nullable=True),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "issued",
                "redeemed",
                "expired",
                "cancelled",
                name="didimdol_voucher_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("redeemed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("redeemed_by_id", sa.Integer(), nullable=True),
        sa.Column("redeemed_pledge_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(pledge_id IS NULL) <> (category_id IS NULL)",
            name=op.f("ck_didimdol_vouchers_pledge_or_category"),
        ),
        sa.CheckConstraint("units > 0", name=op.f("ck_didimdol_vouchers_units_positive")),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"],
            ["didimdol_beneficiaries.id"],
            name=op.f("fk_didimdol_vouchers_beneficiary_id_didimdol_beneficiaries"),
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_didimdol_vouchers_category_id_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["didimdol_facilities.id"],
            name=op.f("fk_didimdol_vouchers_facility_id_didimdol_facilities"),
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"],
            ["users.id"],
            name=op.f("fk_didimdol_vouchers_issued_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["didimdol_pledges.id"],
            name=op.f("fk_didimdol_vouchers_pledge_id_didimdol_pledges"),
        ),
        sa.ForeignKeyConstraint(
            ["redeemed_by_id"],
            ["users.id"],
            name=op.f("fk_didimdol_vouchers_redeemed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["redeemed_pledge_id"],
            ["didimdol_pledges.id"],
            name=op.f("fk_didimdol_vouchers_redeemed_pledge_id_didimdol_pledges"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_didimdol_vouchers")),
        sa.UniqueConstraint("code_index", name=op.f("uq_didimdol_vouchers_code_index")),
    )
    op.create_index(
        op.f("ix_didimdol_vouchers_beneficiary_id"), "didimdol_vouchers", ["beneficiary_id"]
    )
    op.create_index(op.f("ix_didimdol_vouchers_facility_id"), "didimdol_vouchers", ["facility_id"])
    op.create_index(op.f("ix_didimdol_vouchers_issued_at"), "didimdol_vouchers", ["issued_at"])
    op.create_index(op.f("ix_didimdol_vouchers_pledge_id"), "didimdol_vouchers", ["pledge_id"])

    op.create_table(
        "didimdol_donations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "goods",
                "service",
                name="didimdol_pledge_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("unit_value", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("cancels_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cancels_id"],
            ["didimdol_donations.id"],
            name=op.f("fk_didimdol_donations_cancels_id_didimdol_donations"),
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["didimdol_enrolments.id"],
            name=op.f("fk_didimdol_donations_enrolment_id_didimdol_enrolments"),
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["didimdol_pledges.id"],
            name=op.f("fk_didimdol_donations_pledge_id_didimdol_pledges"),
        ),
        sa.ForeignKeyConstraint(
            ["voucher_id"],
            ["didimdol_vouchers.id"],
            name=op.f("fk_didimdol_donations_voucher_id_didimdol_vouchers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_didimdol_donations")),
        sa.UniqueConstraint("cancels_id", name=op.f("uq_didimdol_donations_cancels_id")),
    )
    op.create_index(op.f("ix_didimdol_donations_at"), "didimdol_donations", ["at"])
    op.create_index(
        op.f("ix_didimdol_donations_enrolment_id"), "didimdol_donations", ["enrolment_id"]
    )
    op.create_index(op.f("ix_didimdol_donations_voucher_id"), "didimdol_donations", ["voucher_id"])

    op.create_table(
        "didimdol_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "issued",
                "redeemed",
                "reversed",
                "expired",
                "cancelled",
                name="didimdol_ledger_event_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_didimdol_ledger_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["voucher_id"],
            ["didimdol_vouchers.id"],
            name=op.f("fk_didimdol_ledger_voucher_id_didimdol_vouchers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_didimdol_ledger")),
    )
    op.create_index(op.f("ix_didimdol_ledger_at"), "didimdol_ledger", ["at"])
    op.create_index(op.f("ix_didimdol_ledger_voucher_id"), "didimdol_ledger", ["voucher_id"])

    for table in APPEND_ONLY:
        make_append_only(table)
    set_role_check(ROLES, ROLES_BEFORE)


def downgrade():
    op.execute("UPDATE users SET role = 'resident' WHERE role = 'programme_officer'")
    set_role_check(ROLES_BEFORE, ROLES)
    for table in APPEND_ONLY:
        drop_append_only(table)
    op.drop_index(op.f("ix_didimdol_ledger_voucher_id"), table_name="didimdol_ledger")
    op.drop_index(op.f("ix_didimdol_ledger_at"), table_name="didimdol_ledger")

    op.drop_table("didimdol_ledger")
    op.drop_index(op.f("ix_didimdol_donations_voucher_id"), table_name="didimdol_donations")
    op.drop_index(op.f("ix_didimdol_donations_enrolment_id"), table_name="didimdol_donations")
    op.drop_index(op.f("ix_didimdol_donations_at"), table_name="didimdol_donations")

    op.drop_table("didimdol_donations")
    op.drop_index(op.f("ix_didimdol_vouchers_pledge_id"), table_name="didimdol_vouchers")
    op.drop_index(op.f("ix_didimdol_vouchers_issued_at"), table_name="didimdol_vouchers")
    op.drop_index(op.f("ix_didimdol_vouchers_facility_id"), table_name="didimdol_vouchers")
    op.drop_index(op.f("ix_didimdol_vouchers_beneficiary_id"), table_name="didimdol_vouchers")

    op.drop_table("didimdol_vouchers")
    op.drop_table("didimdol_pledge_dongs")
    op.drop_index(op.f("ix_didimdol_wrong_codes_enrolment_id"), table_name="didimdol_wrong_codes")

    op.drop_table("didimdol_wrong_codes")
    op.drop_index(op.f("ix_didimdol_pledges_enrolment_id"), table_name="didimdol_pledges")
    op.drop_index(op.f("ix_didimdol_pledges_category_id"), table_name="didimdol_pledges")

    op.drop_table("didimdol_pledges")
    op.drop_table("didimdol_facility_dongs")
    op.drop_index(
        op.f("ix_didimdol_enrolment_changes_enrolment_id"), table_name="didimdol_enrolment_changes"
    )

    op.drop_table("didimdol_enrolment_changes")
    op.drop_index(
        op.f("ix_didimdol_beneficiaries_phone_index"), table_name="didimdol_beneficiaries"
    )
    op.drop_index(
        op.f("ix_didimdol_beneficiaries_facility_id"), table_name="didimdol_beneficiaries"
    )

    op.drop_table("didimdol_beneficiaries")
    op.drop_table("didimdol_facilities")
    op.drop_table("didimdol_enrolments")
