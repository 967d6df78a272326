"""
Standard Webhooks signatures (https://www.standardwebhooks.com/):

    webhook-id:        msg_…                      the same on every attempt
    webhook-timestamp: 1700000000                 seconds, when sent
    webhook-signature: v1,<base64 HMAC-SHA256>    of "{id}.{timestamp}.{body}"

keyed with the base64 secret after `whsec_`. Several signatures, separated by
spaces, are sent while an old secret is still valid after a rotation.
"""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def secret_generate() -> str:
    """A new signing secret in the `whsec_<base64>` form receivers' libraries expect."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def message_id_generate() -> str:
    return "msg_" + secrets.token_hex(16)


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def signature(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """One `v1,<base64>` signature of the message with one secret."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(
    *, secrets_: list[str], message_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    """The three Standard Webhooks headers, one signature per secret."""
    signatures = " ".join(
        signature(secret=s, message_id=message_id, timestamp=timestamp, body=body)
        for s in secrets_
    )
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signatures,
    }
