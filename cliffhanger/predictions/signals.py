"""
`poll_resolved` is sent for each prediction poll the tracker's news resolved,
after the resolution was committed. Other features listen (webhooks).
"""

from django.dispatch import Signal

poll_resolved = Signal()  # kwargs: poll (Poll)
