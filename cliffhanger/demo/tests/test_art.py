"""The demo's drawn artwork: one picture a name, the same every time."""

from cliffhanger.demo.art import artwork_draw


def test_artwork_is_the_same_for_a_name_and_different_between_names():
    first, again = (
        artwork_draw("partner-track", 320, 180),
        artwork_draw("partner-track", 320, 180),
    )
    other = artwork_draw("the-bear", 320, 180)

    assert first.jpeg == again.jpeg
    assert first.jpeg != other.jpeg
    assert first.description.startswith("Abstract artwork")
