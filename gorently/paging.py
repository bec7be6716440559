"""Pages of long lists whose total is counted only up to a point.

Counting every row of a large account costs as much as the page itself (COUNT(*) reads
every matching row); past a thousand, "more than 1,000" tells a person as much.
"""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A Paginator of a QuerySet whose `count` stops at `cap` + 1: `capped` is then true and the last page unknown.

    A capped list pages on as far as it goes: each page reads one row more than it shows, to
    know whether another follows. A page past the end answers the first page, as Paginator's
    `get_page` does for a page number that is not one. A page's rows are read by their ids (`_rows`).
    """

    def __init__(self, object_list, per_page, *, cap=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def count(self):
        return self.object_list.order_by()[: self.cap + 1].count()  # order changes no count: none asked

    @property
    def capped(self):
        return self.count > self.cap

    def validate_number(self, number):
        if not self.capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not self.capped:
            top = bottom + self.per_page
            if top + self.orphans >= self.count:
                top = self.count
            return self._get_page(self._rows(bottom, top), number, self)
        rows = list(self._rows(bottom, bottom + self.per_page + 1))
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def _rows(self, bottom, top):
        """The rows from `bottom` to `top`, in one query: a subquery finds their ids, which an index can
        give without reading the table (an index-only scan), then only those rows are read. A plain
        OFFSET reads every skipped row, or sorts all of them: PostgreSQL sorted all 4,000 of an account
        for page 20 (bench/RESULTS.md)."""
        return self.object_list.filter(pk__in=self.object_list.values("pk")[bottom:top])

    def get_page(self, number):
        if _asks_for_the_first_page(number):
            return self._first_page()
        try:
            return super().get_page(number)
        except EmptyPage:
            return self.page(1)

    def _first_page(self):
        """Page 1, read before the count: a list that fits on it is counted by its length, with no COUNT.
        Most searches (a name, a code, an email) find a handful of stays."""
        shown = self.per_page + self.orphans
        rows = list(self._rows(0, shown + 1))
        if len(rows) <= shown:  # an empty list too: these lists always show their first page
            self.count = len(rows)
            return self._get_page(rows, 1, self)
        if self.capped:
            return CappedPage(rows[: self.per_page], 1, self, more=True)  # it read past the page
        return self._get_page(rows[: self.per_page], 1, self)


def _asks_for_the_first_page(number):
    try:
        return int(number) == 1
    except (TypeError, ValueError):  # no page number, or not one: Paginator.get_page answers the first
        return True


class CappedPage(Page):
    """A page of a capped list: whether another follows is what was read, not arithmetic on the total."""

    def __init__(self, object_list, number, paginator, *, more):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1
