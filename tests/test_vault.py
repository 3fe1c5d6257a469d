"""The vault (app/vault.py): personal data sealed at rest, keys that rotate, blind indexes."""

from __future__ import annotations

import os
import stat
from datetime import date, timedelta

import pytest
from click.testing import Result
from sqlalchemy import select, text

from app import create_app
from app.clock import utcnow
from app.config import ConfigurationError
from app.extensions import db
from app.matching.models import Match, MatchStatus
from app.matching.services import accept_match, fulfil_match, propose_match
from app.matching.threads.models import MatchMessage, SharedContact, SharedContactView
from app.matching.threads.services import add_message, share_contact
from app.pins.consent import ConsentDetails, record_consent
from app.pins.models import (
    ConsentChannel,
    ConsentRelationship,
    NeedConsent,
    Pin,
    PinKind,
    PinStatus,
)
from app.retention_tasks import run_every_rule
from app.vault import (
    EncryptedBytes,
    KeyRing,
    KeyRingError,
    VaultError,
    blind_index,
    new_key,
    open_sealed,
    open_text,
    seal_text,
)
from app.vault_rotation import key_counts, rotate, sealed_columns
from tests.conftest import _test_database_url, reset_and_migrate
from tests.factories import make_category, make_pin, make_user
from tests.raw_dump import database_of_its_own, raw_dump
from tests.vault import key_ring, use_vault_keys

MESSAGE = "Meet at Gate-Code-7731, 12 Sejong-daero"
PHONE = "010-7731-0042"
RELATION = "Landlady-7731 of the basement flat"

KEY_1, KEY_2 = new_key(), new_key()
SEALED_HERE = (
    "matches.message",
    "matches.thank_you",
    "match_messages.body",
    "match_shared_contacts.phone",
    "need_consents.relation_other",
)


def sealed_records(message=MESSAGE, phone=PHONE, relation=RELATION):
    """A match with the proposal's words, a message in its thread, a shared phone number and
    the thanks, and a neighbour's consent in words: every sealed column of today, once."""
    category = make_category()
    need = make_pin(make_user(), category=category)
    offer_author = make_user()
    offer = make_pin(offer_author, kind=PinKind.OFFER, category=category)
    match = propose_match(need, offer, need.author, message)
    accept_match(match, offer_author)
    add_message(match, offer_author, message)
    share_contact(match, need.author, shares_place=True, phone=phone)
    fulfil_match(match, thank_you=message, by=need.author)
    details = ConsentDetails(
        ConsentRelationship.OTHER, ConsentChannel.IN_PERSON, date(2026, 12, 1), relation
    )
    record_consent(need, details)
    db.session.flush()
    return need, match


def raw_values() -> list[str]:
    """The sealed columns as the database holds them."""
    return [
        *db.session.scalars(text("SELECT message FROM matches")),
        *db.session.scalars(text("SELECT thank_you FROM matches")),
        *db.session.scalars(text("SELECT body FROM match_messages")),
        *db.session.scalars(text("SELECT phone FROM match_shared_contacts")),
        *db.session.scalars(text("SELECT relation_other FROM need_consents")),
    ]


def read_back(need, match) -> tuple[str, str | None, str]:
    db.session.expire_all()
    reread = db.session.get(Match, match.id)
    assert reread.message == reread.thank_you
    body = db.session.scalar(select(MatchMessage.body).where(MatchMessage.match_id == match.id))
    phone = db.session.scalar(select(SharedContact.phone).where(SharedContact.match_id == match.id))
    consent = db.session.get(NeedConsent, need.id)
    return body, phone, consent.relation_other


# --- sealing ------------------------------------------------------------------------------------


def test_values_round_trip_and_the_raw_column_holds_no_plain_text(app):
    need, match = sealed_records()
    assert read_back(need, match) == (MESSAGE, PHONE, RELATION)
    stored = raw_values()
    assert len(stored) == 5
    for value in stored:
        assert value.startswith("test1:")
        assert "7731" not in value and "Sejong" not in value


def test_a_changed_value_or_one_moved_to_another_column_does_not_open(app):
    need, match = sealed_records()
    sealed_phone = db.session.scalar(text("SELECT phone FROM match_shared_contacts"))
    assert open_text("match_shared_contacts.phone", sealed_phone) == PHONE
    # Copied into the consent's column: the associated data names the other place.
    db.session.execute(text("UPDATE need_consents SET relation_other = :v"), {"v": sealed_phone})
    with pytest.raises(VaultError):
        read_back(need, match)
    key_id, _, encoded = sealed_phone.partition(":")
    flipped = encoded[:20] + ("A" if encoded[20] != "A" else "B") + encoded[21:]
    with pytest.raises(VaultError):
        open_text("match_shared_contacts.phone", f"{key_id}:{flipped}")
    with pytest.raises(VaultError):  # a key id not in the ring
        open_text("match_shared_contacts.phone", f"gone:{encoded}")


