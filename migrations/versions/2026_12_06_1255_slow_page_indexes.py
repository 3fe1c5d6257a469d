"""Indexes for the pages still slow at city scale: the pin list's "expiring" order (needs of a
status by expiry date) and the staff among the users (the inbox's assignee choices)

Revision ID: 1255c4d2e8f7
Revises: 9e4b1c7a2d52
Create Date: 2026-12-06

"""

from alembic import op

revision = "1255c4d2e8f7"
down_revision = "9e4b1c7a2d52"
branch_labels = None
depends_on = None


# Plain indexes: no table rebuild, so the same on SpatiaLite (where pins is a spatial table)
# and PostGIS.
def upgrade():
    op.create_index("ix_pins_list_expiring", "pins", ["kind", "status", "expires_at", "id"])
    op.create_index("ix_users_role", "users", ["role"])


def downgrade():
    op.drop_index("ix_users_role", table_name="users")
    op.drop_index("ix_pins_list_expiring", table_name="pins")
