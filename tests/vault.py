"""Vault keys for tests that build their own production app, and key rings to rotate with."""

from __future__ import annotations

from contextlib import contextmanager

from app.vault import KeyRing, new_key


def use_vault_keys(monkeypatch) -> None:
    """Fresh keys in the environment: a production app starts without instance/'s files."""
    monkeypatch.setenv("VAULT_KEYS", f"prod1:{new_key()}")
    monkeypatch.setenv("VAULT_INDEX_KEY", new_key())


@contextmanager
def key_ring(app, keys_text: str):
    """The app's ring replaced for the block (the index key kept): `keys_text` as VAULT_KEYS."""
    before: KeyRing = app.extensions["vault"]
    index_key = before.index_key
    app.extensions["vault"] = KeyRing(KeyRing.parse(keys_text, new_key()).keys, index_key)
    try:
        yield app.extensions["vault"]
    finally:
        app.extensions["vault"] = before
