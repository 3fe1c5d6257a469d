"""alert subscriptions: a person's or an organisation's alerts on new needs and offers in chosen
areas and categories, the daily runs that sent their digests, and the digest's notification kind

Revision ID: 3f7b2d9a6c15
Revises: 8e5a1d3c7f42
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "3f7b2d9a6c15"
down_revision = "8e5a1d3c7f42"
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
)
ALERT_KINDS = ("new_in_your_areas",)


def set_notification_kinds(kinds):
    """Replace the CHECK constraint on notifications.kind (a table rebuild on SQLite)."""
    allowed = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_constraint(op.f("ck_notifications_notification_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_notifications_notification_kind"), sa.text(f"kind IN ({allowed})")
        )


def _subscription(table):
    return sa.ForeignKeyConstraint(
        ["subscription_id"],
        ["alert_subscriptions.id"],
        name=op.f(f"fk_{table}_subscription_id_alert_subscriptions"),
        ondelete="CASCADE",
    )


def upgrade():
    op.create_table(
        "alert_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("needs", sa.Boolean(), nullable=False),
        sa.Column("offers", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(user_id IS NULL AND organisation_id IS NOT NULL)"
            " OR (user_id IS NOT NULL AND organisation_id IS NULL)",
            name=op.f("ck_alert_subscriptions_one_owner"),
        ),
        sa.CheckConstraint(
            "needs OR offers", name=op.f("ck_alert_subscriptions_follows_something")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_alert_subscriptions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"],
            name=op.f("fk_alert_subscriptions_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"],
            name=op.f("fk_alert_subscriptions_created_by_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_subscriptions")),
    )
    with op.batch_alter_table("alert_subscriptions") as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_subscriptions_user_id"), ["user_id"])
        batch_op.create_index(
            batch_op.f("ix_alert_subscriptions_organisation_id"), ["organisation_id"]
        )

    op.create_table(
        "alert_subscription_areas",
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        _subscription("alert_subscription_areas"),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_alert_subscription_areas_area_id_areas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "subscription_id", "area_id", name=op.f("pk_alert_subscription_areas")
        ),
    )
    op.create_table(
        "alert_subscription_categories",
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        _subscription("alert_subscription_categories"),
        sa.ForeignKeyConstraint(
            ["category_id"], ["categories.id"],
            name=op.f("fk_alert_subscription_categories_category_id_categories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "subscription_id", "category_id", name=op.f("pk_alert_subscription_categories")
        ),
    )
    op.create_table(
        "alert_runs",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("covered_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("covered_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("notifications", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_alert_runs")),
    )
    set_notification_kinds(KINDS_BEFORE + ALERT_KINDS)


def downgrade():
    op.execute(
        sa.text("DELETE FROM notifications WHERE kind IN :kinds").bindparams(
            sa.bindparam("kinds", ALERT_KINDS, expanding=True)
        )
    )
    set_notification_kinds(KINDS_BEFORE)
    op.drop_table("alert_runs")
    op.drop_table("alert_subscription_categories")
    op.drop_table("alert_subscription_areas")
    op.drop_table("alert_subscriptions")
