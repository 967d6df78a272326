"""Identicons: one per commenter, cheap for a page of hundreds of comments."""

import re

from cliffhanger.discussion.avatars import avatar_seed_for, identicon_svg


def test_an_identicon_is_three_elements_whatever_its_pattern():
    for number in range(50):
        svg = identicon_svg(
            avatar_seed_for(email=f"reader{number}@example.com", name="")
        )
        assert len(re.findall(r"<(?!/)", svg)) <= 3
        assert svg.startswith('<svg class="avatar"') and 'aria-hidden="true"' in svg


def test_the_same_commenter_gets_the_same_identicon_and_others_differ():
    seed = avatar_seed_for(email="Kay@Example.com ", name="Kay")

    assert identicon_svg(seed) == identicon_svg(
        avatar_seed_for(email="kay@example.com", name="Someone else")
    )
    others = {
        identicon_svg(avatar_seed_for(email=f"r{n}@example.com", name=""))
        for n in range(20)
    }
    assert len(others) == 20
