"""registration requests: an account exists only once its emailed link has been followed

Existing accounts are all confirmed already: they keep working as they are.

Revision ID: 7d3e1c5a9b20
Revises: 2812ed80d14b
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "7d3e1c5a9b20"
down_revision = "2812ed80d14b"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "registration_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("preferred_language", sa.String(length=8), nullable=True),
        sa.Column("email_language", sa.String(length=8), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("link_sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_requests")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_registration_requests_key_hash")),
    )
    with op.batch_alter_table("registration_requests") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registration_requests_email"), ["email"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_registration_requests_link_sent_at"), ["link_sent_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("registration_requests") as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_requests_link_sent_at"))
        batch_op.drop_index(batch_op.f("ix_registration_requests_email"))
    op.drop_table("registration_requests")
