"""
Read queries that every uncached page runs, compiled by the ORM once per
database connection and shape, then run with new parameters.

Building a queryset and compiling it costs 100-800 us of Python for a query
that SQLite answers in 15 us: on the seed article with every cache off, about
half of the 26 ms went there. A PreparedQuery keeps the ORM as the one
definition of the query (its joins, quoting and each database's dialect) but
builds it once per shape: its builder is called with stand-in values, the SQL
is compiled, and later calls put their values where the stand-ins landed and
run the same SQL. Rows come back as values_list() tuples, through the field
converters the ORM applies.

Each keyword argument is a parameter when it is an int, a str, or a list of
them (a list's length and types are part of the shape). Anything else (None,
True, False, a tuple), and any name given in `literal`, is part of the shape:
passed to the builder as it is, each value compiled on its own. So is the
active time zone, which date lookups and TruncDate compile in.

Parameters are for values the ORM passes through unchanged: exact matches,
`__in`, comparisons within the column's range. When a shape is first met,
the builder also runs with the real values, and the stand-ins' SQL is kept
only if it is the same statement with the same parameters once the real
values are put in; otherwise (a stand-in the ORM rewrote or refused, a list
with repeats it shortened) the ORM answers every call of that shape, logged
once. That check sees one value, so a lookup whose SQL changes with the value
itself (`__iexact` escapes `_` and `%` on SQLite, `__contains` wraps it in %)
must take it as literal.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from itertools import count
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)

# Stand-in ints sit inside even a positive small integer column's range (the
# ORM drops a lookup outside it); one equal to a real value is caught by the
# first use's check.
_INT_STAND_IN_BASE = 32_767
# Shapes kept per query and connection; past this the oldest are dropped.
MAX_SHAPES_PER_QUERY = 256


class _Statement:
    """One shape's SQL, where each value goes, and how its rows are read."""

    __slots__ = ("sql", "params", "slots", "converters", "width")

    def __init__(self, compiler, sql: str, params: list, slots: list):
        self.sql, self.params, self.slots = sql, params, slots
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = compiler.get_converters(fields)
        # Columns read only for the ordering are cut off, as the ORM does.
        self.width = compiler.col_count if compiler.has_extra_select else None

    def bound(self, values: dict[str, Any]) -> list:
        params = list(self.params)
        for position, name, index in self.slots:
            value = values[name]
            params[position] = value if index is None else value[index]
        return params

    def rows(self, connection, values: dict[str, Any]) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.bound(values))
            rows = cursor.fetchall()
        if self.width is not None:
            rows = [row[: self.width] for row in rows]
        if self.converters:
            rows = [self._converted(row, connection) for row in rows]
        return rows

    def _converted(self, row: tuple, connection) -> tuple:
        row = list(row)
        for position, (converters, expression) in self.converters.items():
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
        return tuple(row)


class _NoRows:
    """A shape the ORM found can match nothing (`pk__in=[]`): no query."""

    def rows(self, connection, values) -> list[tuple]:
        return []


_NO_ROWS = _NoRows()


class _Unprepared:
    """A shape the stand-ins could not stand for: the ORM answers each call."""

    def __init__(self, build: Callable[..., QuerySet], alias: str):
        self.build, self.alias = build, alias

    def rows(self, connection, values) -> list[tuple]:
        return _rows_of(self.build(**values).using(self.alias))


def _rows_of(queryset: QuerySet) -> list[tuple]:
    """The ORM's rows as a prepared statement gives them: tuples, even flat."""
    return [row if isinstance(row, tuple) else (row,) for row in queryset]


