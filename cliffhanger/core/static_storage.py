"""
WhiteNoise's compressed manifest storage, with each static file's address
worked out once per process.

A page asks for half a dozen (the stylesheet, its scripts, the icon), and
each costs a manifest lookup, a path clean-up and two urljoins: 8% of an
uncached article's CPU, for an answer that cannot change until the next
collectstatic, which restarts the server anyway.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

# Far more than the static files there are: a bound, not a working size.
REMEMBERED_MAX = 4096


class RememberedManifestStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.remembered_urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self.remembered_urls[name]
        except KeyError:
            url = super().url(name)
        if len(self.remembered_urls) < REMEMBERED_MAX:
            self.remembered_urls[name] = url
        return url
