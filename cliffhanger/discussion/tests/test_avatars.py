"""Identicons: one per commenter, cheap for a page of hundreds of comments."""

import re

from cliffhanger.discussion.avatars import avatar_seed_for, identicon_svg


def test_an_identicon_is_three_elements_whatever_its_pattern():
    for number in range(50):
        svg = identicon_svg(avatar_seed_for(name=f"Reader {number}"))
        assert len(re.findall(r"<(?!/)", svg)) <= 3
        assert svg.startswith('<svg class="avatar"') and 'aria-hidden="true"' in svg


def test_the_same_name_from_the_same_network_gets_the_same_identicon():
    seed = avatar_seed_for(name="Kay  Lee", address="203.0.113.5")

    assert seed == avatar_seed_for(name="kay lee", address="203.0.113.5")
    assert seed != avatar_seed_for(name="Kay Lee", address="203.0.113.6")
    assert avatar_seed_for(name="Kay", address="2001:db8::1") == avatar_seed_for(
        name="Kay", address="2001:db8::ffff"
    )
    others = {identicon_svg(avatar_seed_for(name=f"R{n}")) for n in range(20)}
    assert len(others) == 20
