"""A clock tests can move: timezone.now() reads it while the fixture holds."""

from datetime import timedelta

from django.utils import timezone


class Clock:
    def __init__(self, now):
        self.now = now

    def move(self, **delta):
        self.now += timedelta(**delta)


def clock_set(monkeypatch, now) -> Clock:
    """timezone.now() is the returned clock's time from here on."""
    clock = Clock(now)
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock
