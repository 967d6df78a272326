from cliffhanger.newsletters.demo import load
from cliffhanger.newsletters.models import Issue, Newsletter, Subscription


def test_the_demo_loads_twice_without_change(db):
    from cliffhanger.newsroom.demo import load as newsroom_load
    from cliffhanger.tracker.demo import load as tracker_load

    newsroom_load()
    tracker_load()

    first = load()
    second = load()

    assert first["newsletters"] == 2 and second == {"newsletters": 0, "issues": 0}
    assert Newsletter.objects.count() == 2 and Subscription.objects.count() == 0
    assert Issue.objects.filter(status="sent").count() == first["issues"]
