"""failed jobs: background jobs that used up their retries, for /admin/jobs

Revision ID: 5b0c1e7f9a21
Revises: 7d3e1c5a9b20
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "5b0c1e7f9a21"
down_revision = "7d3e1c5a9b20"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "failed_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_name", sa.String(length=200), nullable=False),
        sa.Column("arguments", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retried_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retried_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["retried_by_id"], ["users.id"], name=op.f("fk_failed_jobs_retried_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failed_jobs")),
    )
    with op.batch_alter_table("failed_jobs") as batch_op:
        batch_op.create_index(batch_op.f("ix_failed_jobs_failed_at"), ["failed_at"], unique=False)


def downgrade():
    with op.batch_alter_table("failed_jobs") as batch_op:
        batch_op.drop_index(batch_op.f("ix_failed_jobs_failed_at"))
    op.drop_table("failed_jobs")