def test_bytes_round_trip_and_refuse_tampering(app):
    """EncryptedBytes' sealing (photos of people, later): binary in, binary out."""
    photo = bytes(range(256)) * 40
    sealed = EncryptedBytes("people.photo").process_bind_param(photo, db.engine.dialect)
    assert sealed.startswith(b"test1:") and photo[:64] not in sealed
    assert EncryptedBytes("people.photo").process_result_value(sealed, db.engine.dialect) == photo
    with pytest.raises(VaultError):
        EncryptedBytes("people.face").process_result_value(sealed, db.engine.dialect)
    with pytest.raises(VaultError):
        open_sealed("people.photo", sealed[:-1] + bytes([sealed[-1] ^ 1]))


def test_each_value_has_its_own_nonce(app):
    assert seal_text("t.c", "same words") != seal_text("t.c", "same words")


def test_a_sealed_column_cannot_be_compared_only_looked_up_by_blind_index(app):
    with pytest.raises(TypeError, match="blind index"):
        select(SharedContact).where(SharedContact.phone == PHONE)
    assert select(SharedContact).where(SharedContact.phone.is_not(None)) is not None


def test_every_sealed_column_is_bound_to_its_own_place(app):
    columns = sealed_columns(db.metadata)
    assert {c.name for c in columns} >= set(SEALED_HERE)
    for column in columns:
        assert column.place == column.name


# --- blind indexes ------------------------------------------------------------------------------


def test_the_blind_index_finds_a_phone_number_however_it_is_written(app):
    stored = blind_index("phone", "010-1234-5678")
    for typed in ("01012345678", "010 1234 5678", "０１０-１２３４-５６７８", "+82 10-1234-5678"):
        assert blind_index("phone", typed) == stored
    assert blind_index("phone", "010-1234-5679") != stored
    assert blind_index("address", "010-1234-5678") != stored  # one kind says nothing of another
    assert "01012345678" not in stored and len(stored) == 64


def test_the_blind_index_of_an_address_ignores_spacing_case_and_width(app):
    stored = blind_index("address", "서울특별시 중구  세종대로 110, Apt 3")
    assert blind_index("address", " 서울특별시 중구 세종대로 １１０, APT 3 ") == stored
    assert blind_index("address", "서울특별시 중구 세종대로 111, Apt 3") != stored


def test_the_blind_index_is_keyed(app):
    other = KeyRing(app.extensions["vault"].keys, os.urandom(32))
    assert blind_index("phone", PHONE, other) != blind_index("phone", PHONE)


# --- rotation -----------------------------------------------------------------------------------


def test_rotation_moves_every_value_to_the_new_key_and_keeps_it_readable(app):
    with key_ring(app, f"k1:{KEY_1}"):
        need, match = sealed_records()
        first = sealed_records(message="second", phone="010-1111-2222", relation="second")
        held = {n: dict(c) for n, c in key_counts(db.session, db.metadata).items() if c}
        assert held == dict.fromkeys(SEALED_HERE, {"k1": 2})
    with key_ring(app, f"k2:{KEY_2},k1:{KEY_1}"):
        counts = rotate(db.session, db.metadata, batch_size=1)
        assert {name: counts[name].resealed for name in SEALED_HERE} == dict.fromkeys(
            SEALED_HERE, 2
        )
        again = rotate(db.session, db.metadata, batch_size=1)  # idempotent
        assert again["match_messages.body"].resealed == 0
        assert again["match_messages.body"].already_current == 2
        held = {n: dict(c) for n, c in key_counts(db.session, db.metadata).items() if c}
        assert held == dict.fromkeys(SEALED_HERE, {"k2": 2})
    with key_ring(app, f"k2:{KEY_2}"):  # the old key is gone: everything still opens
        assert read_back(need, match) == (MESSAGE, PHONE, RELATION)
        assert read_back(*first) == ("second", "010-1111-2222", "second")


