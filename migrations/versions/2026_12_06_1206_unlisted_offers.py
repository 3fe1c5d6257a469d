"""unlisted offers: the private offer that "I can help" on a need's page makes for its match

Revision ID: 7d3a9e5c2b81
Revises: 4b8e2f6a1c39
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "7d3a9e5c2b81"
down_revision = "4b8e2f6a1c39"
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN with a constant default: SQLite needs no table rebuild for it.
    op.add_column(
        "pins", sa.Column("listed", sa.Boolean(), nullable=False, server_default=sa.true())
    )


def downgrade():
    op.drop_column("pins", "listed")
