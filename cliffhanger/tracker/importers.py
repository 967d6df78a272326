"""
Import shows, seasons, episodes and cast from TVmaze's JSON format.

Usage::

    from cliffhanger.tracker.importers import shows_import

    with open(path, "rb") as stream:
        report = shows_import(stream=stream)
    report.shows_created, report.failed, report.failures, report.file_error

`manage.py import_shows FILE` is the command-line face of `shows_import`; the
pieces it is built from (`show_records_read`, `show_record_parse`,
`show_import`, `season_status_from_tvmaze`) can be used on their own.

Input
-----
A TVmaze show object as the API returns it with
``embed[]=seasons&embed[]=episodes&embed[]=cast``: the file holds one of them,
a JSON array of them, or JSON Lines (one per line; in fact any sequence of
JSON objects separated by whitespace). It is read in chunks, never whole:
memory holds one show at a time, whatever the size of the file.

Identity: re-import updates, never duplicates
---------------------------------------------
- Shows, seasons, episodes and people are found by their TVmaze id. A season
  not found that way is looked up by (show, number), so a season entered by
  hand is adopted rather than duplicated.
- Networks are found by name, whatever its case (the model keeps no TVmaze
  network id). TVmaze's ``network`` becomes a broadcast network, its
  ``webChannel`` a streaming service; the kind is set when the network is
  created, so an editor's later correction stands. Genres are found by slug.
- New shows and people get ``slugify(name)``, ``show-<id>`` or
  ``person-<id>`` when that is empty, with -2, -3… when taken. An existing
  show keeps its slug (its URL) when TVmaze renames it.
- Genres follow TVmaze's list. Nothing else is deleted: an episode or a cast
  member missing from the file stays.
- Types: Scripted, Miniseries, Reality, Documentary, Animation, Talk Show and
  Game Show map onto ours, Panel Show counts as a game show; any other type
  (News, Sports, Variety…) leaves an existing show's type alone and makes a
  new one scripted. ``language`` is not kept.
- ``summary`` becomes the synopsis as plain text: tags stripped, entities
  unescaped, one blank line between paragraphs.
- A season that only the episodes mention is created, dated by their air
  dates. A season's episode count is its ``episodeOrder``, else the number of
  its episodes in the file.

Status of the latest season
---------------------------
TVmaze has one status per show, the tracker one per season: it goes to the
latest season (the highest number); a show without seasons gets none.
``today`` is the day of the import.

================  ======================================  =================  ================================
TVmaze            latest season                           tracker            effective date
================  ======================================  =================  ================================
In Development    any                                     in development     today
To Be Determined  any                                     awaiting decision  endDate, premiereDate or today
Ended             any                                     ended              endDate or today
Running           listed without a premiereDate           renewed            today
Running           premiereDate after today                date announced     today
Running           premiered, endDate missing or >= today  airing             premiereDate
Running           premiered, endDate before today         awaiting decision  endDate
================  ======================================  =================  ================================

An effective date is never later than today (a status cannot take effect in
the future). The status is recorded with `season_status_record` (source
"TVmaze") only when it would change the season's current status:

- not when the current status already says it; "Ended" is also satisfied by
  "cancelled", since TVmaze does not tell the two apart;
- not when the current status is dated after the imported date: an older
  fact cannot change the present, and recording it would record it again on
  every re-import.

Errors
------
Each show is imported in its own transaction. A record that is not a valid
show raises `ImportRecordError` naming it ("Record 3 (TVmaze id 123, line
3): premiered 'yesterday' is not a date (YYYY-MM-DD)"); nothing from it is
stored and `shows_import` goes on with the next one. A show with neither a
network nor a webChannel is such a record: every show in the tracker has a
network. JSON that does not parse
stops the import with `ImportFileError` (line and column): after a syntax
error there is no telling where the next record starts. Shows imported before
it stay imported.
"""

import codecs
import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, BinaryIO, NoReturn

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from .models import (
    CastMember,
    Episode,
    Genre,
    Network,
    Person,
    Season,
    SeasonStatus,
    Show,
    ShowType,
)
from .selectors import season_current_change
from .services import season_status_record

SOURCE_OUTLET = "TVmaze"
CHUNK_SIZE = 64 * 1024
# Failures beyond this many are counted but their messages not kept.
FAILURES_KEPT = 100

INVALID_JSON = "Invalid JSON at line {line}, column {column}{record}: {reason}."
NOT_UTF8 = "The file is not UTF-8 text: invalid byte at offset {offset}."
ARRAY_NOT_CLOSED = "the array is not closed (expecting ',' or ']')"
EXPECTING_COMMA = "expecting ',' or ']' after a show"
VALUE_AFTER_COMMA = "expecting a show after ','"
DATA_AFTER_ARRAY = "unexpected data after the array"

