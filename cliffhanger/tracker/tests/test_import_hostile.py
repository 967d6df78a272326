"""
Trust and abuse: a hostile TVmaze file gets one clear line and imports
nothing. The attacks: nesting deep enough to exhaust the decoder's stack, a
number longer than Python will read, and megabyte strings read chunk by chunk
(once scanned again for every chunk).
"""

import io
import json

import pytest
from django.core.management import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

from cliffhanger.tracker.importers import (
    TOO_DEEP,
    UNREADABLE_VALUE,
    ImportFileError,
    show_records_read,
)
from cliffhanger.tracker.models import Show

from .test_import import run_import


def refusal(db, tmp_path, content: str) -> str:
    path = tmp_path / "hostile.json"
    path.write_text(content)
    with pytest.raises(CommandError) as raised:
        run_import(path)
    message = str(raised.value)
    assert "\n" not in message.strip() and "Traceback" not in message
    assert Show.objects.count() == 0
    return message


def test_deep_nesting_is_one_clear_line(db, tmp_path):
    message = refusal(db, tmp_path, "[" * 100_000 + "]" * 100_000)

    assert TOO_DEEP in message and message.startswith("Invalid JSON at line 1")


def test_a_number_too_long_to_read_is_one_clear_line(db, tmp_path):
    message = refusal(db, tmp_path, '{"id": ' + "9" * 10_000 + ', "name": "Big"}')

    assert UNREADABLE_VALUE in message


def test_a_megabyte_string_read_in_small_chunks_is_read_whole():
    summary = 'x\\"y' * 500_000  # escaped quotes all the way through, 2.5 MB
    record = '{"id": 7, "name": "Long", "summary": "' + summary + '"}\n'

    records = list(
        show_records_read(stream=io.BytesIO(record.encode()), chunk_size=1024)
    )

    assert len(records) == 1
    assert records[0].value["summary"] == 'x"y' * 500_000


def test_escaped_backslashes_before_a_quote_close_the_string():
    text = json.dumps([{"id": 1, "name": "ends in a backslash \\"}])

    records = list(show_records_read(stream=io.BytesIO(text.encode()), chunk_size=3))

    assert records[0].value["name"] == "ends in a backslash \\"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=1, max_value=64))
def test_any_text_is_read_or_refused_with_an_import_error(text, chunk_size):
    try:
        for _ in show_records_read(
            stream=io.BytesIO(text.encode()), chunk_size=chunk_size
        ):
            pass
    except ImportFileError:
        pass
