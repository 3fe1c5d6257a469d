"""Rows of a large SELECT read a batch at a time, for files that stream (open data).

A server-side cursor holds one batch (a few MB) whatever the file's size, and a helper thread
fetches the next batch while the caller writes this one: the database makes rows and Python
formats them at the same time instead of taking turns (a third of a city-wide file's time
was spent waiting for the next batch). Only one thread uses the cursor at any moment, and
closing the stream waits for a fetch under way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.engine import Connection


def batches(connection: Connection, statement: Executable, size: int) -> Iterator[Sequence[Any]]:
    """The statement's rows, `size` at a time: plain Core rows (no ORM object per row)."""
    # On the statement: a Connection's own options would stay on it for every later statement.
    result = connection.execute(statement.execution_options(stream_results=True, yield_per=size))
    partitions = result.partitions()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="rows-ahead") as reader:
        pending = reader.submit(next, partitions, None)
        while (partition := pending.result()) is not None:
            pending = reader.submit(next, partitions, None)
            yield partition
