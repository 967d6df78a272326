"""
Compressed answers from the default server: what gunicorn sends is what the
reader downloads (no nginx needed to gzip a 900 KB comment thread).

Django's GZipMiddleware compresses anything of 200 bytes or more; this one
leaves alone what is already compressed (images, fonts, archives), which
would only cost CPU. Static files never reach it: WhiteNoise, above it, sends
its own precompressed copies. Django's CSRF tokens are masked afresh on every
response, which is what keeps compressing pages that carry them safe (BREACH);
a random-length name in the gzip header varies the length too, as Django's
own middleware does.

A page made for one request is compressed at level 1, nginx's default:
Django's level 6 took 0.62 ms of CPU for the 48 KB seed article, level 1
0.28 ms, for 15% more bytes (12.0 KB against 10.4). What is kept and sent
many times (the page cache's copies, caching/middleware.py) is compressed
harder, once.

Because the random name changes the bytes, a page compressed here gets its
validator from what it says, not from the bytes sent: a weak ETag (RFC 9110
8.8.1) of the uncompressed page, marked "-gz" so it differs from the plain
answer's. A browser's conditional GET of a page made per request then gets
its 304 from ContentETagMiddleware (core/etags.py), above this one.
"""

import gzip
import io
import re
import secrets

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

from .etags import ContentETagMiddleware, set_content_etag

COMPRESSIBLE = ("text/", "application/json", "application/xml", "image/svg+xml")
COMPRESSIBLE_SUFFIXES = ("+xml", "+json")
FRESH_LEVEL = 1
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Asked only whether it would give an answer an ETag (needs_etag).
_CONDITIONAL_GET = ContentETagMiddleware(lambda request: None)


def is_compressible(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type.startswith(COMPRESSIBLE) or media_type.endswith(
        COMPRESSIBLE_SUFFIXES
    )


def gzip_fresh(content: bytes, *, max_random_bytes: int) -> bytes:
    """`content` gzipped fast, under a name of 1 to `max_random_bytes` hex digits."""
    name = secrets.token_hex(max_random_bytes)[
        : 1 + secrets.randbelow(max_random_bytes)
    ]
    buffer = io.BytesIO()
    with gzip.GzipFile(
        filename=name, mode="wb", compresslevel=FRESH_LEVEL, fileobj=buffer, mtime=0
    ) as gzipped:
        gzipped.write(content)
    return buffer.getvalue()


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not is_compressible(response.get("Content-Type", "")):
            return response
        if response.streaming:
            return super().process_response(request, response)
        # Django's steps for a whole body, with the fast compression.
        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = gzip_fresh(
            response.content, max_random_bytes=self.max_random_bytes
        )
        if len(compressed) >= len(response.content):
            return response
        if (
            request.method == "GET"
            and not response.has_header("ETag")
            and _CONDITIONAL_GET.needs_etag(response)
        ):
            set_content_etag(response)  # of the page as it says it
            response.headers["ETag"] = response["ETag"][:-1] + '-gz"'  # weakened below
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag  # RFC 9110 8.8.1: not the same bytes
        response.headers["Content-Encoding"] = "gzip"
        return response
