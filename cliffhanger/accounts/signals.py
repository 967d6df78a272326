"""
Signals readers' accounts send for the apps above them (tracker, newsletters…),
which connect their own receivers: accounts never imports them.

    reader_email_verified(sender=User, user=user, email="nadia@example.com")

Sent once per verified address when a reader signs in (a code entered, an
OpenID Connect provider vouching for it) and when a reader confirms a new
address on /account/email/. Never for an address nobody has proven: a receiver
may treat `email` as the reader's own, e.g. to attach what was done
anonymously with it.
"""

from django.dispatch import Signal

reader_email_verified = Signal()
