import io

import pytest

from cliffhanger.moving.disqus import disqus_read
from cliffhanger.moving.wxr import NOT_WXR, wxr_read
from cliffhanger.moving.xml_stream import ImportFileError, xml_records


class TestUnsafeFiles:
    @pytest.mark.parametrize("name", ["billion-laughs.xml", "external-entity.xml"])
    def test_wxr_reader_refuses_a_document_type_declaration(self, fixture_path, name):
        with (
            open(fixture_path(name), "rb") as stream,
            pytest.raises(ImportFileError, match="document type declaration"),
        ):
            list(wxr_read(stream))

    @pytest.mark.parametrize("name", ["billion-laughs.xml", "external-entity.xml"])
    def test_disqus_reader_refuses_them_too(self, fixture_path, name):
        with (
            open(fixture_path(name), "rb") as stream,
            pytest.raises(ImportFileError, match="billion laughs"),
        ):
            list(disqus_read(stream))

    def test_external_entity_is_never_read(self, fixture_path):
        with (
            open(fixture_path("external-entity.xml"), "rb") as stream,
            pytest.raises(ImportFileError) as raised,
        ):
            list(wxr_read(stream))
        assert "root:" not in str(raised.value)


def test_malformed_file_hands_out_the_records_before_the_fault():
    data = b"<a><b>1</b><b>2</b><b>3</c></a>"
    seen = []
    with pytest.raises(ImportFileError, match=r"not well-formed.*line 1, column 2\d"):
        for element in xml_records(io.BytesIO(data), depth=1):
            seen.append(element.text)
    assert seen == ["1", "2"]


def test_records_are_dropped_once_handed_out():
    data = b"<a>" + b"<b><c>x</c></b>" * 50 + b"</a>"
    parents = []
    for element in xml_records(io.BytesIO(data), depth=1):
        assert len(element) == 1  # complete when handed out
        parents.append(element)
    # Each record was cleared after use: nothing is kept behind the reader.
    assert all(len(element) == 0 for element in parents)


def test_progress_counts_every_byte():
    data = b"<a>" + b"<b>y</b>" * 5000 + b"</a>"
    read = []
    list(xml_records(io.BytesIO(data), depth=1, on_read=read.append))
    assert sum(read) == len(data)


def test_a_disqus_file_is_not_taken_for_wordpress(fixture_path):
    with (
        open(fixture_path("disqus.xml"), "rb") as stream,
        pytest.raises(ImportFileError, match="not a WordPress export"),
    ):
        list(wxr_read(stream))
    assert "Tools › Export" in NOT_WXR


def test_a_wordpress_file_is_not_taken_for_disqus(fixture_path):
    with (
        open(fixture_path("wordpress.xml"), "rb") as stream,
        pytest.raises(ImportFileError, match="not a Disqus export"),
    ):
        list(disqus_read(stream))
