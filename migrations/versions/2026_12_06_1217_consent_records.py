"""consent records: dated, per purpose, withdrawable consents and approved overrides (PIPA);
the consents already on record for needs (a neighbour's, an author's shared words) become rows

Revision ID: 9c4e2a7b1d17
Revises: 7a3c1e5b9d16
Create Date: 2026-12-06

"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "9c4e2a7b1d17"
down_revision = "7a3c1e5b9d16"
branch_labels = None
depends_on = None

PURPOSES = ("collection_and_use", "provision_to_organisation", "sensitive_data", "publication")
METHODS = ("signed_paper", "verbal_witnessed", "online", "by_guardian", "other")
BASES = ("art_15_1_2", "art_15_1_3", "art_15_1_5", "art_17_1_2", "art_18_2")
NOTICE = "need-form-2026-12"
SEOUL = timedelta(hours=9)
# A need's channel as a method: the author heard the neighbour agree (app.pins.consent_records).
METHOD_OF_CHANNEL = {
    "in_person": "verbal_witnessed",
    "phone": "verbal_witnessed",
    "writing": "signed_paper",
    "other": "other",
}


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    consent_records = op.create_table(
        "consent_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_kind", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("purpose", _enum(PURPOSES, "consent_purpose"), nullable=False),
        sa.Column("recipient_organisation_id", sa.Integer(), nullable=True),
        sa.Column("notice_version", sa.String(length=40), nullable=False),
        sa.Column("method", _enum(METHODS, "consent_method"), nullable=True),
        sa.Column("guardian_relationship", sa.String(length=80), nullable=False),
        sa.Column("obtained_by_id", sa.Integer(), nullable=True),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by_id", sa.Integer(), nullable=True),
        sa.Column("legal_basis", _enum(BASES, "legal_basis"), nullable=True),
        sa.Column("legal_basis_note", sa.Text(), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "purpose <> 'provision_to_organisation' OR recipient_organisation_id IS NOT NULL",
            name=op.f("ck_consent_records_provision_names_recipient"),
        ),
        sa.CheckConstraint(
            "method IS NOT NULL OR legal_basis IS NOT NULL",
            name=op.f("ck_consent_records_consent_or_legal_basis"),
        ),
        sa.CheckConstraint(
            "method IS NULL OR method <> 'by_guardian' OR guardian_relationship <> ''",
            name=op.f("ck_consent_records_guardian_says_relationship"),
        ),
        sa.CheckConstraint(
            "approved_by_id IS NULL OR obtained_by_id IS NULL OR approved_by_id <> obtained_by_id",
            name=op.f("ck_consent_records_override_approved_by_another"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["users.id"],
            name=op.f("fk_consent_records_person_id_users"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_organisation_id"], ["organisations.id"],
            name=op.f("fk_consent_records_recipient_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["obtained_by_id"], ["users.id"],
            name=op.f("fk_consent_records_obtained_by_id_users"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by_id"], ["users.id"],
            name=op.f("fk_consent_records_withdrawn_by_id_users"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["approved_by_id"], ["users.id"],
            name=op.f("fk_consent_records_approved_by_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_records")),
    )
    op.create_index(
        "ix_consent_records_subject",
        "consent_records",
        ["subject_kind", "subject_id", "purpose"],
        unique=False,
    )
    op.create_index(
        op.f("ix_consent_records_person_id"), "consent_records", ["person_id"], unique=False
    )
    _carry_over_need_consents(consent_records)


def _seoul_day(moment):
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment.astimezone(UTC) + SEOUL).date()


def _carry_over_need_consents(consent_records):
    """Each recorded neighbour's consent, and each need whose author shared its words, as a
    row, so that the checks that now read rows find what was agreed before."""
    bind = op.get_bind()
    now = datetime.now(UTC)
    rows = []
    for pin_id, author_id, channel, given_on, recorded_at in bind.execute(
        sa.text(
            "SELECT c.pin_id, p.author_id, c.channel, c.given_on, c.recorded_at "
            "FROM need_consents c JOIN pins p ON p.id = c.pin_id"
        )
    ):
        rows.append(
            _row(pin_id, "collection_and_use", METHOD_OF_CHANNEL.get(channel, "other"),
                 author_id, None, given_on, recorded_at or now)
        )
    for pin_id, author_id, created_at in bind.execute(
        sa.text("SELECT id, author_id, created_at FROM pins WHERE kind = 'need' AND text_shared")
    ):
        created = created_at or now
        if isinstance(created, str):
            created = datetime.fromisoformat(created)
        rows.append(
            _row(pin_id, "publication", "online", author_id, author_id,
                 _seoul_day(created), created)
        )
    if rows:
        op.bulk_insert(consent_records, rows)


def _row(pin_id, purpose, method, obtained_by_id, person_id, given_on, recorded_at):
    if isinstance(given_on, str):
        given_on = datetime.fromisoformat(given_on).date()
    if isinstance(recorded_at, str):
        recorded_at = datetime.fromisoformat(recorded_at)
    if recorded_at.tzinfo is None:  # SQLite keeps UTC without an offset (app.dbtypes)
        recorded_at = recorded_at.replace(tzinfo=UTC)
    recorded_at = recorded_at.astimezone(UTC)
    if op.get_bind().dialect.name == "sqlite":
        recorded_at = recorded_at.replace(tzinfo=None)
    return {
        "subject_kind": "need",
        "subject_id": pin_id,
        "person_id": person_id,
        "purpose": purpose,
        "notice_version": NOTICE,
        "method": method,
        "guardian_relationship": "",
        "obtained_by_id": obtained_by_id,
        "given_on": given_on,
        "recorded_at": recorded_at,
        "legal_basis_note": "",
    }


def downgrade():
    op.drop_index(op.f("ix_consent_records_person_id"), table_name="consent_records")
    op.drop_index("ix_consent_records_subject", table_name="consent_records")
    op.drop_table("consent_records")
