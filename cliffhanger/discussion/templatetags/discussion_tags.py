from django import template
from django.conf import settings

from cliffhanger.discussion.avatars import identicon_svg
from cliffhanger.discussion.cookies import (
    owned_comment_ids,
    pending_comment_ids,
    remembered_commenter,
)
from cliffhanger.discussion.forms import CommentForm
from cliffhanger.discussion.links import comment_link_context
from cliffhanger.discussion.selectors import (
    SORTS,
    comment_reply_target,
    comment_thread_page,
)
from cliffhanger.discussion.thread_html import (
    CommentPage,
    comment_html,
    comment_list_html,
)

register = template.Library()


@register.inclusion_tag("discussion/includes/comment_section.html", takes_context=True)
def comment_section(context, article):
    """The thread and the form under an article; a rejected post comes back filled."""
    request = context["request"]
    thread = comment_thread_page(
        article=article,
        sort=request.GET.get("csort", ""),
        page=request.GET.get("cpage"),
        own_pending_ids=pending_comment_ids(request),
    )
    form = getattr(request, "discussion_form", None)
    replying_to = None
    if form is None:
        replying_to = comment_reply_target(
            article=article, comment_id=request.GET.get("replyto")
        )
        remembered = remembered_commenter(request)
        form = CommentForm(
            initial={
                **remembered,
                "remember": bool(remembered),
                "parent": replying_to.pk if replying_to else "",
            }
        )
    return {
        "request": request,
        "article": article,
        "thread": thread,
        "form": form,
        "replying_to": replying_to,
        "owned_ids": owned_comment_ids(request),
        "sorts": list(SORTS),
        "csrf_token": context.get("csrf_token"),
        "max_depth": settings.DISCUSSION_MAX_DEPTH,
        "is_open": thread.is_open,
        **comment_link_context(request),
    }


@register.simple_tag
def avatar(seed, size=40):
    return identicon_svg(seed, size)


@register.simple_tag(takes_context=True)
def comment_list(context, items):
    """A thread page's comments as nested list items (see thread_html)."""
    return comment_list_html(items, CommentPage.from_context(context))


@register.simple_tag(takes_context=True)
def comment_item(context, comment):
    """One comment's <li>, left open: the caller closes it or nests replies."""
    return comment_html(comment, CommentPage.from_context(context))


@register.simple_tag(takes_context=True)
def thread_query(context, **changes):
    """The current query string with the thread's parameters changed."""
    query = context["request"].GET.copy()
    if "replyto" not in changes:
        query.pop("replyto", None)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