RECORD_NOT_OBJECT = "is not a JSON object (a TVmaze show)"
FIELD_MISSING = "{field} is missing"
FIELD_NOT_TEXT = "{field} {value} is not text"
FIELD_NOT_WHOLE_NUMBER = "{field} {value} is not a whole number"
FIELD_NOT_DATE = "{field} {value} is not a date (YYYY-MM-DD)"
FIELD_NOT_LIST = "{field} {value} is not a list"
FIELD_NOT_OBJECT = "{field} {value} is not an object"
STATUS_UNKNOWN = (
    "status {value} is not one of Running, Ended, To Be Determined, In Development"
)
NO_NETWORK = "has neither a network nor a webChannel; every show needs one"
SEASON_NUMBER_TWICE = "season {number} is listed twice"
EPISODE_TWICE = "episode {tvmaze_id} is listed twice"
SEASON_OF_ANOTHER_SHOW = "season {tvmaze_id} belongs to another show ({show})"
SEASON_NUMBER_TAKEN = "season {number} is already another season of this show"

TVMAZE_RUNNING = "Running"
TVMAZE_ENDED = "Ended"
TVMAZE_TBD = "To Be Determined"
TVMAZE_IN_DEVELOPMENT = "In Development"
TVMAZE_STATUSES = (TVMAZE_RUNNING, TVMAZE_ENDED, TVMAZE_TBD, TVMAZE_IN_DEVELOPMENT)

SHOW_TYPES = {
    "Scripted": ShowType.SCRIPTED,
    "Miniseries": ShowType.MINISERIES,
    "Reality": ShowType.REALITY,
    "Documentary": ShowType.DOCUMENTARY,
    "Animation": ShowType.ANIMATION,
    "Talk Show": ShowType.TALK,
    "Game Show": ShowType.GAME,
    "Panel Show": ShowType.GAME,
}

EPISODE_TITLE_MAX = Episode._meta.get_field("title").max_length
CHARACTER_MAX = CastMember._meta.get_field("character").max_length


class ImportFileError(Exception):
    """The file cannot be read as TVmaze JSON any further (syntax, encoding)."""


class ImportRecordError(Exception):
    """One record is not a valid show; the message names it."""


# --- Reading: a stream of bytes → one JSON value at a time -------------------


@dataclass(frozen=True)
class ShowRecord:
    """One top-level value of the file, not yet checked: `number` counts from 1."""

    number: int
    line: int
    value: Any


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_STRUCTURE = re.compile(r'[\[\]{}"]')
_SCALAR_END = re.compile(r'[\s,\[\]{}"]')
# No show record nests deeper; a file that does is refused before the decoder
# (which recurses) could run out of stack.
MAX_DEPTH = 64
TOO_DEEP = f"Nested more than {MAX_DEPTH} levels deep"
UNREADABLE_VALUE = "A value that cannot be read (a number too long, say)"


