"""The physical limit: the endpoint's own SQL, run straight on PostgreSQL.

The statements are not written here by hand: `capture_statements` asks the app (in-process,
Flask's test client) for each fixed view once and records every statement it sends to the
database with its parameters. `SqlClient` then replays exactly those through psycopg, one
autocommit connection per client, fetching every row: same filters, columns, order and row
cap as the endpoint, and nothing else (no HTTP, no ORM session, no JSON). So the ratio
endpoint / SQL stays meaningful when the endpoint's query changes.
"""

from __future__ import annotations

import contextvars

import psycopg

Statement = tuple[str, object]  # SQL text, parameters as passed to the DB-API cursor


def capture_statements(app, paths: list[str]) -> list[list[Statement]]:
    """For each path, the statements one GET of it runs (in order)."""
    from sqlalchemy import event

    from app.extensions import db

    captured: list[Statement] = []

    def record(_conn, _cursor, statement, parameters, _context, _executemany):
        captured.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    client = app.test_client()
    per_path = []
    try:
        for path in paths:
            captured.clear()
            response = contextvars.Context().run(client.get, path)
            if response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code} for {path}")
            per_path.append(list(captured))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return per_path


class SqlClient:
    """One autocommit connection; runs a view's statements and fetches all rows."""

    def __init__(self, dsn: str, statements: list[list[Statement]]) -> None:
        self.connection = psycopg.connect(dsn, autocommit=True)
        self.statements = statements

    def fetch(self, i: int) -> int:
        rows = 0
        with self.connection.cursor() as cur:
            for statement, params in self.statements[i]:
                cur.execute(statement, params)
                rows = len(cur.fetchall())
        return rows

    def close(self) -> None:
        self.connection.close()


def explain(dsn: str, statements: list[Statement]) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the view's main (last) statement."""
    statement, params = statements[-1]
    with psycopg.connect(dsn, autocommit=True) as connection, connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
        return "\n".join(row[0] for row in cur.fetchall())


def readable(statement: Statement) -> str:
    """The statement with its parameters, for the results file."""
    sql, params = statement
    return f"{' '.join(sql.split())}  -- {params!r}"
