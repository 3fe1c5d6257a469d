"""retention: a record of each run of each retention rule, and the time a closed need's exact
point and description were destroyed (app.retention)

Revision ID: 9c1e4a7b3d18
Revises: 9c4e2a7b1d17
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "9c1e4a7b3d18"
down_revision = "9c4e2a7b1d17"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "retention_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("erased", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_runs")),
    )
    op.create_index(op.f("ix_retention_runs_kind"), "retention_runs", ["kind"])
    op.create_index(op.f("ix_retention_runs_ran_at"), "retention_runs", ["ran_at"])
    # A nullable ADD COLUMN: SQLite needs no rebuild of the pins table (and its geometry).
    op.add_column(
        "pins", sa.Column("exact_place_erased_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade():
    op.drop_column("pins", "exact_place_erased_at")  # SQLite 3.35+: DROP COLUMN, no rebuild
    op.drop_index(op.f("ix_retention_runs_ran_at"), table_name="retention_runs")
    op.drop_index(op.f("ix_retention_runs_kind"), table_name="retention_runs")
    op.drop_table("retention_runs")