class _JsonReader:
    """
    Splits a byte stream into top-level JSON values without reading it whole:
    a scanner finds where the next value ends (brackets outside strings), then
    `json.JSONDecoder.raw_decode` parses exactly that value, so the buffer
    holds one value plus a chunk. Positions are tracked for error messages.
    """

    def __init__(self, stream: BinaryIO, *, chunk_size: int, on_read):
        self._stream = stream
        self._chunk_size = chunk_size
        self._on_read = on_read
        self._text_decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._json_decoder = json.JSONDecoder()
        self._bytes_read = 0
        self._eof = False
        self.buf = ""
        self.pos = 0
        # Line of buf[self._counted] and column of buf[0], both from 1.
        self._line = 1
        self._counted = 0
        self._base_column = 1
        self.values_read = 0

    def _fill(self) -> bool:
        """Append the next chunk to the buffer; False at the end of the file."""
        if self._eof:
            return False
        raw = self._stream.read(self._chunk_size)
        if self._on_read is not None and raw:
            self._on_read(len(raw))
        try:
            text = self._text_decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as error:
            offset = self._bytes_read + error.start
            raise ImportFileError(NOT_UTF8.format(offset=offset)) from error
        self._bytes_read += len(raw)
        if not raw:
            self._eof = True
        self.buf += text
        return bool(raw)

    def _compact(self) -> None:
        """Drop what lies before `pos`, keeping line and column counts right."""
        line, column = self.location(self.pos)
        self.buf = self.buf[self.pos :]
        self.pos = 0
        self._line, self._counted, self._base_column = line, 0, column

    def location(self, index: int) -> tuple[int, int]:
        if index >= self._counted:
            self._line += self.buf.count("\n", self._counted, index)
        else:
            self._line -= self.buf.count("\n", index, self._counted)
        self._counted = index
        newline = self.buf.rfind("\n", 0, index)
        column = index - newline if newline >= 0 else self._base_column + index
        return self._line, column

    def _fail(self, index: int, reason: str) -> NoReturn:
        line, column = self.location(index)
        record = f" (record {self.values_read + 1})" if self.values_read else ""
        if reason and not reason[0].isupper():
            reason = reason[0].upper() + reason[1:]
        raise ImportFileError(
            INVALID_JSON.format(line=line, column=column, record=record, reason=reason)
        )

    def _peek(self) -> str:
        """Skip whitespace; the next character, or "" at the end of the file."""
        while True:
            self.pos = _WHITESPACE.match(self.buf, self.pos).end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def _value_end(self, start: int) -> int:
        """
        Where the value starting at `start` ends, reading more as needed. Each
        search resumes where the last one stopped, so a value spread over many
        chunks (a megabyte-long string) is scanned once, not once per chunk.
        """
        first = self.buf[start]
        if first not in '[{"':
            searched = start
            while (match := _SCALAR_END.search(self.buf, searched)) is None:
                searched = len(self.buf)
                if not self._fill():
                    return len(self.buf)
            return match.start()
        depth, index = 0, start
        while True:
            match = _STRUCTURE.search(self.buf, index)
            if match is None:
                index = len(self.buf)
                if not self._fill():
                    return index  # unfinished: the decoder says what is wrong
                continue
            index = match.start()
            if match.group() == '"':
                index = self._string_end(index)
                if index is None:
                    return len(self.buf)
                if depth == 0:
                    return index
                continue
            depth += 1 if match.group() in "[{" else -1
            if depth > MAX_DEPTH:
                self._fail(index, TOO_DEEP)
            index += 1
            if depth == 0:
                return index

    def _string_end(self, quote: int) -> int | None:
        """Just past the string literal opening at `quote`; None if the file ends first."""
        index = quote + 1
        while True:
            closing = self.buf.find('"', index)
            if closing == -1:
                index = len(self.buf)
                if not self._fill():
                    return None
                continue
            backslashes = closing - 1
            while backslashes > quote and self.buf[backslashes] == "\\":
                backslashes -= 1
            if (closing - 1 - backslashes) % 2 == 0:  # not escaped
                return closing + 1
            index = closing + 1

    def _value(self) -> tuple[int, Any]:
        if self.pos > self._chunk_size:
            self._compact()
        start = self.pos
        end = self._value_end(start)
        try:
            value, decoded_end = self._json_decoder.raw_decode(self.buf, start)
        except json.JSONDecodeError as error:
            self._fail(error.pos, error.msg)
        except (ValueError, RecursionError):  # int() past its digit limit, say
            self._fail(start, UNREADABLE_VALUE)
        if decoded_end != end:
            self._fail(decoded_end, "Extra data")
        line, _column = self.location(start)
        self.pos = end
        self.values_read += 1
        return line, value

    def values(self) -> Iterator[tuple[int, Any]]:
        """(line, value) for each show in the file, whichever of the three layouts."""
        first = self._peek()
        if first != "[":
            while self._peek():
                yield self._value()
            return
        self.pos += 1
        after_bracket = self._peek()
        if after_bracket == "":
            self._fail(self.pos, ARRAY_NOT_CLOSED)
        if after_bracket == "]":
            self.pos += 1
        else:
            while True:
                yield self._value()
                after = self._peek()
                if after == "]":
                    self.pos += 1
                    break
                if after != ",":
                    self._fail(self.pos, EXPECTING_COMMA if after else ARRAY_NOT_CLOSED)
                self.pos += 1
                if self._peek() in ("]", ""):
                    self._fail(self.pos, VALUE_AFTER_COMMA)
        if self._peek():
            self._fail(self.pos, DATA_AFTER_ARRAY)


def show_records_read(
    *,
    stream: BinaryIO,
    chunk_size: int = CHUNK_SIZE,
    on_read: Callable[[int], None] | None = None,
) -> Iterator[ShowRecord]:
    """
    The records of a TVmaze file (one object, an array, or JSON Lines), one at
    a time. `on_read` is called with the number of bytes of each chunk read.
    Raises ImportFileError at the first syntax or encoding error.
    """
    reader = _JsonReader(stream, chunk_size=chunk_size, on_read=on_read)
    for number, (line, value) in enumerate(reader.values(), start=1):
        yield ShowRecord(number=number, line=line, value=value)


# --- Checking: one JSON value → ShowData, or an error naming the record ------


@dataclass(frozen=True)
class NetworkData:
    name: str
    kind: str


@dataclass(frozen=True)
class SeasonData:
    tvmaze_id: int | None
    number: int
    episode_order: int | None
    premiere_date: date | None
    end_date: date | None


