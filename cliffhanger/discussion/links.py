"""Links every comment on a page shares, built from the thread's own parameters."""

import re
from urllib.parse import urlencode

from cliffhanger.core.addresses import reverse_once

from .selectors import SORTS

# The query parameters a thread page reads, with the form each value takes.
# Anything else in the address (tracking tags, junk) never reaches a link or
# a kept fragment's key, so it cannot multiply the kept copies.
THREAD_PARAMS = {
    "csort": "|".join(SORTS),
    "cpage": r"[1-9][0-9]{0,3}",
    "cthread": r"[1-9][0-9]{0,18}",
}


# A page number longer than THREAD_PARAMS allows is past any thread's last
# page: read as the largest allowed, which shows the last page as any number
# past it does, rather than page 1.
PAST_ANY_PAGE = re.compile(r"[1-9][0-9]{4,}")
LARGEST_PAGE = "9999"


def thread_params(request) -> dict[str, str]:
    """The thread's parameters as the reader gave them, each only if well
    formed; page 1 is no parameter (it is the page without one)."""
    if not request.GET:  # most addresses: no missing key raised and caught per name
        return {}
    params = {
        name: value
        for name, pattern in THREAD_PARAMS.items()
        if (value := request.GET.get(name))
        and re.fullmatch(pattern, value)
        and (name, value) != ("cpage", "1")
    }
    if PAST_ANY_PAGE.fullmatch(request.GET.get("cpage", "")):
        params["cpage"] = LARGEST_PAGE
    return params


def comment_link_context(request, params: dict[str, str] | None = None) -> dict:
    """
    URL prefixes every comment's links share, worked out once per page: a
    thousand comments must not each reverse() URLs and copy the query string.
    `params` are the thread's parameters once checked (thread_params() if not given).
    """
    params = thread_params(request) if params is None else params
    encoded = urlencode(params)
    # A thread's own page keeps the sort, and no page number or reply target.
    sort = params.get("csort")
    return {
        "comments_url": reverse_once("discussion:comment_permalink", 1)[: -len("1/")],
        "reply_query": f"?{encoded}&replyto=" if encoded else "?replyto=",
        "thread_query": f"?{urlencode({'csort': sort})}&cthread="
        if sort
        else "?cthread=",
    }
