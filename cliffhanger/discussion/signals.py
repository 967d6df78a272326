"""
`comment_approved` is sent after a comment became public and the change was
committed: posted straight to approved, or approved by a moderator later.
Other features listen (webhooks) without the discussion knowing them.
"""

from django.dispatch import Signal

comment_approved = Signal()  # kwargs: comment (Comment)
