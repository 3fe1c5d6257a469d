"""reports say how they arrived (the site's form, a partner through Open311, a missed check-in)
and whether an active Sharing Neighbour sent them

Revision ID: 6c2a8e4b1d30
Revises: 4b7d2e9a1c19
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "6c2a8e4b1d30"
down_revision = "4b7d2e9a1c19"
branch_labels = None
depends_on = None

CHANNELS = ("web", "open311", "checkin")


def upgrade():
    # Plain ADD COLUMNs with constant defaults: SQLite cannot rebuild a SpatiaLite table in a
    # batch (its geometry's triggers and foreign keys refuse the rename), and needs no rebuild.
    op.add_column(
        "reports",
        sa.Column(
            "channel",
            sa.Enum(
                *CHANNELS,
                name="report_channel",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
            server_default="web",
        ),
    )
    op.add_column(
        "reports",
        sa.Column(
            "from_sharing_neighbour", sa.Boolean(), nullable=False, server_default=sa.false()
        ),
    )


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_reports_report_channel"), "reports", type_="check")
    op.drop_column("reports", "from_sharing_neighbour")
    op.drop_column("reports", "channel")
