"""Whether the database transaction about to begin is one that will write.

SQLite lets one connection write at a time. In WAL mode a transaction that began by reading
and then writes, after another connection committed meanwhile, is refused at once ("database
is locked", SQLITE_BUSY_SNAPSHOT): its snapshot is stale and cannot become a write, and the
busy timeout does not wait for that. So on SQLite a transaction that will write takes the write
lock with its first statement (BEGIN IMMEDIATE, see app.geo) and waits its turn, while one that
only reads begins deferred and runs beside the writers. PostgreSQL needs none of this.

A request will write when its method is not a safe one (RFC 9110: GET, HEAD, OPTIONS, TRACE).
A command, or one of the few GET views that record something, says so with `@writes`; it must
run before the transaction begins (outermost, under the route or command decorator).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import has_request_context, request

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

_writing: ContextVar[bool] = ContextVar("writing", default=False)

P = ParamSpec("P")
T = TypeVar("T")


def will_write() -> bool:
    """Whether a transaction beginning now is expected to write."""
    if _writing.get():
        return True
    return has_request_context() and request.method not in SAFE_METHODS


@contextmanager
def writing() -> Iterator[None]:
    """Transactions begun inside this block are writers."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def writes(function: Callable[P, T]) -> Callable[P, T]:
    """The view or command writes: its transactions take the write lock up front."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        with writing():
            return function(*args, **kwargs)

    return wrapper