class PreparedQuery:
    """A values_list() query compiled once per connection and shape; its rows
    come back as tuples, a flat one's too."""

    def __init__(
        self, build: Callable[..., QuerySet], *, literal: tuple[str, ...] = ()
    ):
        self.build = build
        self.literal = frozenset(literal)
        self._shapes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._model = None

    def __call__(self, **values) -> list[tuple]:
        # The routers choose by the request, not the model (core/replicas.py).
        connection = connections[router.db_for_read(self._model)]
        shape = self._shape(values)
        try:
            hash(shape)
        except TypeError:  # an unhashable literal: nothing to keep it under
            return _rows_of(self.build(**values).using(connection.alias))
        shapes = self._shapes.setdefault(connection, {})
        statement = shapes.get(shape)
        if statement is None:
            statement = self._prepared(values, connection.alias)
            if isinstance(statement, _Unprepared):
                logger.warning(
                    "PreparedQuery %s: not prepared for %s", self.build, shape
                )
            if len(shapes) >= MAX_SHAPES_PER_QUERY:
                shapes.pop(next(iter(shapes)))
            shapes[shape] = statement
        return statement.rows(connection, values)

    def _is_literal(self, name: str, value) -> bool:
        """Compiled into the SQL (part of the shape), not put in as a value."""
        return name in self.literal or not _is_parameter(value)

    def _shape(self, values: dict[str, Any]) -> tuple:
        """What the SQL depends on besides the parameters' values: the
        literals, each list's length and types, the parameters' types, and
        the active time zone (which date lookups and TruncDate compile in)."""
        parts = []
        for name, value in sorted(values.items()):
            if self._is_literal(name, value):
                parts.append((name, "literal", value))
            elif isinstance(value, list):
                parts.append((name, "list", tuple(type(v).__name__ for v in value)))
            else:
                parts.append((name, type(value).__name__))
        return (timezone.get_current_timezone_name(), *parts)

    def _prepared(self, values: dict[str, Any], alias: str):
        """The shape's statement: prepared when the stand-ins' SQL is the real
        values' SQL with the values put in, else the ORM's for each call."""
        queryset = self.build(**values).using(alias)
        if not (queryset.query.values_select or queryset.query.annotation_select):
            raise ValueError("PreparedQuery reads values_list() querysets")
        self._model = queryset.model
        unprepared = _Unprepared(self.build, alias)
        try:
            real_sql, real_params = queryset.query.get_compiler(alias).as_sql()
        except EmptyResultSet:
            real_sql, real_params = None, ()
        stand_ins, arguments = self._stand_ins(values)
        try:
            compiler = self.build(**arguments).query.get_compiler(alias)
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            # Nothing can match whatever the values: only an empty list says so.
            empty_list = any(v == [] for v in values.values())
            return _NO_ROWS if real_sql is None and empty_list else unprepared
        except Exception:  # a stand-in the builder or ORM would not take
            return unprepared
        params = list(params)
        slots = [
            (position, *stand_ins[value])
            for position, value in enumerate(params)
            if isinstance(value, int | str) and value in stand_ins
        ]
        statement = _Statement(compiler, sql, params, slots)
        if real_sql == sql and statement.bound(values) == list(real_params):
            return statement
        return unprepared

    def _stand_ins(self, values: dict[str, Any]) -> tuple[dict, dict]:
        numbers = count()
        stand_ins: dict[Any, tuple[str, int | None]] = {}

        def stand_in(name, value, index=None):
            number = next(numbers)
            if isinstance(value, int):
                marker = _INT_STAND_IN_BASE - number
            else:
                marker = f"\x00prepared-{number}\x00"
            stand_ins[marker] = (name, index)
            return marker

        arguments = {}
        for name, value in values.items():
            if self._is_literal(name, value):
                arguments[name] = value
            elif isinstance(value, list):
                arguments[name] = [stand_in(name, v, i) for i, v in enumerate(value)]
            else:
                arguments[name] = stand_in(name, value)
        return stand_ins, arguments


def _is_parameter(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, list):
        return all(isinstance(v, int | str) and not isinstance(v, bool) for v in value)
    return isinstance(value, int | str)


class PreparedInstances:
    """
    Instances of `model` with only `fields` (and the key) loaded, as
    `.only(*fields)` gives them, or whole with `fields=None`, from a
    PreparedQuery of those columns: `build` returns the queryset to read.
    """

    def __init__(
        self,
        model,
        fields: tuple[str, ...] | None,
        build: Callable[..., QuerySet],
        *,
        literal: tuple[str, ...] = (),
    ):
        if fields is None:
            fields = tuple(field.name for field in model._meta.concrete_fields)
        wanted = {model._meta.pk.attname}
        wanted |= {model._meta.get_field(name).attname for name in fields}
        self.attnames = _in_field_order(model, wanted)
        self.model = model
        self.query = PreparedQuery(
            lambda **values: self._read(build(**values)), literal=literal
        )

    def _read(self, queryset: QuerySet) -> QuerySet:
        query = queryset.query
        if query.select_related or query.deferred_loading != (frozenset(), True):
            raise ValueError(
                "PreparedInstances reads the fields it is given: build() must "
                "not select_related(), only() or defer()"
            )
        return queryset.values_list(*self.attnames)

    def __call__(self, **values) -> list:
        rows = self.query(**values)
        alias = router.db_for_read(self.model)
        return [self.model.from_db(alias, self.attnames, row) for row in rows]


def instance_loaded(model, values: dict[str, Any]):
    """An instance of `model` with these columns (by attname) loaded and the
    rest deferred, as `.only()` gives it: for rows a PreparedQuery read
    through joins."""
    names = _in_field_order(model, values)
    if len(names) != len(values):
        unknown = sorted(set(values) - set(names))
        raise ValueError(f"{model.__name__} has no columns {unknown}")
    return model.from_db(
        router.db_for_read(model), names, [values[name] for name in names]
    )


def _in_field_order(model, attnames) -> list[str]:
    """These columns in the model's own field order, which from_db() takes."""
    return [f.attname for f in model._meta.concrete_fields if f.attname in attnames]
