"""A cache shared by the server's processes, for figures that cost a lot to compute and may
be minutes old (app.extensions["cache"]).

CACHE_URL chooses where entries live: memory:// (this process only: the embedded set-up, one
server process) or redis://HOST:PORT/DB (production: every process reads the same entries and
sees the same invalidations). A cache that is down is a cache that misses: the page computes
its figures and still answers.
"""

from __future__ import annotations

import logging
import pickle
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import redis
from flask import Flask, current_app

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Cache(Protocol):
    def get(self, key: str) -> Any | None: ...
    def set(self, key: str, value: Any, seconds: int) -> None: ...
    def delete(self, key: str) -> None: ...


class MemoryCache:
    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Any | None:
        with self._lock:
            expires, value = self._entries.get(key, (0.0, None))
            if expires <= time.monotonic():
                self._entries.pop(key, None)
                return None
            return value

    def set(self, key: str, value: Any, seconds: int) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + seconds, value)

    def delete(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)


class RedisCache:
    """Values pickled: only this site's own code writes to its Redis."""

    def __init__(self, url: str) -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    def get(self, key: str) -> Any | None:
        try:
            stored = self._redis.get(key)
        except redis.RedisError:
            logger.warning("Cache unavailable: computing %s", key, exc_info=True)
            return None
        return pickle.loads(stored) if isinstance(stored, bytes) else None  # noqa: S301

    def set(self, key: str, value: Any, seconds: int) -> None:
        try:
            self._redis.set(key, pickle.dumps(value), ex=seconds)
        except redis.RedisError:
            logger.warning("Cache unavailable: %s not kept", key, exc_info=True)

    def delete(self, key: str) -> None:
        try:
            self._redis.delete(key)
        except redis.RedisError:
            # Not fatal either: the entry expires by itself within its few minutes.
            logger.warning("Cache unavailable: %s not forgotten", key, exc_info=True)


def init_cache(app: Flask) -> None:
    url = app.config["CACHE_URL"]
    if url.startswith("memory://"):
        app.extensions["cache"] = MemoryCache()
    elif url.split("://", 1)[0] in ("redis", "rediss", "unix"):
        app.extensions["cache"] = RedisCache(url)
    else:
        raise ValueError(f"CACHE_URL must start with memory:// or redis://, not {url!r}")


def cache() -> Cache:
    return current_app.extensions["cache"]


def kept(key: str, setting: str, compute: Callable[[], T]) -> T:
    """`compute()`, kept for the number of seconds the setting names (0: not kept). The value
    must be plain data (numbers, ids, tuples): it may travel through Redis."""
    seconds = int(current_app.config[setting])
    if seconds <= 0:
        return compute()
    value = cache().get(key)
    if value is None:
        value = compute()
        cache().set(key, value, seconds)
    return value
