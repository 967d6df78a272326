"""Links every comment on a page shares."""

from urllib.parse import urlencode

from django.urls import reverse


def comment_link_context(request) -> dict:
    """
    URL prefixes every comment's links share, worked out once per page: a
    thousand comments must not each reverse() URLs and copy the query string.
    """
    query = request.GET.copy()
    query.pop("replyto", None)
    encoded = query.urlencode()
    # A thread's own page keeps the sort, and no page number or reply target.
    sort = request.GET.get("csort")
    return {
        "comments_url": reverse("discussion:comment_permalink", args=[1])[: -len("1/")],
        "reply_query": f"?{encoded}&replyto=" if encoded else "?replyto=",
        "thread_query": f"?{urlencode({'csort': sort})}&cthread="
        if sort
        else "?cthread=",
    }
