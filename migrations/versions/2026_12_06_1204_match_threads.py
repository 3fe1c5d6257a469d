"""match threads: private messages per match, read markers, the place or phone number the need's
author shares with the accepted helper (with each view logged), and a thank-you on fulfilment

Revision ID: 9c4e2a7b1d53
Revises: 5b1f0c3e9a27
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "9c4e2a7b1d53"
down_revision = "5b1f0c3e9a27"
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
)
THREAD_KINDS = ("match_message",)


def set_notification_kinds(kinds):
    """Replace the CHECK constraint on notifications.kind (a table rebuild on SQLite)."""
    allowed = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_constraint(op.f("ck_notifications_notification_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_notifications_notification_kind"), sa.text(f"kind IN ({allowed})")
        )


def _user(column, table, ondelete):
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete=ondelete
    )


def _match(table):
    return sa.ForeignKeyConstraint(
        ["match_id"], ["matches.id"], name=op.f(f"fk_{table}_match_id_matches"),
        ondelete="CASCADE",
    )


def upgrade():
    op.create_table(
        "match_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _match("match_messages"),
        _user("author_id", "match_messages", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_messages")),
    )
    with op.batch_alter_table("match_messages") as batch_op:
        batch_op.create_index("ix_match_messages_match_id_id", ["match_id", "id"], unique=False)

    op.create_table(
        "match_thread_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("last_read_message_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        _match("match_thread_reads"),
        _user("user_id", "match_thread_reads", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_thread_reads")),
        sa.UniqueConstraint("match_id", "user_id", name=op.f("uq_match_thread_reads_match_id")),
    )
    with op.batch_alter_table("match_thread_reads") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_match_thread_reads_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "match_shared_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("shared_by_id", sa.Integer(), nullable=True),
        sa.Column("shares_place", sa.Boolean(), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        _match("match_shared_contacts"),
        _user("shared_by_id", "match_shared_contacts", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_shared_contacts")),
    )
    with op.batch_alter_table("match_shared_contacts") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_match_shared_contacts_match_id"), ["match_id"], unique=False
        )

    op.create_table(
        "match_shared_contact_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shared_contact_id", sa.Integer(), nullable=False),
        sa.Column("viewer_id", sa.Integer(), nullable=True),
        sa.Column("viewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["shared_contact_id"], ["match_shared_contacts.id"],
            name=op.f("fk_match_shared_contact_views_shared_contact_id_match_shared_contacts"),
            ondelete="CASCADE",
        ),
        _user("viewer_id", "match_shared_contact_views", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_shared_contact_views")),
    )
    with op.batch_alter_table("match_shared_contact_views") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_match_shared_contact_views_shared_contact_id"),
            ["shared_contact_id"],
            unique=False,
        )

    with op.batch_alter_table("matches") as batch_op:
        batch_op.add_column(sa.Column("thank_you", sa.String(length=300), nullable=True))

    set_notification_kinds(KINDS_BEFORE + THREAD_KINDS)


def downgrade():
    op.execute(
        sa.text("DELETE FROM notifications WHERE kind IN :kinds").bindparams(
            sa.bindparam("kinds", THREAD_KINDS, expanding=True)
        )
    )
    set_notification_kinds(KINDS_BEFORE)
    with op.batch_alter_table("matches") as batch_op:
        batch_op.drop_column("thank_you")
    op.drop_table("match_shared_contact_views")
    op.drop_table("match_shared_contacts")
    op.drop_table("match_thread_reads")
    op.drop_table("match_messages")
