"""confidential reports: anyone tells the dong of a crisis (their own or a neighbour's), at an
exact private place, with sealed words, names, phones and photo, and a hashed tracking code

Revision ID: 4b7d2e9a1c19
Revises: 3d6a9c2e7b22
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision = "4b7d2e9a1c19"
down_revision = "3d6a9c2e7b22"
branch_labels = None
depends_on = None

ABOUT = ("self", "neighbour")
URGENCY = ("today", "this_week", "not_urgent")
STATUS = ("received", "in_review", "closed")
BASES = ("art_15_1_2", "art_15_1_3", "art_15_1_5", "art_17_1_2", "art_18_2")
CRISES = (
    "livelihood",
    "housing",
    "utilities_cut_off",
    "heating",
    "health",
    "isolation",
    "care",
    "debt",
    "safety",
    "other",
)


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    # create_geospatial_table: on SpatiaLite the point column is added with AddGeometryColumn
    # (geoalchemy2's alembic helpers), on PostGIS as a plain column.
    op.create_geospatial_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("about", _enum(ABOUT, "report_about"), nullable=False),
        sa.Column("urgency", _enum(URGENCY, "report_urgency"), nullable=False),
        sa.Column("what_was_seen", sa.Text(), nullable=False),
        sa.Column(
            "location",
            Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column("dong_id", sa.Integer(), nullable=True),
        sa.Column("gu_id", sa.Integer(), nullable=True),
        sa.Column("person_name", sa.Text(), nullable=False),
        sa.Column("person_phone", sa.Text(), nullable=False),
        sa.Column("person_phone_index", sa.String(length=64), nullable=True),
        sa.Column("reporter_contact", sa.Text(), nullable=False),
        sa.Column("photo", sa.LargeBinary(), nullable=True),
        sa.Column("status", _enum(STATUS, "report_status"), nullable=False),
        sa.Column("status_note", sa.Text(), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_changed_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("identifying_erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("legal_basis", _enum(BASES, "report_legal_basis"), nullable=True),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("tracking_hash", sa.String(length=64), nullable=False),
        sa.Column("submission_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "about = 'self' OR legal_basis IS NOT NULL",
            name=op.f("ck_reports_neighbour_report_has_legal_basis"),
        ),
        sa.ForeignKeyConstraint(
            ["dong_id"], ["areas.id"], name=op.f("fk_reports_dong_id_areas"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["gu_id"], ["areas.id"], name=op.f("fk_reports_gu_id_areas"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["users.id"],
            name=op.f("fk_reports_reporter_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["status_changed_by_id"],
            ["users.id"],
            name=op.f("fk_reports_status_changed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("tracking_hash", name=op.f("uq_reports_tracking_hash")),
        sa.UniqueConstraint("submission_key", name=op.f("uq_reports_submission_key")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_geospatial_index(
            "idx_reports_location",
            ["location"],
            unique=False,
            postgresql_using="gist",
            postgresql_ops={},
        )
        for column in ("dong_id", "gu_id", "person_phone_index", "closed_at", "reporter_id"):
            batch_op.create_index(batch_op.f(f"ix_reports_{column}"), [column], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_created_at"), ["created_at"], unique=False)
    op.create_table(
        "report_crises",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("crisis", _enum(CRISES, "report_crisis_type"), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_report_crises_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("report_id", "crisis", name=op.f("pk_report_crises")),
    )


def downgrade():
    op.drop_table("report_crises")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        for column in ("created_at", "reporter_id", "closed_at", "person_phone_index", "gu_id"):
            batch_op.drop_index(batch_op.f(f"ix_reports_{column}"))
        batch_op.drop_index(batch_op.f("ix_reports_dong_id"))
        batch_op.drop_geospatial_index(
            "idx_reports_location", postgresql_using="gist", column_name="location"
        )
    op.drop_geospatial_table("reports")
