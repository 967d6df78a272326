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
them (a list's length is part of the shape). Anything else (None, True,
False, a tuple), and any name given in `literal`, is part of the shape: passed
to the builder as it is, each value compiled on its own.

Correct by construction: when a shape is first met, the builder also runs
with the real values, and the stand-ins' SQL is kept only if it is the same
statement with the same parameters once the real values are put in. A value
the ORM rewrites (`__contains` wraps it in %, a lookup out of a column's range
is dropped, a list with repeats is shortened) fails that check, and that call
is answered by the ORM as before. Each such shape is logged once: the
argument should be literal.
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

logger = logging.getLogger(__name__)

# Stand-in ints sit inside even a small integer column's range (the ORM drops
# a lookup outside it) and below any id or count a page asks for.
_INT_STAND_IN_BASE = -30_000
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


class PreparedQuery:
    """A values_list() query (not flat) compiled once per connection and shape."""

    def __init__(
        self, build: Callable[..., QuerySet], *, literal: tuple[str, ...] = ()
    ):
        self.build = build
        self.literal = frozenset(literal)
        self._shapes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._model = None
        self._unprepared: set = set()

    def __call__(self, **values) -> list[tuple]:
        shape = tuple(
            sorted(self._shape_of(name, value) for name, value in values.items())
        )
        # The routers choose by the request, not the model (core/replicas.py).
        connection = connections[router.db_for_read(self._model)]
        shapes = self._shapes.setdefault(connection, {})
        statement = shapes.get(shape)
        if statement is not None:
            return statement.rows(connection, values)
        statement, queryset = self._prepared(values, connection.alias)
        if statement is None:
            if shape not in self._unprepared:
                self._unprepared.add(shape)
                logger.warning(
                    "PreparedQuery %s: not prepared for %s", self.build, shape
                )
            return [tuple(row) for row in queryset]
        if len(shapes) >= MAX_SHAPES_PER_QUERY:
            shapes.pop(next(iter(shapes)))
        shapes[shape] = statement
        return statement.rows(connection, values)

    def _shape_of(self, name: str, value) -> tuple:
        if name in self.literal or not _is_parameter(value):
            return (name, "literal", value)
        if isinstance(value, list):
            return (name, "list", len(value))
        return (name, type(value).__name__)

    def _prepared(self, values: dict[str, Any], alias: str):
        """The shape's statement, or None and the real queryset if it cannot be."""
        queryset = self.build(**values).using(alias)
        self._model = queryset.model
        stand_ins, arguments = self._stand_ins(values)
        try:
            real_sql, real_params = queryset.query.get_compiler(alias).as_sql()
        except EmptyResultSet:
            real_sql = None
        compiler = self.build(**arguments).query.get_compiler(alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return (_NO_ROWS if real_sql is None else None), queryset
        params = list(params)
        slots = [
            (position, *stand_ins[value])
            for position, value in enumerate(params)
            if isinstance(value, int | str) and value in stand_ins
        ]
        statement = _Statement(compiler, sql, params, slots)
        same = real_sql == sql and statement.bound(values) == list(real_params)
        return (statement if same else None), queryset

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
            if name in self.literal or not _is_parameter(value):
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
        # from_db() takes the loaded values in the model's own field order.
        self.attnames = [
            field.attname
            for field in model._meta.concrete_fields
            if field.attname in wanted
        ]
        self.model = model
        self.query = PreparedQuery(
            lambda **values: build(**values).values_list(*self.attnames),
            literal=literal,
        )

    def __call__(self, **values) -> list:
        rows = self.query(**values)
        alias = router.db_for_read(self.model)
        return [self.model.from_db(alias, self.attnames, row) for row in rows]


def instance_loaded(model, values: dict[str, Any]):
    """An instance of `model` with these columns (by attname) loaded and the
    rest deferred, as `.only()` gives it: for rows a PreparedQuery read
    through joins."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(
        router.db_for_read(model), names, [values[name] for name in names]
    )
