"""
gunicorn's access log without secrets: the signed tokens in confirmation,
unsubscribe and moderation links (whoever reads the log could use them) are
replaced by "[token]", and the client's address is logged only when
LOG_CLIENT_ADDRESSES is on (by default only with DEBUG): an address is
personal data, and the app itself stores it only as a salted hash.
"""

import os
import re

from gunicorn.glogging import Logger

# Every link that carries a credential ends in /<name>/<signed token>/.
TOKEN_IN_PATH = re.compile(r"/(confirm|unsubscribe|moderate)/[^/?#\s]+")


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

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in ("r", "U", "f", "{referer}i"):
            if isinstance(atoms.get(name), str):
                atoms[name] = redact(atoms[name])
        if not self.log_addresses:
            atoms["h"] = "-"
            for name in ("{x-forwarded-for}i", "{x-real-ip}i", "{forwarded}i"):
                if name in atoms:
                    atoms[name] = "-"
        return atoms
