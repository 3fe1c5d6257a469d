"""organisations: record who reviewed (verified or turned down), not only who verified

Revision ID: 3b7c2f1e9a40
Revises: fd4d7d8b6b28
Create Date: 2026-11-22

"""

from alembic import op

revision = "3b7c2f1e9a40"
down_revision = "fd4d7d8b6b28"
branch_labels = None
depends_on = None


def _rename(old: str, new: str) -> None:
    # Batch mode rebuilds the table on SQLite (on PostgreSQL these are plain ALTERs). The new
    # foreign key goes in a second batch: in the same one, SQLite's rebuild loses it.
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.drop_constraint(f"fk_organisations_{old}_by_id_users", type_="foreignkey")
        batch_op.alter_column(f"{old}_by_id", new_column_name=f"{new}_by_id")
        batch_op.alter_column(f"{old}_at", new_column_name=f"{new}_at")
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.create_foreign_key(
            f"fk_organisations_{new}_by_id_users", "users", [f"{new}_by_id"], ["id"],
            ondelete="SET NULL",
        )


def upgrade():
    _rename("verified", "reviewed")


def downgrade():
    _rename("reviewed", "verified")
