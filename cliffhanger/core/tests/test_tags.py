import pytest

from cliffhanger.core.templatetags.core_tags import safe_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://deadline.com/x", "https://deadline.com/x"),
        ("mailto:desk@example.org", "mailto:desk@example.org"),
        ("/entertainment/", "/entertainment/"),
        ("javascript:alert(1)", ""),
        (" JavaScript:alert(1)", ""),
        ("data:text/html,x", ""),
        ("//evil.example/", ""),
        ("/\\evil.example/", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_safe_url_keeps_only_web_and_site_links(url, expected):
    assert safe_url(url) == expected