@dataclass(frozen=True)
class EpisodeData:
    tvmaze_id: int
    season_number: int
    number: int | None
    title: str
    airdate: date | None


@dataclass(frozen=True)
class CastData:
    person_tvmaze_id: int
    person_name: str
    character: str


@dataclass(frozen=True)
class ShowData:
    label: str
    tvmaze_id: int
    title: str
    show_type: str | None
    tvmaze_status: str
    premiere_date: date | None
    network: NetworkData
    imdb_id: str
    synopsis: str
    genres: tuple[str, ...]
    seasons: tuple[SeasonData, ...]
    episodes: tuple[EpisodeData, ...]
    cast: tuple[CastData, ...]


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _shown(value: Any) -> str:
    """A value as an error message quotes it, cut short if long."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


class _Fields:
    """Typed access to one record's fields; each problem raises with its label."""

    def __init__(self, label: str):
        self.label = label

    def fail(self, problem: str) -> NoReturn:
        raise ImportRecordError(f"{self.label}: {problem}")

    def get(self, data: dict, key: str, path: str, *, required: bool = False) -> Any:
        value = data.get(key)
        if required and value is None:
            self.fail(FIELD_MISSING.format(field=path))
        return value

    def object(self, data: dict, key: str, path: str, *, required=False) -> dict | None:
        value = self.get(data, key, path, required=required)
        if value is not None and not isinstance(value, dict):
            self.fail(FIELD_NOT_OBJECT.format(field=path, value=_shown(value)))
        return value

    def items(self, data: dict, key: str, path: str) -> list:
        value = self.get(data, key, path)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(FIELD_NOT_LIST.format(field=path, value=_shown(value)))
        return value

    def text(self, data: dict, key: str, path: str, *, required=False) -> str:
        value = self.get(data, key, path, required=required)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(FIELD_NOT_TEXT.format(field=path, value=_shown(value)))
        value = value.strip()
        if required and not value:
            self.fail(FIELD_MISSING.format(field=path))
        return value

    def whole(self, data: dict, key: str, path: str, *, required=False) -> int | None:
        value = self.get(data, key, path, required=required)
        # bool is an int to Python, never to TVmaze.
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or value < 0
        ):
            self.fail(FIELD_NOT_WHOLE_NUMBER.format(field=path, value=_shown(value)))
        return value

    def day(self, data: dict, key: str, path: str) -> date | None:
        value = data.get(key)
        if value is None or value == "":  # TVmaze writes "" for "not known yet"
            return None
        if isinstance(value, str) and _DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(FIELD_NOT_DATE.format(field=path, value=_shown(value)))


def _record_label(record: ShowRecord, tvmaze_id: Any) -> str:
    if isinstance(tvmaze_id, int) and not isinstance(tvmaze_id, bool):
        return f"Record {record.number} (TVmaze id {tvmaze_id}, line {record.line})"
    return f"Record {record.number} (line {record.line})"


def synopsis_from_summary(summary: str) -> str:
    """TVmaze's HTML summary as plain text, paragraphs kept apart."""
    text = re.sub(r"(?i)</p\s*>|<br\s*/?>", "\n\n", summary)
    text = html.unescape(strip_tags(text))
    paragraphs = (" ".join(part.split()) for part in re.split(r"\n\s*\n", text))
    return "\n\n".join(part for part in paragraphs if part)


def show_record_parse(*, record: ShowRecord) -> ShowData:
    """
    Check one record and turn it into ShowData, touching no database. Raises
    ImportRecordError naming the record and the first field that is wrong.
    """
    value = record.value
    if not isinstance(value, dict):
        raise ImportRecordError(f"{_record_label(record, None)} {RECORD_NOT_OBJECT}")
    fields = _Fields(_record_label(record, value.get("id")))
    tvmaze_id = fields.whole(value, "id", "id", required=True)
    title = fields.text(value, "name", "name", required=True)
    status = fields.get(value, "status", "status", required=True)
    if status not in TVMAZE_STATUSES:
        fields.fail(STATUS_UNKNOWN.format(value=_shown(status)))

    # The order of the checks below is the order errors are reported in.
    network = _network_parse(fields, value)
    genres = _genres_parse(fields, value)
    externals = fields.object(value, "externals", "externals") or {}
    embedded = fields.object(value, "_embedded", "_embedded") or {}
    seasons = _seasons_parse(fields, embedded)
    episodes = _episodes_parse(fields, embedded)
    _seasons_add_unlisted(seasons, episodes)
    cast = _cast_parse(fields, embedded)

    show_type = fields.text(value, "type", "type")
    return ShowData(
        label=fields.label,
        tvmaze_id=tvmaze_id,
        title=title,
        show_type=SHOW_TYPES.get(show_type),
        tvmaze_status=status,
        premiere_date=fields.day(value, "premiered", "premiered"),
        network=network,
        imdb_id=fields.text(externals, "imdb", "externals.imdb"),
        synopsis=synopsis_from_summary(fields.text(value, "summary", "summary")),
        genres=tuple(dict.fromkeys(genres)),
        seasons=tuple(sorted(seasons.values(), key=lambda season: season.number)),
        episodes=tuple(episodes.values()),
        cast=tuple(cast),
    )


