"""Didimdol give-back: beneficiaries' volunteering recorded by their facility, and the consent
purpose it rests on (volunteering_record)

Revision ID: 5c2e8a1f9d42
Revises: 5c2e9a7d1b41
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

revision = "5c2e8a1f9d42"
down_revision = "5c2e9a7d1b41"
branch_labels = None
depends_on = None

PURPOSES_BEFORE = (
    "collection_and_use",
    "provision_to_organisation",
    "sensitive_data",
    "publication",
)
PURPOSES = PURPOSES_BEFORE + ("volunteering_record",)
ACTIVITIES = (
    "neighbour_care",
    "food_sharing",
    "neighbourhood_cleaning",
    "teaching",
    "events",
    "other",
)


def _in(column, values):
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def set_purpose_check(purposes, before):
    """As migrations 1216 and 1240 do for users.role: on SQLite the stored SQL is edited (a
    batch rebuild of consent_records would be a copy of every consent for one CHECK)."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
        bind.exec_driver_sql("PRAGMA writable_schema = ON")
        bind.execute(
            sa.text(
                "UPDATE sqlite_master SET sql = replace(sql, :old, :new) "
                "WHERE type = 'table' AND name = 'consent_records'"
            ),
            {"old": _in("purpose", before), "new": _in("purpose", purposes)},
        )
        stored = bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'consent_records'"
        )
        assert _in("purpose", purposes) in stored.scalar(), "the purpose CHECK was not found"
        bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
        bind.exec_driver_sql("PRAGMA writable_schema = OFF")
        return
    name = op.f("ck_consent_records_consent_purpose")
    op.drop_constraint(name, "consent_records", type_="check")
    op.create_check_constraint(name, "consent_records", sa.text(_in("purpose", purposes)))


def upgrade():
    set_purpose_check(PURPOSES, PURPOSES_BEFORE)
    op.create_table(
        "didimdol_volunteering",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column(
            "activity",
            sa.Enum(
                *ACTIVITIES,
                name="didimdol_volunteer_activity",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "hours > 0 AND hours <= 12", name=op.f("ck_didimdol_volunteering_hours_in_a_day")
        ),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"],
            ["didimdol_beneficiaries.id"],
            name=op.f("fk_didimdol_volunteering_beneficiary_id_didimdol_beneficiaries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["didimdol_facilities.id"],
            name=op.f("fk_didimdol_volunteering_facility_id_didimdol_facilities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_didimdol_volunteering_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_didimdol_volunteering")),
    )
    for column in ("beneficiary_id", "done_on", "facility_id"):
        op.create_index(
            op.f(f"ix_didimdol_volunteering_{column}"), "didimdol_volunteering", [column]
        )


def downgrade():
    for column in ("beneficiary_id", "done_on", "facility_id"):
        op.drop_index(
            op.f(f"ix_didimdol_volunteering_{column}"), table_name="didimdol_volunteering"
        )
    op.drop_table("didimdol_volunteering")
    op.execute("DELETE FROM consent_records WHERE purpose = 'volunteering_record'")
    set_purpose_check(PURPOSES_BEFORE, PURPOSES)
