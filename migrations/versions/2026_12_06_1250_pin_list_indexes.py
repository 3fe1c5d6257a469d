"""Pin list indexes: one per filter of /pins, each ending in the list's order (created_at, id),
so that a page and the page after a cursor are read from the index at any depth

Revision ID: 1250a7c3e5d1
Revises: 9e4b2c7a1245
Create Date: 2026-12-06

"""

from alembic import op

revision = "1250a7c3e5d1"
down_revision = "9e4b2c7a1245"
branch_labels = None
depends_on = None

# name -> the columns before the order. Plain indexes: no table rebuild, so the same on
# SpatiaLite (where pins is a spatial table) and PostGIS.
LIST_INDEXES = {
    "ix_pins_list_status": ("status",),
    "ix_pins_list_kind": ("kind", "status"),
    "ix_pins_list_category": ("category_id", "status"),
    "ix_pins_list_gu": ("public_gu_id", "status"),
    "ix_pins_list_dong": ("public_dong_id", "status"),
}


def upgrade():
    for name, columns in LIST_INDEXES.items():
        op.create_index(name, "pins", [*columns, "created_at", "id"])


def downgrade():
    for name in LIST_INDEXES:
        op.drop_index(name, table_name="pins")
