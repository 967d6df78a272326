"""
gunicorn's access log without secrets: the signed tokens in confirmation,
unsubscribe and moderation links (whoever reads the log could use them) are
replaced by "[token]", and the client's address is logged only when
LOG_CLIENT_ADDRESSES is on (by default only with DEBUG): an address is
personal data, and the app itself stores it only as a salted hash.

It also makes only the atoms a line uses. gunicorn makes one for every
request header, response header and environ value of every request, about
seventy, and then escapes each: a tenth of a worker's CPU on a page-cache hit.
The atoms mean what gunicorn's documentation says they mean; a test holds
each one a line uses to gunicorn's own.
"""

import os
import re

from gunicorn.glogging import Logger

from .logs import GUNICORN_ACCESS_FIELDS

# Every link that carries a credential ends in /<name>/<signed token>/.
TOKEN_IN_PATH = re.compile(r"/(confirm|unsubscribe|moderate)/[^/?#\s]+")
# A line names its atoms as %(name)s; {name}i, {name}o and {name}e are a
# request header, a response header and an environ value.
ATOM_NAME = re.compile(r"%\(([^)]+)\)")
# What JSON lines read from the atoms (core/logs.py), whatever the format.
JSON_ATOMS = {*GUNICORN_ACCESS_FIELDS, "{x-request-id}o"}
# Headers that carry the client's address.
ADDRESS_HEADERS = {"{x-forwarded-for}i", "{x-real-ip}i", "{forwarded}i"}


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(r"/\1/[token]", text) if text else text


def client_addresses_logged() -> bool:
    default = os.environ.get("DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}
    value = os.environ.get("LOG_CLIENT_ADDRESSES")
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class RedactingLogger(Logger):
    def __init__(self, cfg):
        super().__init__(cfg)
        # Read once per worker, not once per access line.
        self.log_addresses = client_addresses_logged()
        named = {
            name.lower() if name.startswith("{") else name
            for name in ATOM_NAME.findall(cfg.access_log_format)
        }
        # {name}i / {name}o / {name}e atoms, by kind, as name -> atom.
        self.named_headers = {"i": {}, "o": {}, "e": {}}
        for atom in named | JSON_ATOMS:
            if atom.startswith("{") and atom[-2:] in ("}i", "}o", "}e"):
                self.named_headers[atom[-1]][atom[1:-2]] = atom

    def atoms(self, resp, req, environ, request_time):
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        sent = getattr(resp, "sent", None)
        micros = request_time.seconds * 1_000_000 + request_time.microseconds
        method, protocol = environ["REQUEST_METHOD"], environ["SERVER_PROTOCOL"]
        atoms = {
            "h": environ.get("REMOTE_ADDR", "-") if self.log_addresses else "-",
            "l": "-",
            "u": self._get_user(environ) or "-",
            "t": self.now(),
            "r": redact(f"{method} {environ['RAW_URI']} {protocol}"),
            "s": status,
            "m": method,
            "U": redact(environ.get("PATH_INFO")),
            "q": environ.get("QUERY_STRING"),
            "H": protocol,
            "b": "-" if sent is None else str(sent),
            "B": sent,
            "f": redact(environ.get("HTTP_REFERER", "-")),
            "a": environ.get("HTTP_USER_AGENT", "-"),
            "T": request_time.seconds,
            "D": micros,
            "M": micros // 1000,
            "L": f"{request_time.seconds}.{request_time.microseconds:06d}",
            "p": f"<{os.getpid()}>",
        }
        atoms.update(self._header_atoms(resp, req, environ))
        return atoms

    def _header_atoms(self, resp, req, environ) -> dict:
        """The headers and environ values the line names ("-" when missing)."""
        found = {}
        named = self.named_headers
        if named["i"]:
            for name, value in getattr(req, "headers", ()):
                atom = named["i"].get(name.lower())
                if atom is not None:
                    found[atom] = value
        if named["o"]:
            for name, value in resp.headers:
                atom = named["o"].get(name.lower())
                if atom is not None:
                    found[atom] = value
        if named["e"]:
            lowered = {name.lower(): value for name, value in environ.items()}
            for name, atom in named["e"].items():
                if name in lowered:
                    found[atom] = lowered[name]
        if "{referer}i" in found:
            found["{referer}i"] = redact(found["{referer}i"])
        if not self.log_addresses:
            found.update((atom, "-") for atom in ADDRESS_HEADERS if atom in found)
        return found
