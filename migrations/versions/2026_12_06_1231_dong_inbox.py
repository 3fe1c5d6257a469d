"""the dong inbox: a report's triage (level, deadline), acknowledgement, escalation, assignee
and outcome; its append-only history; notification kinds for new, emergency and escalated
reports

Revision ID: 5e1d9b3a7c31
Revises: 6c2a8e4b1d30
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "5e1d9b3a7c31"
down_revision = "6c2a8e4b1d30"
branch_labels = None
depends_on = None

KINDS_BEFORE = (
    "consortium_invitation",
    "invitation_accepted",
    "invitation_declined",
    "proposal_submitted",
    "proposal_withdrawn",
    "reviewer_assigned",
    "results_published",
    "story_published",
    "story_rejected",
    "story_unpublished",
    "story_hidden",
    "story_winner",
    "idea_answered",
    "idea_assigned",
    "comment_hidden",
    "match_message",
    "new_in_your_areas",
    "match_ended_account_deleted",
    "match_proposed",
    "match_accepted",
    "match_declined",
    "match_withdrawn",
    "match_fulfilled",
    "offer_need_fulfilled",
    "need_expiring",
)
REPORT_KINDS = ("report_received", "report_emergency", "report_escalated")
LEVELS = ("emergency", "urgent", "normal")
OUTCOMES = ("case_opened", "referred", "no_need", "unable_to_locate", "duplicate")
EVENT_KINDS = ("triaged", "acknowledged", "assigned", "escalated", "status_changed", "closed")
# (column, referred table): nullable, no ON DELETE action (accounts and reports are never
# deleted; SQLite's reflection could not read an action back from an ADD COLUMN).
REFERENCES = (
    ("triaged_by_id", "users"),
    ("acknowledged_by_id", "users"),
    ("assignee_id", "users"),
    ("merged_into_id", "reports"),
)
# What a history row may never change: all but `note` (re-sealed by key rotation, erased by
# retention).
FIXED = ("id", "report_id", "kind", "at", "actor_id", "detail")


def _in(column, values):
    return sa.text(f"{column} IN ({', '.join(repr(value) for value in values)})")


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def set_notification_kinds(kinds):
    for table in ("notifications", "notification_preferences"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_notification_kind"), type_="check")
            batch_op.create_check_constraint(
                op.f(f"ck_{table}_notification_kind"), _in("kind", kinds)
            )


def add_reference(column, table):
    """A nullable reference from reports. SQLite: the REFERENCES clause inside ADD COLUMN
    (reports is a SpatiaLite table, which a batch rebuild would break); PostgreSQL: a named
    foreign key."""
    name = f"fk_reports_{column}_{table}"
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE reports ADD COLUMN {column} INTEGER "
            f"CONSTRAINT {name} REFERENCES {table} (id)"
        )
        return
    op.add_column("reports", sa.Column(column, sa.Integer(), nullable=True))
    op.create_foreign_key(name, "reports", table, [column], ["id"])


def upgrade():
    op.add_column("reports", sa.Column("triage_level", _enum(LEVELS, "report_triage_level")))
    op.add_column("reports", sa.Column("triaged_at", sa.DateTime(timezone=True)))
    op.add_column("reports", sa.Column("due_at", sa.DateTime(timezone=True)))
    op.add_column("reports", sa.Column("acknowledged_at", sa.DateTime(timezone=True)))
    op.add_column("reports", sa.Column("escalated_at", sa.DateTime(timezone=True)))
    op.add_column("reports", sa.Column("outcome", _enum(OUTCOMES, "report_outcome")))
    for column, table in REFERENCES:
        add_reference(column, table)
    op.create_index(op.f("ix_reports_due_at"), "reports", ["due_at"])
    op.create_index(op.f("ix_reports_assignee_id"), "reports", ["assignee_id"])

    op.create_table(
        "report_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum(EVENT_KINDS, "report_event_kind"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_report_events_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_report_events_actor_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_events")),
    )
    op.create_index(op.f("ix_report_events_report_id"), "report_events", ["report_id"])
    # Append-only, held by the database (as the access log): what happened, who and when never
    # change. Deleting stays possible only with the report itself (ON DELETE CASCADE).
    if op.get_bind().dialect.name == "sqlite":
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FIXED)
        op.execute(
            "CREATE TRIGGER report_events_append_only BEFORE UPDATE ON report_events "
            f"WHEN {changed} "
            "BEGIN SELECT RAISE(ABORT, 'report_events is append-only'); END"
        )
    else:
        changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in FIXED)
        op.execute(
            "CREATE FUNCTION report_events_refuse_update() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN IF {changed} THEN "
            "RAISE EXCEPTION 'report_events is append-only'; END IF; RETURN NEW; END $$"
        )
        op.execute(
            "CREATE TRIGGER report_events_append_only BEFORE UPDATE ON report_events "
            "FOR EACH ROW EXECUTE FUNCTION report_events_refuse_update()"
        )
    set_notification_kinds(KINDS_BEFORE + REPORT_KINDS)


def downgrade():
    op.execute(
        sa.text("DELETE FROM notifications WHERE kind IN :kinds").bindparams(
            sa.bindparam("kinds", REPORT_KINDS, expanding=True)
        )
    )
    op.execute(
        sa.text("DELETE FROM notification_preferences WHERE kind IN :kinds").bindparams(
            sa.bindparam("kinds", REPORT_KINDS, expanding=True)
        )
    )
    set_notification_kinds(KINDS_BEFORE)
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute(
        "DROP TRIGGER IF EXISTS report_events_append_only" + ("" if sqlite else " ON report_events")
    )
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS report_events_refuse_update()")
    op.drop_index(op.f("ix_report_events_report_id"), table_name="report_events")
    op.drop_table("report_events")
    op.drop_index(op.f("ix_reports_assignee_id"), table_name="reports")
    op.drop_index(op.f("ix_reports_due_at"), table_name="reports")
    for column, table in REFERENCES:
        if not sqlite:
            op.drop_constraint(f"fk_reports_{column}_{table}", "reports", type_="foreignkey")
    if not sqlite:
        op.drop_constraint(op.f("ck_reports_report_outcome"), "reports", type_="check")
        op.drop_constraint(op.f("ck_reports_report_triage_level"), "reports", type_="check")
    for column in (
        "merged_into_id",
        "assignee_id",
        "acknowledged_by_id",
        "triaged_by_id",
        "outcome",
        "escalated_at",
        "acknowledged_at",
        "due_at",
        "triaged_at",
        "triage_level",
    ):
        op.drop_column("reports", column)  # SQLite 3.35+: DROP COLUMN, no rebuild
