"""account deletion: a deleted account's time, and the notification that tells the other side
of a match that it ended because the person left

Revision ID: 3f7b2c9d4e10
Revises: 3f7b2d9a6c15
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "3f7b2c9d4e10"
down_revision = "3f7b2d9a6c15"
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
)
NEW_KINDS = ("match_ended_account_deleted",)


def set_notification_kinds(kinds):
    """Replace the CHECK constraint on notifications.kind (a table rebuild on SQLite)."""
    allowed = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_constraint(op.f("ck_notifications_notification_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_notifications_notification_kind"), sa.text(f"kind IN ({allowed})")
        )


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    set_notification_kinds(KINDS_BEFORE + NEW_KINDS)


def downgrade():
    op.execute(
        sa.text("DELETE FROM notifications WHERE kind IN ('match_ended_account_deleted')")
    )
    set_notification_kinds(KINDS_BEFORE)
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("deleted_at")