def _network_parse(fields: _Fields, value: dict) -> NetworkData:
    """The broadcast network, else the web channel: TVmaze names one or both."""
    network = None
    for key, kind in (
        ("network", Network.Kind.BROADCAST),
        ("webChannel", Network.Kind.STREAMING),
    ):
        channel = fields.object(value, key, key)
        if channel is not None and network is None:
            name = fields.text(channel, "name", f"{key}.name", required=True)
            network = NetworkData(name=name, kind=kind)
    if network is None:
        fields.fail(NO_NETWORK)
    return network


def _genres_parse(fields: _Fields, value: dict) -> list[str]:
    """The genre names, stripped; duplicates are left for the caller to drop."""
    genres = []
    for index, genre in enumerate(fields.items(value, "genres", "genres")):
        if not isinstance(genre, str) or not genre.strip():
            fields.fail(
                FIELD_NOT_TEXT.format(field=f"genres[{index}]", value=_shown(genre))
            )
        genres.append(genre.strip())
    return genres


def _embedded_objects(
    fields: _Fields, embedded: dict, key: str
) -> Iterator[tuple[str, dict]]:
    """(path, item) for each item of an embedded list; each must be an object."""
    for index, item in enumerate(fields.items(embedded, key, key)):
        path = f"_embedded.{key}[{index}]"
        if not isinstance(item, dict):
            fields.fail(FIELD_NOT_OBJECT.format(field=path, value=_shown(item)))
        yield path, item


def _seasons_parse(fields: _Fields, embedded: dict) -> dict[int, SeasonData]:
    """The seasons TVmaze lists, by number; a number listed twice is an error."""
    seasons: dict[int, SeasonData] = {}
    for path, item in _embedded_objects(fields, embedded, "seasons"):
        number = fields.whole(item, "number", f"{path}.number", required=True)
        if number in seasons:
            fields.fail(SEASON_NUMBER_TWICE.format(number=number))
        seasons[number] = SeasonData(
            tvmaze_id=fields.whole(item, "id", f"{path}.id"),
            number=number,
            episode_order=fields.whole(item, "episodeOrder", f"{path}.episodeOrder"),
            premiere_date=fields.day(item, "premiereDate", f"{path}.premiereDate"),
            end_date=fields.day(item, "endDate", f"{path}.endDate"),
        )
    return seasons


def _episodes_parse(fields: _Fields, embedded: dict) -> dict[int, EpisodeData]:
    """The episodes by TVmaze id; an untitled one is named after its number."""
    episodes: dict[int, EpisodeData] = {}
    for path, item in _embedded_objects(fields, embedded, "episodes"):
        episode_id = fields.whole(item, "id", f"{path}.id", required=True)
        if episode_id in episodes:
            fields.fail(EPISODE_TWICE.format(tvmaze_id=episode_id))
        season_number = fields.whole(item, "season", f"{path}.season", required=True)
        number = fields.whole(item, "number", f"{path}.number")
        episode_title = fields.text(item, "name", f"{path}.name") or (
            f"Episode {number}" if number is not None else "Special"
        )
        episodes[episode_id] = EpisodeData(
            tvmaze_id=episode_id,
            season_number=season_number,
            number=number,
            title=episode_title[:EPISODE_TITLE_MAX],
            airdate=fields.day(item, "airdate", f"{path}.airdate"),
        )
    return episodes


def _seasons_add_unlisted(
    seasons: dict[int, SeasonData], episodes: dict[int, EpisodeData]
) -> None:
    """
    Give an episode of a season the record does not list its season, dated by
    its episodes as TVmaze dates the seasons it lists.
    """
    for number in {episode.season_number for episode in episodes.values()}:
        if number not in seasons:
            airdates = [
                episode.airdate
                for episode in episodes.values()
                if episode.season_number == number and episode.airdate
            ]
            seasons[number] = SeasonData(
                tvmaze_id=None,
                number=number,
                episode_order=None,
                premiere_date=min(airdates, default=None),
                end_date=max(airdates, default=None),
            )


