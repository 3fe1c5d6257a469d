"""privacy: a log of staff areas given and taken away (administrators hold areas too); the
areas of a pin's public point; the author's agreement to show a need's words to everyone

After upgrading, run `flask map rebuild-clusters`: the map's counted cells are now keyed by the
public point's areas, which differ from the exact point's where a cell straddles a boundary.

Revision ID: 5e1d7a3c9b20
Revises: 5b0c1e7f9a21
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "5e1d7a3c9b20"
down_revision = "5b0c1e7f9a21"
branch_labels = None
depends_on = None


PUBLIC_AREAS = (("public_dong_id", "ix_pins_public_dong_id"), ("public_gu_id", "ix_pins_public_gu_id"))


def _point(dialect: str) -> str:
    if dialect == "sqlite":
        return "MakePoint(pins.public_lon, pins.public_lat, 4326)"
    return "ST_SetSRID(ST_MakePoint(pins.public_lon, pins.public_lat), 4326)"


def _add_public_areas() -> None:
    # No foreign key (see Pin.public_dong_id): SQLite cannot add one without rebuilding pins.
    for column, index in PUBLIC_AREAS:
        op.add_column("pins", sa.Column(column, sa.Integer(), nullable=True))
        op.create_index(index, "pins", [column], unique=False)


def _fill_public_areas(dialect: str) -> None:
    """As app.areas.services.dong_and_gu_at does at the public point: the dong covering it
    (the lower code on a shared boundary), its gu the dong's parent, else the gu covering it."""
    point = _point(dialect)
    op.execute(
        "UPDATE pins SET public_dong_id = (SELECT areas.id FROM areas WHERE areas.level = 'dong' "
        f"AND ST_Covers(areas.geom, {point}) ORDER BY areas.code LIMIT 1)"
    )
    op.execute(
        "UPDATE pins SET public_gu_id = COALESCE("
        "(SELECT dong.parent_id FROM areas AS dong WHERE dong.id = pins.public_dong_id), "
        "(SELECT areas.id FROM areas WHERE areas.level = 'gu' "
        f"AND ST_Covers(areas.geom, {point}) ORDER BY areas.code LIMIT 1))"
    )


def upgrade():
    dialect = op.get_bind().dialect.name
    _add_public_areas()
    _fill_public_areas(dialect)
    op.add_column(
        "pins", sa.Column("text_shared", sa.Boolean(), nullable=False, server_default=sa.false())
    )

    op.create_table(
        "staff_area_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("area_code", sa.String(length=20), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_staff_area_changes_area_id_areas"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"],
            name=op.f("fk_staff_area_changes_changed_by_id_users"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_staff_area_changes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_area_changes")),
    )
    with op.batch_alter_table("staff_area_changes") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_area_changes_user_id"), ["user_id"], unique=False
        )


def downgrade():
    for _column, index in PUBLIC_AREAS:
        op.drop_index(index, table_name="pins")
    for column in ("text_shared", *(column for column, _index in PUBLIC_AREAS)):
        op.drop_column("pins", column)

    with op.batch_alter_table("staff_area_changes") as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_area_changes_user_id"))
    op.drop_table("staff_area_changes")
