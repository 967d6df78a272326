"""
`season_status_changed` is sent after a status change is committed. Other
features listen (follower emails, prediction polls, page caches) without the
tracker knowing them.
"""

from django.dispatch import Signal

season_status_changed = Signal()  # kwargs: change (SeasonStatusChange)