def _cast_parse(fields: _Fields, embedded: dict) -> list[CastData]:
    """The cast in TVmaze's order: each a person and the character they play."""
    cast = []
    for path, item in _embedded_objects(fields, embedded, "cast"):
        person = fields.object(item, "person", f"{path}.person", required=True)
        character = fields.object(item, "character", f"{path}.character") or {}
        cast.append(
            CastData(
                person_tvmaze_id=fields.whole(
                    person, "id", f"{path}.person.id", required=True
                ),
                person_name=fields.text(
                    person, "name", f"{path}.person.name", required=True
                ),
                character=fields.text(
                    character, "name", f"{path}.character.name", required=True
                )[:CHARACTER_MAX],
            )
        )
    return cast


# --- Status: TVmaze's word for the show → ours for its latest season ---------


def season_status_from_tvmaze(
    *, tvmaze_status: str, season: SeasonData, today: date
) -> tuple[str, date]:
    """
    The tracker status and effective date for a show's latest season (the
    table in this module's docstring). The date is never after `today`.
    """
    premiere, end = season.premiere_date, season.end_date
    if tvmaze_status == TVMAZE_IN_DEVELOPMENT:
        status, since = SeasonStatus.IN_DEVELOPMENT, today
    elif tvmaze_status == TVMAZE_TBD:
        status, since = SeasonStatus.AWAITING, end or premiere or today
    elif tvmaze_status == TVMAZE_ENDED:
        status, since = SeasonStatus.ENDED, end or today
    elif premiere is None:
        status, since = SeasonStatus.RENEWED, today
    elif premiere > today:
        status, since = SeasonStatus.DATE_ANNOUNCED, today
    elif end is None or end >= today:
        status, since = SeasonStatus.AIRING, premiere
    else:
        status, since = SeasonStatus.AWAITING, end
    return status, min(since, today)


def _status_already_told(*, current, status: str, effective_date: date) -> bool:
    """Whether the season's current status makes recording `status` pointless."""
    if current is None:
        return False
    if current.status == status:
        return True
    if status == SeasonStatus.ENDED and current.status == SeasonStatus.CANCELLED:
        return True
    return current.effective_date > effective_date


# --- Writing: ShowData → rows, in one transaction per show ------------------


@dataclass
class ShowImportResult:
    show: Show
    created: bool
    changed: bool = False
    seasons_created: int = 0
    seasons_updated: int = 0
    episodes_created: int = 0
    episodes_updated: int = 0
    people_created: int = 0
    status_recorded: bool = False


