"""Lookups compiled once per database connection, for the hottest paths (issue 14).

Every guest page opens its stay with one query that joins seven tables. Building that queryset and
compiling it to SQL took 2.4 ms of the 3.2 ms the lookup took; PostgreSQL answered in 0.5 ms. A
CompiledLookup builds and compiles its queryset the first time a connection runs it, then only puts the
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


class CompiledLookup:
    """`build(*values)` gives the queryset that finds the row for `values`. Each value must reach the SQL
    as a parameter of its own, as the value of a filter on a field does; it is sent as given (the field
    does not convert it), so keep to strings and numbers."""

    def __init__(self, build, *, using=DEFAULT_DB_ALIAS):
        self._build = build
        self._using = using
        self._compiled = weakref.WeakKeyDictionary()  # a connection (each thread has its own) → _Compiled

    def get_or_none(self, *values):
        """The one row found for `values`, or None; two rows raise MultipleObjectsReturned, as get() does."""
        connection = connections[self._using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = _Compiled(self._build, len(values), self._using)
        return compiled.get_or_none(values)


class _Compiled:
    def __init__(self, build, arity, using):
        # Stand-ins for the values: where they land among the parameters is where each call's values go.
        markers = [f"compiled-lookup-{n}-{secrets.token_hex(8)}" for n in range(arity)]
        queryset = build(*markers).using(using).order_by()[:2]  # two: enough to tell one row from several
        self.model = queryset.model
        self.compiler = queryset.query.get_compiler(using=using)
        self.sql, params = self.compiler.as_sql()  # also works out the select list and klass_info
        self.params = list(params)
        self.slots = [(position, markers.index(p)) for position, p in enumerate(params) if p in markers]
        if {n for _, n in self.slots} != set(range(arity)):
            raise ValueError("Each value of a CompiledLookup must reach its SQL as a parameter.")
        select, klass_info = self.compiler.select, self.compiler.klass_info
        first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1]
        self.own_columns = slice(first, last + 1)
        self.attnames = [column[0].target.attname for column in select[self.own_columns]]
        self.fetch_mode = queryset._fetch_mode
        self.populators = get_related_populators(klass_info, select, using, self.fetch_mode)
        self.annotations = self.compiler.annotation_col_map or {}

    def get_or_none(self, values):
        params = list(self.params)
        for position, n in self.slots:
            params[position] = values[n]
        with self.compiler.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if not rows:
            return None
        if len(rows) > 1:
            raise self.model.MultipleObjectsReturned(f"More than one {self.model._meta.object_name} found.")
        (row,) = self.compiler.results_iter([rows])  # converted as any query's rows are (from_db_value)
        found = self.model.from_db(
            self.compiler.using, self.attnames, row[self.own_columns], fetch_mode=self.fetch_mode
        )
        for populator in self.populators:
            populator.populate(row, found)
        for name, position in self.annotations.items():
            setattr(found, name, row[position])
        return found
