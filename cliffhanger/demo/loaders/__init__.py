"""
The demo site's loaders, one an app, in the order `load_demo` runs them: the
newsroom's articles first, everything else hangs off them. Each creates what
is missing through the app's models and services and returns what it
created, by kind; a second run creates nothing.
"""

from . import discussion, newsletters, newsroom, predictions, tracker

LOADERS = [
    newsroom.load,
    discussion.load,
    tracker.load,
    predictions.load,
    newsletters.load,
]
