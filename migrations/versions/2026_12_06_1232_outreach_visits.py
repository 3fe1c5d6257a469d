"""outreach visits in ordered rounds, their append-only amendments, seasonal sweeps with the
households they import (sealed, blind-indexed); the outreach visitor role

Revision ID: 3e9b5c7a2f41
Revises: 5e1d9b3a7c31
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "3e9b5c7a2f41"
down_revision = "5e1d9b3a7c31"
branch_labels = None
depends_on = None

ROLES_BEFORE = ("resident", "org_member", "moderator", "staff", "admin", "privacy_officer")
ROLES = ROLES_BEFORE + ("outreach_visitor",)
KINDS = ("home", "phone", "joint_with_nurse")
OUTCOMES = (
    "met_and_assessed",
    "not_home",
    "refused",
    "moved",
    "deceased",
    "urgent_referral",
    "no_need",
)


def _in(column, values):
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def set_role_check(roles, before):
    """As migration 1216: on SQLite the users table's stored SQL is edited (a batch rebuild
    would drop the table everything refers to); on PostgreSQL the CHECK is replaced."""
    if op.get_bind().dialect.name == "sqlite":
        bind = op.get_bind()
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


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _user_fk(column, table, ondelete="SET NULL"):
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete=ondelete
    )


def upgrade():
    op.create_table(
        "sweeps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_sweeps_period_in_order")),
        _user_fk("created_by_id", "sweeps"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sweeps")),
    )
    op.create_table(
        "sweep_dongs",
        sa.Column("sweep_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sweep_id"], ["sweeps.id"], name=op.f("fk_sweep_dongs_sweep_id_sweeps"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_sweep_dongs_area_id_areas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sweep_id", "area_id", name=op.f("pk_sweep_dongs")),
    )
    op.create_table(
        "sweep_households",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sweep_id", sa.Integer(), nullable=False),
        sa.Column("dong_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("phone", sa.Text(), nullable=False),
        sa.Column("phone_index", sa.String(length=64), nullable=True),
        sa.Column("address_text", sa.Text(), nullable=False),
        sa.Column("address_index", sa.String(length=64), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("identifying_erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sweep_id"], ["sweeps.id"], name=op.f("fk_sweep_households_sweep_id_sweeps"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dong_id"], ["areas.id"], name=op.f("fk_sweep_households_dong_id_areas")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sweep_households")),
        sa.UniqueConstraint(
            "sweep_id", "address_index", name=op.f("uq_sweep_households_sweep_id")
        ),
    )
    op.create_index(op.f("ix_sweep_households_sweep_id"), "sweep_households", ["sweep_id"])
    op.create_index(op.f("ix_sweep_households_dong_id"), "sweep_households", ["dong_id"])
    op.create_index(op.f("ix_sweep_households_phone_index"), "sweep_households", ["phone_index"])
    op.create_table(
        "visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dong_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("kind", _enum(KINDS, "visit_kind"), nullable=False),
        sa.Column("round_position", sa.Integer(), nullable=True),
        sa.Column("outcome", _enum(OUTCOMES, "visit_outcome"), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("next_visit_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("planned_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("identifying_erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(report_id IS NULL) <> (household_id IS NULL)", name=op.f("ck_visits_one_target")
        ),
        sa.ForeignKeyConstraint(["dong_id"], ["areas.id"], name=op.f("fk_visits_dong_id_areas")),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_visits_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["sweep_households.id"],
            name=op.f("fk_visits_household_id_sweep_households"), ondelete="CASCADE",
        ),
        _user_fk("recorded_by_id", "visits"),
        _user_fk("planned_by_id", "visits"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    op.create_index(op.f("ix_visits_dong_id"), "visits", ["dong_id"])
    op.create_index(op.f("ix_visits_report_id"), "visits", ["report_id"])
    op.create_index(op.f("ix_visits_household_id"), "visits", ["household_id"])
    op.create_index(op.f("ix_visits_planned_on"), "visits", ["planned_on"])
    op.create_table(
        "visit_visitors",
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_visit_visitors_visit_id_visits"),
            ondelete="CASCADE",
        ),
        _user_fk("user_id", "visit_visitors", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("visit_id", "user_id", name=op.f("pk_visit_visitors")),
    )
    op.create_index(op.f("ix_visit_visitors_user_id"), "visit_visitors", ["user_id"])
    op.create_table(
        "visit_amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_visit_amendments_visit_id_visits"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["by_id"], ["users.id"], name=op.f("fk_visit_amendments_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_amendments")),
    )
    op.create_index(op.f("ix_visit_amendments_visit_id"), "visit_amendments", ["visit_id"])
    # Append-only, held by the database itself (as access_log, migration 1216). DELETE stays
    # possible for retention (app.visits.retention).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER visit_amendments_append_only BEFORE UPDATE ON visit_amendments "
            "BEGIN SELECT RAISE(ABORT, 'visit_amendments is append-only'); END"
        )
    else:
        op.execute(
            "CREATE FUNCTION visit_amendments_refuse_update() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN RAISE EXCEPTION 'visit_amendments is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER visit_amendments_append_only BEFORE UPDATE ON visit_amendments "
            "FOR EACH ROW EXECUTE FUNCTION visit_amendments_refuse_update()"
        )
    set_role_check(ROLES, ROLES_BEFORE)


def downgrade():
    op.execute("UPDATE users SET role = 'resident' WHERE role = 'outreach_visitor'")
    set_role_check(ROLES_BEFORE, ROLES)
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute(
        "DROP TRIGGER IF EXISTS visit_amendments_append_only"
        + ("" if sqlite else " ON visit_amendments")
    )
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS visit_amendments_refuse_update()")
    op.drop_table("visit_amendments")
    op.drop_table("visit_visitors")
    op.drop_table("visits")
    op.drop_table("sweep_households")
    op.drop_table("sweep_dongs")
    op.drop_table("sweeps")
