"""
Compressed answers from the default server: what gunicorn sends is what the
reader downloads (no nginx needed to gzip a 900 KB comment thread).

Django's GZipMiddleware compresses anything of 200 bytes or more; this one
leaves alone what is already compressed (images, fonts, archives), which
would only cost CPU. Static files never reach it: WhiteNoise, above it, sends
its own precompressed copies. Django's CSRF tokens are masked afresh on every
response, which is what keeps compressing pages that carry them safe (BREACH).
"""

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = ("text/", "application/json", "application/xml", "image/svg+xml")
COMPRESSIBLE_SUFFIXES = ("+xml", "+json")


def is_compressible(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type.startswith(COMPRESSIBLE) or media_type.endswith(
        COMPRESSIBLE_SUFFIXES
    )


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not is_compressible(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)
