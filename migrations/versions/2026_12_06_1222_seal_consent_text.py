"""seal consent records' own words: a guardian's relationship and an override's reasons (the
notice version is the site's, not the person's, and stays plain)

Existing values are sealed with the vault's current key; empty text stays as it is. On SQLite
consent_records is rebuilt (nothing refers to it).

Revision ID: 3d6a9c2e7b22
Revises: 5b8d2e6f4a20
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

from app.vault import open_text, seal_text

revision = "3d6a9c2e7b22"
down_revision = "5b8d2e6f4a20"
branch_labels = None
depends_on = None

TABLE = "consent_records"
# column, its type before
SEALED = (("guardian_relationship", sa.String(length=80)), ("legal_basis_note", sa.Text()))


def _convert(column, change):
    rows = op.get_bind().execute(
        sa.text(f"SELECT id, {column} FROM {TABLE} WHERE length({column}) > 0")
    ).all()
    for row_id, value in rows:
        op.get_bind().execute(
            sa.text(f"UPDATE {TABLE} SET {column} = :value WHERE id = :id"),
            {"value": change(f"{TABLE}.{column}", value), "id": row_id},
        )


def upgrade():
    with op.batch_alter_table(TABLE) as batch_op:
        for column, before in SEALED:
            batch_op.alter_column(column, type_=sa.Text(), existing_type=before,
                                  existing_nullable=False)
    for column, _before in SEALED:
        _convert(column, seal_text)


def downgrade():
    for column, _before in SEALED:
        _convert(column, open_text)
    with op.batch_alter_table(TABLE) as batch_op:
        for column, before in SEALED:
            batch_op.alter_column(column, type_=before, existing_type=sa.Text(),
                                  existing_nullable=False)
