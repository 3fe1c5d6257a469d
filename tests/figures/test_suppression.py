"""Small-cell suppression, checked against an oracle that knows nothing of how it works: for
each suppressed value, a search for another table that agrees with everything published.

The oracle searches non-negative integer tables, each value bounded by the published grand
total (or, when that is hidden too, by the true one plus a margin: "plausible values"). The
search is complete within those bounds, so "no other table" means the value is recoverable.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from app.figures.suppression import THRESHOLD, PublishedTable, suppress, suppress_linked

Table = Sequence[Sequence[int]]


def _true_margins(counts: Table) -> tuple[list[int], list[int], int]:
    rows = [sum(row) for row in counts]
    columns = [sum(col) for col in zip(*counts, strict=True)]
    return rows, columns, sum(rows)


def hidden_entries(published: PublishedTable) -> list[tuple[str, int, int]]:
    rows, columns = len(published.cells), len(published.cells[0])
    found = [("cell", r, c) for r in range(rows) for c in range(columns)]
    found = [e for e in found if published.cells[e[1]][e[2]] is None]
    found += [("row", r, 0) for r in range(rows) if published.row_totals[r] is None]
    found += [("column", 0, c) for c in range(columns) if published.column_totals[c] is None]
    if published.grand_total is None:
        found.append(("grand", 0, 0))
    return found


def another_table_exists(counts: Table, published: PublishedTable, target) -> bool:
    """Is there a non-negative integer table that publishes the same and gives `target` (a
    hidden cell or total) another value than the true one?"""
    rows, columns = len(counts), len(counts[0])
    true_rows, true_columns, true_grand = _true_margins(counts)
    bound = published.grand_total if published.grand_total is not None else true_grand + 5
    unknown = [(r, c) for r in range(rows) for c in range(columns) if published.cells[r][c] is None]
    last_in_row = {r: max(i for i, (r2, _) in enumerate(unknown) if r2 == r) for r, _ in unknown}
    last_in_column = {c: max(i for i, (_, c2) in enumerate(unknown) if c2 == c) for _, c in unknown}
    table = [[v if v is not None else 0 for v in row] for row in published.cells]

    def finished() -> bool:
        row_sums = [sum(row) for row in table]
        column_sums = [sum(col) for col in zip(*table, strict=True)]
        if published.grand_total is not None and sum(row_sums) != published.grand_total:
            return False
        kind, r, c = target
        actual = {
            "cell": lambda: table[r][c],
            "row": lambda: row_sums[r],
            "column": lambda: column_sums[c],
            "grand": lambda: sum(row_sums),
        }[kind]()
        expected = {
            "cell": lambda: counts[r][c],
            "row": lambda: true_rows[r],
            "column": lambda: true_columns[c],
            "grand": lambda: true_grand,
        }[kind]()
        return actual != expected

    def fits(i: int, r: int, c: int) -> bool:
        row_total, column_total = published.row_totals[r], published.column_totals[c]
        row_sum = sum(table[r])
        column_sum = sum(table[x][c] for x in range(rows))
        # A hidden total we look for another value of: once its line is filled, it must differ.
        if target == ("row", r, 0) and last_in_row[r] == i and row_sum == true_rows[r]:
            return False
        if target == ("column", 0, c) and last_in_column[c] == i and column_sum == true_columns[c]:
            return False
        if row_total is not None and (
            row_sum > row_total or (last_in_row[r] == i and row_sum != row_total)
        ):
            return False
        return column_total is None or not (
            column_sum > column_total or (last_in_column[c] == i and column_sum != column_total)
        )

    def search(i: int) -> bool:
        if i == len(unknown):
            return finished()
        r, c = unknown[i]
        candidates = sorted(range(bound + 1), key=lambda v: abs(v - counts[r][c]))
        if target == ("cell", r, c):  # its true value cannot be the other table we look for
            candidates.remove(counts[r][c])
        for value in candidates:
            table[r][c] = value
            if fits(i, r, c) and search(i + 1):
                return True
        table[r][c] = 0
        return False

    return search(0)


def assert_safe(counts: Table) -> PublishedTable:
    published = suppress(counts)
    true_rows, true_columns, true_grand = _true_margins(counts)
    shown = [v for row in published.cells for v in row]
    shown += [*published.row_totals, *published.column_totals, published.grand_total]
    assert not [v for v in shown if v is not None and 0 < v < THRESHOLD], published
    for r, row in enumerate(published.cells):
        assert all(v in (None, counts[r][c]) for c, v in enumerate(row)), "published as it is"
    assert all(v in (None, t) for v, t in zip(published.row_totals, true_rows, strict=True))
    assert all(v in (None, t) for v, t in zip(published.column_totals, true_columns, strict=True))
    assert published.grand_total in (None, true_grand)
    for target in hidden_entries(published):
        assert another_table_exists(counts, published, target), (counts, published, target)
    return published


# --- the oracle itself can fail ---------------------------------------------------------------


def test_the_oracle_finds_a_lone_suppressed_cell_in_a_row():
    counts = [[3, 10], [8, 9]]
    naive = PublishedTable(((None, 10), (8, 9)), (13, 17), (11, 19), 30)
    assert not another_table_exists(counts, naive, ("cell", 0, 0))


def test_the_oracle_finds_a_cell_recovered_through_the_totals():
    # Two hidden per row, but column 0 has one: its total gives it away, and then the row.
    counts = [[3, 6, 10], [8, 9, 7]]
    naive = PublishedTable(((None, None, 10), (8, 9, 7)), (None, 24), (11, 15, 17), 43)
    assert not another_table_exists(counts, naive, ("cell", 0, 0))


def test_the_oracle_finds_a_value_pinned_by_zero():
    # A rectangle of hidden cells recovers only sums, unless its zeros cannot move down.
    counts = [[3, 0], [5, 0]]
    naive = PublishedTable(((None, None), (None, None)), (3, 5), (8, 0), 8)
    assert not another_table_exists(counts, naive, ("cell", 0, 0))


# --- the suppression ------------------------------------------------------------------------


def test_a_table_without_small_counts_is_published_whole():
    counts = [[5, 12, 0], [7, 30, 9]]
    published = assert_safe(counts)
    assert not published.has_suppressed
    assert published.cells == ((5, 12, 0), (7, 30, 9))
    assert published.grand_total == 63


def test_true_zeros_are_published():
    published = assert_safe([[0, 12, 8], [6, 0, 9]])
    assert published.cells[0][0] == 0
    assert published.cells[1][1] == 0


def test_a_lone_small_cell_takes_the_smallest_partners_in_its_row_and_column():
    published = assert_safe([[3, 20, 6], [8, 40, 9], [30, 50, 60]])
    assert published.cells == ((None, 20, None), (None, 40, None), (30, 50, 60))
    assert published.row_totals == (29, 57, 140)


def test_a_total_below_five_is_suppressed_and_does_not_give_itself_away():
    published = assert_safe([[1, 2, 0], [10, 20, 30], [8, 9, 7]])
    assert published.row_totals[0] is None
    assert published.cells[0][2] == 0


def test_two_per_line_is_not_enough_a_chain_through_the_totals_is_broken():
    counts = [[3, 6, 10], [8, 9, 7]]
    published = assert_safe(counts)
    assert published.cells[0][0] is None


def test_a_single_row_table_hides_a_small_cell_with_a_partner():
    assert_safe([[2, 9, 11]])


def test_a_table_of_one_small_count():
    published = assert_safe([[3]])
    assert published.cells == ((None,),)
    assert published.grand_total is None


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        suppress([[1, -1]])


def random_table(rng: random.Random) -> list[list[int]]:
    rows, columns = rng.randint(1, 3), rng.randint(1, 3)
    return [
        [
            rng.choice((0, 0, rng.randint(1, 4), rng.randint(1, 4), rng.randint(5, 15)))
            for _ in range(columns)
        ]
        for _ in range(rows)
    ]


@pytest.mark.parametrize("seed", range(10))
def test_no_suppressed_value_of_a_random_table_is_recoverable(seed):
    rng = random.Random(seed)
    for _ in range(50):
        assert_safe(random_table(rng))


def test_a_month_by_dong_table_of_a_year_is_safe_and_keeps_most_of_its_figures():
    rng = random.Random(2026)
    counts = [[rng.choice((0, 1, 2, 5, 8, 13)) for _ in range(12)] for _ in range(4)]
    published = suppress(counts)
    assert all(v is None or not 0 < v < THRESHOLD for row in published.cells for v in row)
    assert published.grand_total == sum(map(sum, counts))


# --- tables sharing their totals --------------------------------------------------------------


def test_a_total_hidden_in_one_table_is_hidden_in_the_other_that_shares_it():
    by_dong = [[0, 0, 3, 7, 0], [0, 0, 10, 6, 0], [0, 0, 0, 0, 2]]
    by_reporter = [[0, 0, 6, 8, 0], [0, 0, 7, 5, 2]]
    assert suppress(by_dong).grand_total is None  # else the lone 2 = the total less the rest
    assert suppress(by_reporter).grand_total == 28  # alone, it would publish it
    dongs, reporters = suppress_linked([by_dong, by_reporter])
    assert dongs.grand_total is None and reporters.grand_total is None
    assert dongs.column_totals == reporters.column_totals
    assert_safe_as_published(by_dong, dongs)
    assert_safe_as_published(by_reporter, reporters)


def assert_safe_as_published(counts: Table, published: PublishedTable) -> None:
    for target in hidden_entries(published):
        assert another_table_exists(counts, published, target), (counts, published, target)


@pytest.mark.parametrize("seed", range(4))
def test_linked_random_tables_hide_the_same_totals_and_each_is_safe(seed):
    rng = random.Random(100 + seed)
    for _ in range(25):
        first = random_table(rng)
        columns = list(zip(*first, strict=True))
        # A second table of the same column totals: each column's count split between 2 rows.
        cuts = [rng.randint(0, sum(col)) for col in columns]
        second = [cuts, [sum(col) - cut for col, cut in zip(columns, cuts, strict=True)]]
        one, two = suppress_linked([first, second])
        assert one.column_totals == two.column_totals
        assert (one.grand_total is None) == (two.grand_total is None)
        assert_safe_as_published(first, one)
        assert_safe_as_published(second, two)