def _assign(instance, **values) -> bool:
    """Set the values that differ; whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _unique_slugs(model, names: list[tuple[str, str]]) -> list[str]:
    """
    A free slug for each (name, fallback) of rows about to be created:
    slugify(name), or the fallback when that is empty, with -2, -3… when
    taken. One query when nothing is taken, as is usual.
    """
    max_length = model._meta.get_field("slug").max_length
    bases = [
        slugify(name)[:max_length].strip("-") or fallback for name, fallback in names
    ]
    taken = set(model.objects.filter(slug__in=bases).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, suffix = base, 1
        if slug in taken:
            taken |= set(
                model.objects.filter(
                    slug__startswith=base[: max_length - 8]
                ).values_list("slug", flat=True)
            )
        while slug in taken:
            suffix += 1
            tail = f"-{suffix}"
            slug = base[: max_length - len(tail)].rstrip("-") + tail
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _network_get_or_create(data: NetworkData) -> Network:
    network = Network.objects.filter(name__iexact=data.name).first()
    if network is None:
        network = Network(
            name=data.name,
            slug=_unique_slugs(Network, [(data.name, "network")])[0],
            kind=data.kind,
        )
        network.full_clean()
        network.save()
    return network


def _genre_get_or_create(name: str) -> Genre:
    slug = slugify(name)
    genre = Genre.objects.filter(Q(slug=slug) | Q(name__iexact=name)).first()
    if genre is None:
        genre = Genre(name=name, slug=slug)
        genre.full_clean()
        genre.save()
    return genre


def _show_upsert(*, data: ShowData) -> tuple[Show, bool, bool]:
    network = _network_get_or_create(data.network)
    show = Show.objects.filter(tvmaze_id=data.tvmaze_id).first()
    created = show is None
    if created:
        show = Show(
            tvmaze_id=data.tvmaze_id,
            slug=_unique_slugs(Show, [(data.title, f"show-{data.tvmaze_id}")])[0],
            show_type=data.show_type or ShowType.SCRIPTED,
        )
    changed = _assign(
        show,
        title=data.title,
        network_id=network.pk,
        premiere_date=data.premiere_date,
        synopsis=data.synopsis,
        imdb_id=data.imdb_id,
    )
    if data.show_type:
        changed |= _assign(show, show_type=data.show_type)
    genres = [_genre_get_or_create(name) for name in data.genres]
    if created or {genre.pk for genre in show.genres.all()} != {g.pk for g in genres}:
        # A parental many-to-many: stored when the show is saved.
        show.genres.set(genres)
        changed = True
    if created or changed:
        # The network was just fetched or saved and the slug and TVmaze id
        # looked up: three queries less. The database still guards all three.
        show.full_clean(exclude=["network"], validate_unique=False)
        show.save()
    return show, created, changed


def _seasons_upsert(
    *, show: Show, show_created: bool, data: ShowData, result: ShowImportResult
) -> tuple[dict[int, Season], set[int]]:
    """The show's seasons by number, and the pks of those just created."""
    tvmaze_ids = [season.tvmaze_id for season in data.seasons if season.tvmaze_id]
    by_tvmaze_id = {
        season.tvmaze_id: season
        for season in Season.objects.filter(tvmaze_id__in=tvmaze_ids)
    }
    by_number = (
        {} if show_created else {season.number: season for season in show.seasons.all()}
    )
    episode_counts: dict[int, int] = {}
    for episode in data.episodes:
        episode_counts[episode.season_number] = (
            episode_counts.get(episode.season_number, 0) + 1
        )

    seasons, created_pks = {}, set()
    for item in data.seasons:
        season = by_tvmaze_id.get(item.tvmaze_id) if item.tvmaze_id else None
        if season is not None and season.show_id != show.pk:
            raise ImportRecordError(
                f"{data.label}: "
                + SEASON_OF_ANOTHER_SHOW.format(
                    tvmaze_id=item.tvmaze_id, show=season.show
                )
            )
        numbered = by_number.get(item.number)
        if season is None:
            season = numbered
        elif numbered is not None and numbered.pk != season.pk:
            raise ImportRecordError(
                f"{data.label}: " + SEASON_NUMBER_TAKEN.format(number=item.number)
            )
        created = season is None
        if created:
            season = Season(show=show)
        values = {
            "number": item.number,
            "episode_count": item.episode_order or episode_counts.get(item.number),
            "premiere_date": item.premiere_date,
            "finale_date": item.end_date,
        }
        if item.tvmaze_id:
            values["tvmaze_id"] = item.tvmaze_id
        if _assign(season, **values) or created:
            # Uniqueness is the database's job here: one query less per row.
            season.full_clean(
                exclude=["show"], validate_unique=False, validate_constraints=False
            )
            season.save()
            if created:
                created_pks.add(season.pk)
                result.seasons_created += 1
            else:
                result.seasons_updated += 1
        seasons[item.number] = season
    return seasons, created_pks


def _episodes_upsert(
    *, data: ShowData, seasons: dict[int, Season], result: ShowImportResult
) -> None:
    existing = {
        episode.tvmaze_id: episode
        for episode in Episode.objects.filter(
            tvmaze_id__in=[item.tvmaze_id for item in data.episodes]
        )
    }
    new, changed = [], []
    for item in data.episodes:
        values = {
            "season_id": seasons[item.season_number].pk,
            "number": item.number,
            "title": item.title,
            "airdate": item.airdate,
        }
        episode = existing.get(item.tvmaze_id)
        if episode is None:
            episode = Episode(tvmaze_id=item.tvmaze_id, **values)
            new.append(episode)
        elif _assign(episode, **values):
            changed.append(episode)
        else:
            continue
        # The season was just saved, the id is unique by lookup: no queries.
        episode.full_clean(
            exclude=["season"], validate_unique=False, validate_constraints=False
        )
    Episode.objects.bulk_create(new)
    Episode.objects.bulk_update(changed, ["season", "number", "title", "airdate"])
    result.episodes_created += len(new)
    result.episodes_updated += len(changed)


def _cast_upsert(
    *, show: Show, created: bool, data: ShowData, result: ShowImportResult
) -> bool:
    if not data.cast:
        return False
    people = {
        person.tvmaze_id: person
        for person in Person.objects.filter(
            tvmaze_id__in=[item.person_tvmaze_id for item in data.cast]
        )
    }
    newcomers = {
        item.person_tvmaze_id: item.person_name
        for item in data.cast
        if item.person_tvmaze_id not in people
    }
    slugs = _unique_slugs(
        Person, [(name, f"person-{pk}") for pk, name in newcomers.items()]
    )
    changed = False
    for (tvmaze_id, name), slug in zip(newcomers.items(), slugs, strict=True):
        person = Person(tvmaze_id=tvmaze_id, name=name, slug=slug)
        # Slug and TVmaze id are free, just looked up; the database guards both.
        person.full_clean(validate_unique=False)
        person.save()
        people[tvmaze_id] = person
        result.people_created += 1
        changed = True
    roles = (
        {}
        if created
        else {
            (role.person_id, role.character): role
            for role in CastMember.objects.filter(show=show)
        }
    )
    for order, item in enumerate(data.cast):
        person = people[item.person_tvmaze_id]
        if _assign(person, name=item.person_name):
            person.full_clean(validate_unique=False)
            person.save()
            changed = True
        role = roles.get((person.pk, item.character))
        if role is None:
            role = CastMember(
                show=show, person=person, character=item.character, sort_order=order
            )
            role.full_clean(exclude=["show", "person"])
            role.save()
            roles[(person.pk, item.character)] = role
            changed = True
        elif _assign(role, sort_order=order):
            role.save(update_fields=["sort_order"])
            changed = True
    return changed


