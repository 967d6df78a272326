"""Names readers type are shown beside others': nothing in them may disguise them."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cliffhanger.core.text import display_name_clean


def test_line_breaks_and_runs_of_spaces_become_one_space():
    assert display_name_clean("  Kay\r\nSmith\t\tJr \u2028 ") == "Kay Smith Jr"


def test_bidi_overrides_and_invisible_characters_are_dropped():
    # U+202E would show "Admin\u202etxt.exe" as "Adminexe.txt".
    assert display_name_clean("Admin\u202etxt.exe") == "Admintxt.exe"
    assert display_name_clean("\u2066Ka\u200by\u2069\u00ad\u200e") == "Kay"
    assert display_name_clean("Nul\x00l and bell\x07") == "Null and bell"


def test_real_names_in_every_script_are_kept():
    for name in ("Zoë Ó Súilleabháin", "أحمد", "李小龙", "👩\u200d👩\u200d👧 fan"):
        assert display_name_clean(name) == name


def test_a_name_of_nothing_but_invisible_characters_is_empty():
    assert display_name_clean("\u202e\u200b \r\n") == ""


@given(st.text())
def test_no_control_or_formatting_character_survives(value):
    cleaned = display_name_clean(value)

    assert all(
        unicodedata.category(c) not in ("Cc", "Cf") or c == "\u200d" for c in cleaned
    )
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert display_name_clean(cleaned) == cleaned


def test_one_inbox_has_one_mailbox_key():
    from cliffhanger.core.text import mailbox_key

    assert mailbox_key("Kay.Smith+tv@GMail.com") == "kaysmith@gmail.com"
    assert mailbox_key("k.a.y.smith@googlemail.com") == "kaysmith@gmail.com"
    assert mailbox_key("kay.smith@example.org") == "kay.smith@example.org"
