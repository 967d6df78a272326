"""
Commenters' avatars: identicons (core/identicons.py) seeded by a salted hash
of the commenter's name and network.

Never from the email: anyone may type anyone's address into the form, and an
avatar that followed the address would show them whose it is (an oracle for
"does this person comment here, under this email?").
"""

from cliffhanger.core.identicons import identicon_svg
from cliffhanger.core.privacy import client_hash
from cliffhanger.core.readers import network_key

# identicon_svg lives in core (readers' accounts draw the same avatars).
__all__ = ["avatar_seed_for", "identicon_svg"]


def avatar_seed_for(*, name: str, address: str = "") -> str:
    """
    The same name from the same network (see core.readers.network_key) keeps
    its avatar; the same name typed elsewhere gets another one.
    """
    network = network_key(address) if address else ""
    return client_hash("avatar", " ".join((name or "").split()).casefold(), network)
