"""access log: one row per view, edit, export or download of a person's record, which the
database refuses to change; the privacy officer role; the monthly reviewed mark

Revision ID: 7a3c1e5b9d16
Revises: 9c4e2a7b5d13
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "7a3c1e5b9d16"
down_revision = "9c4e2a7b5d13"
branch_labels = None
depends_on = None

ROLES_BEFORE = ("resident", "org_member", "moderator", "staff", "admin")
ROLES = ROLES_BEFORE + ("privacy_officer",)
ACTIONS = ("view", "edit", "export", "download", "override")


def _in(column, values):
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def set_role_check(roles, before):
    """Widen or narrow the CHECK on users.role.

    On SQLite a batch rebuild of users would drop the table every other table refers to
    (with foreign keys on, cascading deletes): SQLite's documented way for a CHECK change is to
    edit the table's stored SQL (sqlite.org/lang_altertable.html, "other kinds of changes")."""
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


def upgrade():
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_role", sa.String(length=32), nullable=False),
        sa.Column("origin_ip", sa.String(length=45), nullable=True),
        sa.Column("user_agent", sa.String(length=16), nullable=True),
        sa.Column("subject_kind", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column(
            "action",
            sa.Enum(*ACTIONS, name="access_action", native_enum=False,
                    create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("route", sa.String(length=80), nullable=True),
        sa.CheckConstraint(
            "action NOT IN ('download', 'override') OR length(trim(coalesce(reason, ''))) > 0",
            name=op.f("ck_access_log_reason_given"),
        ),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_access_log_actor_id_users")),
        sa.ForeignKeyConstraint(["person_id"], ["users.id"], name=op.f("fk_access_log_person_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
    )
    op.create_index(op.f("ix_access_log_at"), "access_log", ["at"])
    op.create_index(op.f("ix_access_log_actor_id"), "access_log", ["actor_id"])
    op.create_index(op.f("ix_access_log_person_id"), "access_log", ["person_id"])
    op.create_table(
        "access_log_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["users.id"],
            name=op.f("fk_access_log_reviews_reviewed_by_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log_reviews")),
        sa.UniqueConstraint("month", name=op.f("uq_access_log_reviews_month")),
    )
    # Append-only, held by the database itself: no UPDATE from the app, a console or a bug.
    # DELETE stays possible for the retention job (app.access_log.delete_expired_access_log).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER access_log_append_only BEFORE UPDATE ON access_log "
            "BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END"
        )
    else:
        op.execute(
            "CREATE FUNCTION access_log_refuse_update() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'access_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER access_log_append_only BEFORE UPDATE ON access_log "
            "FOR EACH ROW EXECUTE FUNCTION access_log_refuse_update()"
        )
    set_role_check(ROLES, ROLES_BEFORE)


def downgrade():
    op.execute("UPDATE users SET role = 'resident' WHERE role = 'privacy_officer'")
    set_role_check(ROLES_BEFORE, ROLES)
    op.drop_table("access_log_reviews")
    op.execute("DROP TRIGGER IF EXISTS access_log_append_only" + (
        "" if op.get_bind().dialect.name == "sqlite" else " ON access_log"))
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS access_log_refuse_update()")
    op.drop_index(op.f("ix_access_log_person_id"), table_name="access_log")
    op.drop_index(op.f("ix_access_log_actor_id"), table_name="access_log")
    op.drop_index(op.f("ix_access_log_at"), table_name="access_log")
    op.drop_table("access_log")
