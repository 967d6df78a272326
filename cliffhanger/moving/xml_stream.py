"""
Reading a large export safely, one record at a time.

    with open(path, "rb") as stream:
        for element in xml_records(stream, depth=2):   # <rss><channel><item>
            ...  # the record is complete here; it is dropped once you move on

defusedxml refuses any document type declaration (<!DOCTYPE …>), and with it
entity expansion ("billion laughs"), external entities and external DTDs:
WordPress and Disqus exports never have one. The parse is incremental
(iterparse) and each record is removed from the tree once it has been handed
out, so memory holds one record, whatever the size of the file. The encoding
is the one the XML declaration names (UTF-8, ISO-8859-1, windows-1252…).
"""

import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from typing import BinaryIO

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse

UNSAFE_DTD = (
    "The file has a document type declaration (<!DOCTYPE {name}>). WordPress and "
    "Disqus exports never do, and it is refused: entities declared there can "
    "exhaust memory (billion laughs) or read other files."
)
UNSAFE_ENTITY = (
    "The file declares the entity {name!r}; entities are refused: they can "
    "exhaust memory (billion laughs) or read other files."
)
NOT_WELL_FORMED = (
    "The file is not well-formed XML: {reason} (line {line}, column {column})."
)

# Namespace URIs of the exports, as prefixes: "{http://wordpress.org/export/1.2/}post_id"
# reads "wp:post_id" whatever the WXR version (1.0, 1.1 and 1.2 differ only here).
NAMESPACE_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
    "http://disqus.com": "",
    "http://disqus.com/disqus-internals": "dsq",
}
WORDPRESS_NAMESPACE = "http://wordpress.org/export/"


class ImportFileError(Exception):
    """The file cannot be read any further: unsafe, not XML, or not the right format."""


_names: dict[str, str] = {}


def local_name(tag: str) -> str:
    """ "{uri}name" as "prefix:name" ("wp:post_id", "content:encoded", "dsq:id")."""
    name = _names.get(tag)
    if name is None:
        name = tag
        if tag.startswith("{"):
            uri, _, bare = tag[1:].partition("}")
            if uri.startswith(WORDPRESS_NAMESPACE):
                prefix = "excerpt" if uri.rstrip("/").endswith("excerpt") else "wp"
            else:
                prefix = NAMESPACE_PREFIXES.get(uri, uri)
            name = f"{prefix}:{bare}" if prefix else bare
        _names[tag] = name
    return name


class _CountingReader:
    """The stream as iterparse reads it, telling `on_read` how many bytes went by."""

    def __init__(self, stream: BinaryIO, on_read: Callable[[int], object]):
        self._stream = stream
        self._on_read = on_read

    def read(self, size: int = -1) -> bytes:
        chunk = self._stream.read(size)
        if chunk:
            self._on_read(len(chunk))
        return chunk


def xml_records(
    stream: BinaryIO,
    *,
    depth: int,
    on_read: Callable[[int], object] | None = None,
) -> Iterator[ElementTree.Element]:
    """
    Every element `depth` levels below the root (the root is depth 0), each
    once it is complete. Raises ImportFileError for an unsafe or malformed file,
    after the records before the fault have been handed out.
    """
    source = _CountingReader(stream, on_read) if on_read else stream
    events = iterparse(source, events=("start", "end"), forbid_dtd=True)
    open_elements: list[ElementTree.Element] = []
    try:
        for event, element in events:
            if event == "start":
                open_elements.append(element)
                continue
            open_elements.pop()
            if len(open_elements) == depth:
                yield element
                if open_elements:
                    open_elements[-1].remove(element)
                element.clear()
    except DTDForbidden as error:
        raise ImportFileError(UNSAFE_DTD.format(name=error.name)) from error
    except (EntitiesForbidden, ExternalReferenceForbidden) as error:
        raise ImportFileError(UNSAFE_ENTITY.format(name=error.name)) from error
    except ElementTree.ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        raise ImportFileError(
            NOT_WELL_FORMED.format(reason=reason, line=line, column=column + 1)
        ) from error


def child_text(element: ElementTree.Element, name: str, default: str = "") -> str:
    """The text of the first child called `name` ("wp:post_id"), or `default`."""
    for child in element:
        if local_name(child.tag) == name:
            return child.text or default
    return default
