"""Sortable columns of the long lists: `?sort=<column>&order=asc|desc`.

Each list names its columns (`Column`: the SQL expressions it sorts by, or for a list built in Python the function
that gives a row's value) and its default. The arguments are read through rocb.params and checked against those
columns: an unknown column or order is the list's default order, never an error. Empty values (no date, no host)
go last whichever the direction. A list sorted by a column always ends with a tie-breaker (its id), so pages do not
share or skip rows. The header macro is `sortable_header` in templates/_macros/sorting.html; pagination links keep
the sort (the pagination macro keeps every argument but the page).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from rocb import params

ORDERS = ("asc", "desc")


@dataclass(frozen=True)
class Column:
    """by: SQL expressions, the column's own first, then what breaks its ties (e.g. name after subregion).
    key: for rows sorted in Python, the row's value (None: empty, last). first: the order of a first click
    (newest first for dates)."""

    by: tuple = ()
    key: Callable | None = None
    first: str = "asc"


@dataclass(frozen=True)
class Sort:
    column: str
    order: str
    chosen: bool  # given by ?sort=, not the list's default
    columns: Mapping[str, Column] = field(repr=False, compare=False)

    @property
    def descending(self) -> bool:
        return self.order == "desc"

    def aria(self, column: str) -> str | None:
        """The aria-sort of a header: only the column the list is sorted by has one."""
        if column != self.column:
            return None
        return "descending" if self.descending else "ascending"

    def next_order(self, column: str) -> str:
        """What a click on a header asks for: the other direction on the sorted column, else its first order."""
        if column == self.column:
            return "asc" if self.descending else "desc"
        return self.columns[column].first


def read_sort(args, columns: Mapping[str, Column], default: str, order: str | None = None) -> Sort:
    """The sort a request asks for, or the list's default (default column in its first order unless given)."""
    name = params.clean_text(args.get("sort"), 40)
    wanted = params.clean_text(args.get("order"), 8).lower()
    if name not in columns:
        return Sort(default, order or columns[default].first, False, columns)
    return Sort(name, wanted if wanted in ORDERS else columns[name].first, True, columns)


def ordered(query, sort: Sort, *tie_breakers):
    """The query ordered by the sort's column (empty values last), then by the tie-breakers in the same direction."""
    terms = [*sort.columns[sort.column].by, *tie_breakers]
    return query.order_by(None).order_by(*[(t.desc() if sort.descending else t.asc()).nulls_last() for t in terms])


def sorted_rows(rows: Sequence, sort: Sort) -> list:
    """Rows sorted in Python by the column's key, empty values last; equal values keep the order they came in."""
    key = sort.columns[sort.column].key
    present = [r for r in rows if key(r) is not None]
    missing = [r for r in rows if key(r) is None]
    return sorted(present, key=key, reverse=sort.descending) + missing
