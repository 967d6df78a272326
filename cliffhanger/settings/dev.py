"""Local development: debug pages, console e-mail, the autoreloading server."""

from .base import *  # noqa: F403

DEBUG = True
