"""check-in groups: neighbours who check on each other; their members (name and phone sealed),
the check-ins, and one concern per missed streak (the key that makes its report happen once);
Open311 partners (their API key hashed) and the requests they sent

Revision ID: 8e3f1a6c2b33
Revises: 3e9b5c7a2f41
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision = "8e3f1a6c2b33"
down_revision = "3e9b5c7a2f41"
branch_labels = None
depends_on = None


def upgrade():
    # As for reports: on SpatiaLite the point is added with AddGeometryColumn.
    op.create_geospatial_table(
        "checkin_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("dong_id", sa.Integer(), nullable=False),
        sa.Column(
            "meeting_point",
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
        sa.Column(
            "cadence",
            sa.Enum("daily", "weekly", name="checkin_cadence", native_enum=False,
                    create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("weekdays", sa.SmallInteger(), nullable=False),
        sa.Column("missed_limit", sa.Integer(), nullable=False),
        sa.Column("host_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "missed_limit BETWEEN 1 AND 14", name=op.f("ck_checkin_groups_missed_limit_in_range")
        ),
        sa.CheckConstraint(
            "weekdays BETWEEN 0 AND 127", name=op.f("ck_checkin_groups_weekdays_are_a_week")
        ),
        sa.CheckConstraint(
            "cadence = 'daily' OR weekdays > 0",
            name=op.f("ck_checkin_groups_weekly_group_has_a_day"),
        ),
        sa.ForeignKeyConstraint(["dong_id"], ["areas.id"], name=op.f("fk_checkin_groups_dong_id_areas")),
        sa.ForeignKeyConstraint(
            ["host_id"], ["users.id"], name=op.f("fk_checkin_groups_host_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_checkin_groups_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_groups")),
    )
    with op.batch_alter_table("checkin_groups", schema=None) as batch_op:
        batch_op.create_geospatial_index(
            "idx_checkin_groups_meeting_point",
            ["meeting_point"],
            unique=False,
            postgresql_using="gist",
            postgresql_ops={},
        )
        batch_op.create_index(batch_op.f("ix_checkin_groups_dong_id"), ["dong_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checkin_groups_host_id"), ["host_id"], unique=False)

    op.create_table(
        "checkin_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("phone", sa.Text(), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("identifying_erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["checkin_groups.id"], name=op.f("fk_checkin_members_group_id_checkin_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_members")),
    )
    op.create_index(op.f("ix_checkin_members_group_id"), "checkin_members", ["group_id"])
    op.create_index(op.f("ix_checkin_members_left_on"), "checkin_members", ["left_on"])

    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("seen", sa.Boolean(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["checkin_members.id"], name=op.f("fk_checkins_member_id_checkin_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_checkins_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
        sa.UniqueConstraint("member_id", "day", name=op.f("uq_checkins_member_id")),
    )
    op.create_index(op.f("ix_checkins_member_id"), "checkins", ["member_id"])

    op.create_table(
        "checkin_concerns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("streak_starts_on", sa.Date(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["checkin_members.id"],
            name=op.f("fk_checkin_concerns_member_id_checkin_members"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_checkin_concerns_report_id_reports"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_concerns")),
        sa.UniqueConstraint(
            "member_id", "streak_starts_on", name=op.f("uq_checkin_concerns_member_id")
        ),
    )
    op.create_index(op.f("ix_checkin_concerns_member_id"), "checkin_concerns", ["member_id"])

    op.create_table(
        "open311_partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_open311_partners_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_open311_partners")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_open311_partners_key_hash")),
    )
    op.create_table(
        "open311_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("partner_request_id", sa.String(length=64), nullable=True),
        sa.Column("service_request_id", sa.String(length=32), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["open311_partners.id"],
            name=op.f("fk_open311_requests_partner_id_open311_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_open311_requests_report_id_reports"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_open311_requests")),
        sa.UniqueConstraint(
            "partner_id", "partner_request_id", name=op.f("uq_open311_requests_partner_id")
        ),
        sa.UniqueConstraint(
            "service_request_id", name=op.f("uq_open311_requests_service_request_id")
        ),
    )
    op.create_index(op.f("ix_open311_requests_partner_id"), "open311_requests", ["partner_id"])
    op.create_index(op.f("ix_open311_requests_report_id"), "open311_requests", ["report_id"])


def downgrade():
    op.drop_table("open311_requests")
    op.drop_table("open311_partners")
    op.drop_table("checkin_concerns")
    op.drop_table("checkins")
    op.drop_table("checkin_members")
    with op.batch_alter_table("checkin_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkin_groups_host_id"))
        batch_op.drop_index(batch_op.f("ix_checkin_groups_dong_id"))
        batch_op.drop_geospatial_index(
            "idx_checkin_groups_meeting_point", postgresql_using="gist", column_name="meeting_point"
        )
    op.drop_geospatial_table("checkin_groups")
