"""vault: match messages (the proposal's, the thread's, the thanks), shared phone numbers and a
consent's own words sealed at rest

The columns become TEXT (a sealed value is longer than its plain text) and every existing
value is sealed with the vault's current key (app/vault.py); an empty database has nothing to
seal. On SQLite, matches and match_shared_contacts are not rebuilt: dropping them would delete,
by cascade, the rows that refer to them; their columns are replaced instead (ADD, copy, DROP,
RENAME).

Revision ID: 9c4e2a7b5d13
Revises: 4f2b7c9e1a08
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

from app.vault import open_text, seal_text

revision = "9c4e2a7b5d13"
down_revision = "4f2b7c9e1a08"
branch_labels = None
depends_on = None

# table, primary key, column, plain length before, nullable
SEALED = (
    ("matches", "id", "message", 500, True),
    ("matches", "id", "thank_you", 300, True),
    ("match_messages", "id", "body", None, False),
    ("match_shared_contacts", "id", "phone", 30, True),
    ("need_consents", "pin_id", "relation_other", 80, False),
)


def _convert(table, key, column, change):
    # Empty text holds nothing and stays as it is, as EncryptedText keeps it: an empty value is
    # neither sealed on the way up nor opened (it cannot be) on the way down.
    rows = op.get_bind().execute(
        sa.text(f"SELECT {key}, {column} FROM {table} WHERE length({column}) > 0")
    ).all()
    place = f"{table}.{column}"
    for row_key, value in rows:
        op.get_bind().execute(
            sa.text(f"UPDATE {table} SET {column} = :value WHERE {key} = :key"),
            {"value": change(place, value), "key": row_key},
        )


def _retype(table, column, new_type, old_type, nullable):
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column(table, column, type_=new_type, existing_type=old_type,
                        existing_nullable=nullable)
        return
    if table == "need_consents":  # nothing refers to it: a rebuild is safe
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(column, type_=new_type, existing_type=old_type,
                                  existing_nullable=nullable)
        return
    # Nullable, not indexed: a plain ADD, DROP (SQLite 3.35+) and RENAME, no rebuild.
    assert nullable
    op.add_column(table, sa.Column(f"{column}_retyped", new_type, nullable=True))
    op.execute(f"UPDATE {table} SET {column}_retyped = {column}")
    op.drop_column(table, column)
    op.execute(f"ALTER TABLE {table} RENAME COLUMN {column}_retyped TO {column}")


def upgrade():
    for table, key, column, length, nullable in SEALED:
        if length is not None:
            _retype(table, column, sa.Text(), sa.String(length=length), nullable)
        _convert(table, key, column, seal_text)


def downgrade():
    for table, key, column, length, nullable in SEALED:
        _convert(table, key, column, open_text)
        if length is not None:
            _retype(table, column, sa.String(length=length), sa.Text(), nullable)
