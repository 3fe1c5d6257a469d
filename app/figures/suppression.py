"""Small-cell suppression of a two-way table of counts with its totals, so that no published
figure shows a count from 1 to 4, nor lets anyone work one out.

Pure: counts in, published values out (None where suppressed); no database, no Flask.

Zeros are published as 0, as Statistics Korea and most statistical offices do: a true zero
names nobody, and hiding zeros would make every table a wall of dashes. The threshold counts
people, so a count of 1 to 4 is sensitive (primary suppression), and a total below 5 too.

Complementary (secondary) suppression. Write the table with its margins as an (R+1)×(C+1)
table whose every row and column sums to zero (row totals and column totals negated, the
grand total as it is). The suppressed entries are the edges of a bipartite graph between its
rows and columns; an entry is recoverable by linear algebra from what is published exactly
when its edge is a bridge (on no cycle). "Two suppressed cells per line" is not enough: two
lines can each have two, yet a chain of them through the margins still ends in a bridge. So
for each bridge we suppress the cheapest rectangle through it (GHMITER's hypercube method in
two dimensions): smallest values first, inner cells before totals. Every suppressed entry is
then at least 1 (zeros are never chosen as complements), so a cycle through it can move by
±1 within the non-negative integers: no suppressed value is determined, even knowing that
counts are never negative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

THRESHOLD = 5  # counts of 1 .. THRESHOLD-1 are never published

Entry = tuple[int, int]  # (row, column) in the table with margins; R and C are the totals


@dataclass(frozen=True)
class PublishedTable:
    """What may be shown: None marks a suppressed value."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    grand_total: int | None

    @property
    def has_suppressed(self) -> bool:
        return (
            any(v is None for row in self.cells for v in row)
            or None in self.row_totals
            or None in self.column_totals
            or self.grand_total is None
        )


def is_sensitive(count: int) -> bool:
    return 0 < count < THRESHOLD


def suppress_linked(tables: Sequence[Sequence[Sequence[int]]]) -> list[PublishedTable]:
    """Tables that count the same things by different rows (discoveries by dong, and by
    reporter) share their column totals and grand total: a total one of them hides, the
    others must hide too, or it gives away what it protected there. Repeated until every
    table hides the same shared totals (each round only adds)."""
    hidden_columns: set[int] = set()
    hide_grand = False
    while True:
        published = [suppress(t, frozenset(hidden_columns), hide_grand) for t in tables]
        columns = {c for p in published for c, v in enumerate(p.column_totals) if v is None}
        grand = any(p.grand_total is None for p in published)
        if columns == hidden_columns and grand == hide_grand:
            return published
        hidden_columns, hide_grand = columns, grand


def suppress(
    counts: Sequence[Sequence[int]],
    hidden_column_totals: frozenset[int] = frozenset(),
    hide_grand_total: bool = False,
) -> PublishedTable:
    """The table as it may be published: primary then complementary suppression. Totals
    another table hid (suppress_linked) are hidden here from the start."""
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    if any(len(row) != columns for row in counts) or any(v < 0 for row in counts for v in row):
        raise ValueError("a table of non-negative counts with rows of one length")
    value = _with_margins(counts)
    hidden = {entry for entry, v in value.items() if is_sensitive(v)}
    hidden |= {(rows, c) for c in hidden_column_totals}
    if hide_grand_total:
        hidden.add((rows, columns))
    while bridge := _first_bridge(hidden, rows, columns):
        hidden |= _cheapest_rectangle(bridge, hidden, value, rows, columns)

    def shown(entry: Entry) -> int | None:
        return None if entry in hidden else value[entry]

    return PublishedTable(
        cells=tuple(tuple(shown((r, c)) for c in range(columns)) for r in range(rows)),
        row_totals=tuple(shown((r, columns)) for r in range(rows)),
        column_totals=tuple(shown((rows, c)) for c in range(columns)),
        grand_total=shown((rows, columns)),
    )


def _with_margins(counts: Sequence[Sequence[int]]) -> dict[Entry, int]:
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    value: dict[Entry, int] = {}
    for r, c in product(range(rows), range(columns)):
        value[(r, c)] = counts[r][c]
    for r in range(rows):
        value[(r, columns)] = sum(counts[r])
    for c in range(columns):
        value[(rows, c)] = sum(counts[r][c] for r in range(rows))
    value[(rows, columns)] = sum(value[(r, columns)] for r in range(rows))
    return value


def _first_bridge(hidden: set[Entry], rows: int, columns: int) -> Entry | None:
    """A suppressed entry on no cycle of suppressed entries (Tarjan's bridges, iteratively)."""
    # Nodes: rows 0..rows (rows = the column totals' row), then columns offset by rows + 1.
    offset = rows + 1
    neighbours: dict[int, list[tuple[int, Entry]]] = {}
    for r, c in sorted(hidden):
        neighbours.setdefault(r, []).append((offset + c, (r, c)))
        neighbours.setdefault(offset + c, []).append((r, (r, c)))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    for root in sorted(neighbours):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[int, Entry | None, int]] = [(root, None, 0)]
        while stack:
            node, via, index = stack.pop()
            if index < len(neighbours[node]):
                stack.append((node, via, index + 1))
                other, edge = neighbours[node][index]
                if edge == via:
                    continue
                if other in order:
                    low[node] = min(low[node], order[other])
                else:
                    order[other] = low[other] = len(order)
                    stack.append((other, edge, 0))
            elif stack and via is not None:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    return via
    return None


def _cheapest_rectangle(
    bridge: Entry, hidden: set[Entry], value: dict[Entry, int], rows: int, columns: int
) -> set[Entry]:
    """The published entries to suppress so that `bridge` lies on a rectangle of suppressed
    entries: fewest totals, then the smallest sum, then the fewest entries. Entries holding 0
    are avoided (a zero cannot move down, so it would not hide its partners); if every
    rectangle needs one, the cheapest is taken anyway and the loop goes on."""
    r, c = bridge
    best: tuple[tuple[int, int, int, int], set[Entry]] | None = None
    for r2, c2 in product(range(rows + 1), range(columns + 1)):
        if r2 == r or c2 == c:
            continue
        new = {e for e in ((r, c2), (r2, c), (r2, c2)) if e not in hidden}
        zeros = sum(1 for e in new if value[e] == 0)
        totals = sum(1 for e in new if e[0] == rows or e[1] == columns)
        cost = (zeros, totals, sum(value[e] for e in new), len(new))
        if best is None or cost < best[0]:
            best = (cost, new)
    if best is None:  # a table of one row or one column: nothing can hide it but everything
        return set(value) - hidden
    return best[1] or set(value) - hidden
