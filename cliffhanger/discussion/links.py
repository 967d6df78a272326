"""Links every comment on a page shares."""

from django.urls import reverse


def comment_link_context(request) -> dict:
    """
    URL prefixes every comment's links share, worked out once per page: a
    thousand comments must not each reverse() URLs and copy the query string.
    """
    query = request.GET.copy()
    query.pop("replyto", None)
    encoded = query.urlencode()
    return {
        "comments_url": reverse("discussion:comment_permalink", args=[1])[: -len("1/")],
        "reply_query": f"?{encoded}&replyto=" if encoded else "?replyto=",
    }
