"""Queries compiled once per database connection, for the hottest paths (issue 14).

Every guest page opens its stay with one query that joins seven tables. Building that queryset and
compiling it to SQL took 2.4 ms of the 3.2 ms the lookup took; PostgreSQL answered in 0.5 ms. A
CompiledQuery builds and compiles its queryset the first time a connection runs it, then only puts the
new values in its parameters. The SQL text never changes, so with prepared statements (settings.py,
DATABASE_PREPARED_STATEMENTS) PostgreSQL parses and plans it once per connection too.

The row becomes model instances through Django's own parts, as QuerySet iteration makes them
(django.db.models.query.ModelIterable): the values converted, the objects select_related joined, the
annotations. Those parts are not public API; tests/gorently/test_compiled.py holds a lookup's instances
against the ORM's own, so a Django upgrade that changes them fails there.
"""

import secrets
import weakref

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import get_related_populators


class CompiledQuery:
    """`build(*values)` gives the queryset for `values`; it must depend on nothing else (not the time, not
    the language), as it is built once. Each value must reach the SQL as a parameter of its own, as the
    value of a filter on a field does. Values are strings or whole numbers, sent as given."""

    def __init__(self, build, *, using=DEFAULT_DB_ALIAS):
        self._build = build
        self._using = using
        self._compiled = weakref.WeakKeyDictionary()  # a connection (each thread has its own) → _Compiled

    def all(self, *values):
        """The rows found for `values`: model instances, with what the queryset joins and annotates."""
        connection = connections[self._using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            markers = _markers(values)
            queryset = self._shape(self._build(*markers).using(self._using))
            compiled = self._compiled[connection] = _Compiled(queryset, markers)
        return compiled.rows(values)

    @staticmethod
    def _shape(queryset):
        return queryset


class CompiledLookup(CompiledQuery):
    """A CompiledQuery that finds one row, as get() does."""

    @staticmethod
    def _shape(queryset):
        return queryset.order_by()[:2]  # two: enough to tell one row from several

    def get_or_none(self, *values):
        """The one row found for `values`, or None; two rows raise MultipleObjectsReturned, as get() does."""
        found = self.all(*values)
        if len(found) > 1:
            raise found[0].MultipleObjectsReturned(f"More than one {found[0]._meta.object_name} found.")
        return found[0] if found else None


def _markers(values):
    """Stand-ins for the values, of their types: where they land among the parameters is where each call's
    values go. Numbers are negative and within a 32-bit column's range (Django refuses a lookup past it)."""
    markers = []
    for n, value in enumerate(values):
        if isinstance(value, str):
            markers.append(f"compiled-query-{n}-{secrets.token_hex(8)}")
        elif isinstance(value, int) and not isinstance(value, bool):
            markers.append(-2_000_000_000 - secrets.randbelow(100_000_000))
        else:
            raise TypeError(f"A CompiledQuery takes strings and whole numbers, not {type(value).__name__}.")
    return markers


class _Compiled:
    def __init__(self, queryset, markers):
        self.compiler = queryset.query.get_compiler(using=queryset.db)
        self.sql, params = self.compiler.as_sql()  # also works out the select list and klass_info
        self.params = list(params)
        self.slots = [
            (position, n)
            for position, p in enumerate(params)
            for n, marker in enumerate(markers)
            if type(p) is type(marker) and p == marker
        ]
        if {n for _, n in self.slots} != set(range(len(markers))):
            raise ValueError("Each value of a CompiledQuery must reach its SQL as a parameter.")
        select, klass_info = self.compiler.select, self.compiler.klass_info
        first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1]
        self.model = klass_info["model"]
        self.own_columns = slice(first, last + 1)
        self.attnames = [column[0].target.attname for column in select[self.own_columns]]
        self.fetch_mode = queryset._fetch_mode
        self.populators = get_related_populators(klass_info, select, queryset.db, self.fetch_mode)
        self.annotations = self.compiler.annotation_col_map or {}

    def rows(self, values):
        params = list(self.params)
        for position, n in self.slots:
            params[position] = values[n]
        with self.compiler.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        # Converted as any query's rows are (from_db_value). The converters are looked up on each call, as
        # Django does (0.1 ms): kept per connection, they would miss a converter replaced later, as the
        # decryption counter of tests/portal/test_page_queries.py replaces it.
        return [self._instance(row) for row in self.compiler.results_iter([rows])] if rows else []

    def _instance(self, row):
        found = self.model.from_db(
            self.compiler.using, self.attnames, row[self.own_columns], fetch_mode=self.fetch_mode
        )
        for populator in self.populators:
            populator.populate(row, found)
        for name, position in self.annotations.items():
            setattr(found, name, row[position])
        return found