def test_the_commands_print_counts(app):
    runner = app.test_cli_runner()
    with key_ring(app, f"k1:{KEY_1}"):
        sealed_records()
    with key_ring(app, f"k2:{KEY_2},k1:{KEY_1}"):
        status: Result = runner.invoke(args=["vault", "status"])
        assert "key k1: 5 values" in status.output and "key k2: 0 values" in status.output
        rotated = runner.invoke(args=["vault", "rotate"])
        assert rotated.exit_code == 0, rotated.output
        assert "5 values re-sealed under key k2" in rotated.output
        status = runner.invoke(args=["vault", "status"])
        assert "key k1: 0 values" in status.output and "key k2: 5 values" in status.output
    printed = runner.invoke(args=["vault", "new-key"]).output.strip()
    assert KeyRing.parse(f"k3:{printed}", printed).current_id == "k3"


def test_rotation_and_status_after_a_retention_run_pass_over_the_erased_values(app):
    """Retention blanks sealed words to "" (EncryptedText keeps empty text as it is): rotating
    then must neither fail on them (no key id to read) nor seal them (an erased word would
    turn back into a sealed value), and the status counts only values that hold something."""
    runner = app.test_cli_runner()
    with key_ring(app, f"k1:{KEY_1}"):
        _, match = sealed_records()
        fresh = sealed_records(message="fresh", phone="010-1111-2222", relation="fresh")
        fresh_match = fresh[1]
        fresh_match.fulfilled_at = None  # still open: retention leaves its values alone
        fresh_match.status = MatchStatus.ACCEPTED
        fresh[0].status = PinStatus.MATCHED
        db.session.commit()
        match_id = match.id
        erased = run_every_rule(utcnow() + timedelta(days=5 * 366))
        assert erased["match_messages"] == 1 and erased["need_consent_text"] == 1
    blanked = db.session.scalars(
        text("SELECT body FROM match_messages WHERE match_id = :id"), {"id": match_id}
    ).all()
    assert blanked == [""]
    kept = sum(bool(value) for value in raw_values())
    assert 0 < kept < len(raw_values())  # some values erased to "" or NULL, some kept
    with key_ring(app, f"k2:{KEY_2},k1:{KEY_1}"):
        status = runner.invoke(args=["vault", "status"])
        assert f"key k1: {kept} values" in status.output, status.output
        assert "not sealed" not in status.output
        rotated = runner.invoke(args=["vault", "rotate"])
        assert rotated.exit_code == 0, rotated.output
        assert f"{kept} values re-sealed under key k2" in rotated.output
        status = runner.invoke(args=["vault", "status"])
        assert f"key k2: {kept} values" in status.output and "not sealed" not in status.output
    assert db.session.scalars(
        text("SELECT body FROM match_messages WHERE match_id = :id"), {"id": match_id}
    ).all() == [""]  # still empty, not a sealed empty string
    with key_ring(app, f"k2:{KEY_2}"):
        assert read_back(*fresh) == ("fresh", "010-1111-2222", "fresh")


# --- keys at start-up ---------------------------------------------------------------------------