def _status_upsert(
    *, data: ShowData, seasons: dict[int, Season], new_seasons: set, today: date
) -> bool:
    if not data.seasons:
        return False
    latest = data.seasons[-1]
    status, effective_date = season_status_from_tvmaze(
        tvmaze_status=data.tvmaze_status, season=latest, today=today
    )
    season = seasons[latest.number]
    current = None if season.pk in new_seasons else season_current_change(season=season)
    if _status_already_told(
        current=current, status=status, effective_date=effective_date
    ):
        return False
    season_status_record(
        season=season,
        status=status,
        effective_date=effective_date,
        source_outlet=SOURCE_OUTLET,
        note=f"TVmaze status: {data.tvmaze_status}",
    )
    return True


def show_import(*, data: ShowData, today: date | None = None) -> ShowImportResult:
    """
    Create or update one show with its network, genres, seasons, episodes,
    cast and latest season's status, in one transaction: either all of it is
    stored or, with ImportRecordError naming the record, none of it.
    """
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            show, created, changed = _show_upsert(data=data)
            result = ShowImportResult(show=show, created=created)
            seasons, new_seasons = _seasons_upsert(
                show=show, show_created=created, data=data, result=result
            )
            _episodes_upsert(data=data, seasons=seasons, result=result)
            cast_changed = _cast_upsert(
                show=show, created=created, data=data, result=result
            )
            result.status_recorded = _status_upsert(
                data=data, seasons=seasons, new_seasons=new_seasons, today=today
            )
    except ValidationError as error:
        raise ImportRecordError(f"{data.label}: {_validation_text(error)}") from error
    except IntegrityError as error:
        raise ImportRecordError(f"{data.label}: {error}") from error
    result.changed = (
        changed
        or cast_changed
        or result.status_recorded
        or any(
            (
                result.seasons_created,
                result.seasons_updated,
                result.episodes_created,
                result.episodes_updated,
            )
        )
    )
    return result


def _validation_text(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


# --- The whole file ----------------------------------------------------------


@dataclass
class ImportReport:
    records: int = 0
    shows_created: int = 0
    shows_updated: int = 0
    shows_unchanged: int = 0
    seasons_created: int = 0
    seasons_updated: int = 0
    episodes_created: int = 0
    episodes_updated: int = 0
    people_created: int = 0
    status_changes: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)
    failed_records: list[int] = field(default_factory=list)
    file_error: str = ""

    def add(self, result: ShowImportResult) -> None:
        if result.created:
            self.shows_created += 1
        elif result.changed:
            self.shows_updated += 1
        else:
            self.shows_unchanged += 1
        self.seasons_created += result.seasons_created
        self.seasons_updated += result.seasons_updated
        self.episodes_created += result.episodes_created
        self.episodes_updated += result.episodes_updated
        self.people_created += result.people_created
        self.status_changes += int(result.status_recorded)

    def fail(self, *, number: int, message: str) -> None:
        self.failed += 1
        if len(self.failures) < FAILURES_KEPT:
            self.failures.append(message)
            self.failed_records.append(number)


def shows_import(
    *,
    stream: BinaryIO,
    today: date | None = None,
    chunk_size: int = CHUNK_SIZE,
    on_read: Callable[[int], None] | None = None,
    on_failure: Callable[[str], None] | None = None,
) -> ImportReport:
    """
    Import every show of a TVmaze file, each in its own transaction. A bad
    record is reported (`on_failure`, `report.failures`) and skipped; a syntax
    error ends the import with `report.file_error` set. Never raises for bad
    input.
    """
    today = today or timezone.localdate()
    report = ImportReport()
    records = show_records_read(stream=stream, chunk_size=chunk_size, on_read=on_read)
    try:
        for record in records:
            report.records += 1
            try:
                result = show_import(data=show_record_parse(record=record), today=today)
            except ImportRecordError as error:
                report.fail(number=record.number, message=str(error))
                if on_failure is not None:
                    on_failure(str(error))
                continue
            report.add(result)
    except ImportFileError as error:
        report.file_error = str(error)
    return report
