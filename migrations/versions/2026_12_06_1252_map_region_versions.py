"""a version per map region, bumped by every pin write that changes what the region's tiles
show: the tile API's ETags and server-side cache are keyed by it

Revision ID: 9e4b1c7a2d52
Revises: 8d3f1b6c2a51
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "9e4b1c7a2d52"
down_revision = "8d3f1b6c2a51"
branch_labels = None
depends_on = None


def upgrade():
    # No rows to start with: a region without one is at version 0, and nothing is cached yet.
    op.create_table(
        "map_region_versions",
        sa.Column("rx", sa.Integer(), nullable=False),
        sa.Column("ry", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("rx", "ry", name=op.f("pk_map_region_versions")),
    )


def downgrade():
    op.drop_table("map_region_versions")