@pytest.mark.own_app
def test_production_refuses_to_start_without_vault_keys(monkeypatch, tmp_path):
    import app.config as config

    monkeypatch.setattr(config, "VAULT_KEYS_FILE", tmp_path / "absent")
    monkeypatch.setattr(config, "VAULT_INDEX_KEY_FILE", tmp_path / "absent-too")
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("SITE_URL", "https://hope.seoul.example")
    monkeypatch.delenv("VAULT_KEYS", raising=False)
    monkeypatch.delenv("VAULT_INDEX_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="vault's keys are missing"):
        create_app("production")
    assert not (tmp_path / "absent").exists()  # never a silent new key
    monkeypatch.setenv("VAULT_KEYS", "k1:not-base64!")
    monkeypatch.setenv("VAULT_INDEX_KEY", new_key())
    with pytest.raises(ConfigurationError, match="not base64"):
        create_app("production")
    use_vault_keys(monkeypatch)
    assert create_app("production").extensions["vault"].current_id == "prod1"


@pytest.mark.own_app
def test_development_writes_its_keys_once_for_the_owner_alone(monkeypatch, tmp_path):
    import app.config as config

    keys_file, index_file = tmp_path / "vault_keys", tmp_path / "vault_index_key"
    monkeypatch.setattr(config, "VAULT_KEYS_FILE", keys_file)
    monkeypatch.setattr(config, "VAULT_INDEX_KEY_FILE", index_file)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.delenv("VAULT_KEYS", raising=False)
    monkeypatch.delenv("VAULT_INDEX_KEY", raising=False)
    first = create_app("development").extensions["vault"]
    for path in (keys_file, index_file):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert create_app("development").extensions["vault"] == first  # read back, not replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vault_index_key", "vault_keys"]


@pytest.mark.parametrize(
    "keys", ["", "k1", "k 1:" + new_key(), "k1:" + new_key()[:-8], f"a:{KEY_1},a:{KEY_2}"]
)
def test_bad_key_rings_are_refused(keys):
    with pytest.raises(KeyRingError):
        KeyRing.parse(keys, new_key())


# --- a raw dump of the database -----------------------------------------------------------------


@pytest.mark.own_app
def test_a_dump_of_the_database_holds_no_sealed_value_in_plain_text(tmp_dir):
    """Committed for real, in a database of its own (tests/raw_dump.py). The need's title, not
    sealed, is found there: the dump does show plain text."""
    marker = "Marker-5521-Vault"
    with database_of_its_own(tmp_dir, "_vault"):
        need, _ = sealed_records(f"message {marker}", "010-5521-0000", f"relation {marker}")
        need.title = f"title {marker}"
        db.session.commit()
        dump = raw_dump()
        assert f"title {marker}" in dump
        assert dump.holding([f"message {marker}", f"relation {marker}", "010-5521-0000"]) == []


@pytest.mark.own_app
def test_the_migration_seals_existing_rows_and_its_downgrade_opens_them(tmp_dir):
    """Rows written before the vault (here: opened by the downgrade) are sealed by the upgrade."""
    from flask_migrate import downgrade, upgrade

    from tests.conftest import PROJECT_ROOT

    migrations = str(PROJECT_ROOT / "migrations")
    url = _test_database_url(tmp_dir, "_vault_migration")
    migration_app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url})
    reset_and_migrate(migration_app)
    with migration_app.app_context():
        need, match = sealed_records()
        need_id, match_id = need.id, match.id
        # Rows that cascade from the retyped tables are kept (no table is rebuilt under them).
        share = db.session.scalar(select(SharedContact))
        db.session.add(SharedContactView(shared_contact_id=share.id, viewer_id=need.author_id))
        db.session.commit()
        db.session.remove()
        downgrade(directory=migrations, revision="4f2b7c9e1a08")
        assert sorted(raw_values()) == sorted([MESSAGE] * 3 + [PHONE, RELATION])
        db.session.remove()
        upgrade(directory=migrations)
        stored = raw_values()
        assert len(stored) == 5 and all(v.startswith("test1:") for v in stored)
        need, match = db.session.get(Pin, need_id), db.session.get(Match, match_id)
        assert read_back(need, match) == (MESSAGE, PHONE, RELATION)
        assert db.session.scalar(text("SELECT count(*) FROM match_shared_contact_views")) == 1
        assert db.session.scalar(text("SELECT count(*) FROM match_messages")) == 1
        db.session.remove()
        db.engine.dispose()


def _every_sealed_value() -> dict[str, list]:
    """Each sealed column's values, opened through its own type (Core, no model needed)."""
    values = {}
    for sealed in sealed_columns(db.metadata):
        model_table = db.metadata.tables[sealed.table]
        statement = select(model_table.c[sealed.column]).order_by(model_table.c[sealed.primary_key])
        values[sealed.name] = list(db.session.scalars(statement))
    return values


def test_rotation_keeps_every_value_of_every_feature_readable_the_demo_as_witness(app):
    """The whole demo (reports, visits, sweeps, Sharing Neighbours, vouchers, threads…) sealed
    under k1, rotated to k2, then read with k1 gone: every value of every sealed column is
    what it was."""
    with key_ring(app, f"k1:{KEY_1}"):
        loaded = app.test_cli_runner().invoke(args=["demo", "load"])
        assert loaded.exit_code == 0, loaded.output
        db.session.expire_all()
        before = _every_sealed_value()
    filled = {name for name, values in before.items() if any(values)}
    assert len(filled) >= 8, sorted(filled)  # the demo reaches the welfare features' columns
    assert {"reports.what_was_seen", "visits.notes", "sweep_households.name"} <= filled
    with key_ring(app, f"k2:{KEY_2},k1:{KEY_1}"):
        rotate(db.session, db.metadata, batch_size=50)
        db.session.commit()
    with key_ring(app, f"k2:{KEY_2}"):
        db.session.expire_all()
        assert _every_sealed_value() == before
        held = {n: set(c) for n, c in key_counts(db.session, db.metadata).items() if c}
        assert all(keys == {"k2"} for keys in held.values()), held
