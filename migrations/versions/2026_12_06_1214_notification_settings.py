"""notification settings: a notification for every match step and before a need expires; per
kind, on the site only, email at once or a daily digest (the email statuses that say so); the
expiry date a need's author was last reminded of

Revision ID: 4f2b7c9e1a08
Revises: 3f7b2c9d4e10
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "4f2b7c9e1a08"
down_revision = "3f7b2c9d4e10"
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
)
NEW_KINDS = (
    "match_proposed",
    "match_accepted",
    "match_declined",
    "match_withdrawn",
    "match_fulfilled",
    "offer_need_fulfilled",
    "need_expiring",
)
STATUSES_BEFORE = ("pending", "sent", "failed", "not_sent")
NEW_STATUSES = ("site_only", "digest", "in_digest")
DELIVERIES = ("site_only", "email_at_once", "daily_digest")


def _in(column, values):
    return sa.text(f"{column} IN ({', '.join(repr(value) for value in values)})")


def set_notification_checks(kinds, statuses):
    """Replace the CHECK constraints on notifications (a table rebuild on SQLite)."""
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_constraint(op.f("ck_notifications_notification_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_notifications_notification_kind"), _in("kind", kinds)
        )
        batch_op.drop_constraint(op.f("ck_notifications_email_status"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_notifications_email_status"), _in("email_status", statuses)
        )


def upgrade():
    kinds = KINDS_BEFORE + NEW_KINDS
    op.create_table(
        "notification_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*kinds, name="notification_kind", native_enum=False,
                    create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column(
            "delivery",
            sa.Enum(*DELIVERIES, name="notification_delivery", native_enum=False,
                    create_constraint=True, length=32),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"],
            name=op.f("fk_notification_preferences_user_id_users"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_preferences")),
        sa.UniqueConstraint(
            "user_id", "kind", name=op.f("uq_notification_preferences_user_id")
        ),
    )
    # A plain ADD COLUMN: no rebuild of pins (its geometry and the tables that refer to it).
    op.add_column("pins", sa.Column("expiry_reminded_for", sa.DateTime(timezone=True)))
    set_notification_checks(kinds, STATUSES_BEFORE + NEW_STATUSES)


def downgrade():
    op.execute(
        sa.text("DELETE FROM notifications WHERE kind IN :kinds").bindparams(
            sa.bindparam("kinds", NEW_KINDS, expanding=True)
        )
    )
    # What was held for a digest or kept on the site is, before this revision, not emailed.
    op.execute(
        sa.text("UPDATE notifications SET email_status = 'not_sent' WHERE email_status IN :s")
        .bindparams(sa.bindparam("s", NEW_STATUSES, expanding=True))
    )
    set_notification_checks(KINDS_BEFORE, STATUSES_BEFORE)
    op.drop_column("pins", "expiry_reminded_for")  # SQLite 3.35+: DROP COLUMN, no rebuild
    op.drop_table("notification_preferences")
