"""
The discussion under an article, for the reader asking: the thread page the
query names (kept in the shared cache for readers with nothing of their own
in it) and the comment form (made once per process for a first-time or a
named, signed-in reader, their parts put in).
"""

import re
from functools import lru_cache

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cliffhanger.accounts.selectors import reader_for_user
from cliffhanger.caching.dependencies import (
    not_for_keeping,
    page_number_honoured,
    query_read,
)
from cliffhanger.caching.fragments import remembered
from cliffhanger.core.addresses import static_once
from cliffhanger.core.shared_csrf import token_is_deferred

from .avatars import identicon_svg
from .cookies import owned_comment_ids, pending_comment_ids, remembered_commenter
from .forms import CommentForm, issued_now
from .links import THREAD_PARAMS, comment_link_context, thread_params
from .selectors import (
    SORTS,
    comment_ids_of_account,
    comment_reply_target,
    comment_thread_page,
    comment_thread_root,
)

SECTION_CLOSED = mark_safe(
    '<p class="discussion__closed" id="respond">Comments are closed on this article.</p>'
)


def article_discussion(context) -> str:
    """
    The "article.after_author" slot: the thread and the form under an
    article (a rejected post comes back filled in). Drawn on every article page, so
    put together here; only a reader's own form is rendered per request.
    """
    section = _section_parts(context, context["page"])
    if "form_html" in section:
        form = section["form_html"]
    elif section["is_open"]:
        form = render_to_string(
            "discussion/includes/comment_form.html", section, using="jinja2"
        )
    else:
        form = SECTION_CLOSED
    return format_html(
        '\n<section class="discussion" id="comments" aria-labelledby="comments-heading"'
        " data-discussion>\n{}\n\n    {}\n</section>\n"
        '<script src="{}" defer></script>\n\n',
        section["thread_html"],
        form,
        static_once("cliffhanger/js/comments.js"),
    )


def _section_parts(context, article) -> dict:
    """What the section shows: the thread page, and the form or its parts."""
    request = context["request"]
    account, commenter = _signed_in(request)
    owned_ids, pending_ids = _readers_own_ids(request, article, account)
    token = context.get("csrf_token")
    # A reader with no comments of their own and no token in their forms sees
    # what every such reader sees: that thread page is kept in the shared cache.
    shared = (
        not owned_ids
        and not pending_ids
        and token_is_deferred(token)
        and not getattr(request, "is_preview", False)
    )
    part = _thread_part(request, article, owned_ids, pending_ids, token, shared)
    section = {
        "request": request,
        "article": article,
        "thread_html": mark_safe(part["html"]),
        "csrf_token": token,
        "is_open": part["is_open"],
        "commenter": commenter,
    }
    form = getattr(request, "discussion_form", None)
    if form is not None:  # a rejected post, as the reader filled it
        return {**section, "form": form}
    return {
        **section,
        **_form_part(
            request, article, account, commenter, shared, part["is_open"], token
        ),
    }


def _readers_own_ids(request, article, account) -> tuple[set, set]:
    """The comments this reader may edit, and their own awaiting moderation."""
    owned_ids = owned_comment_ids(request)
    pending_ids = pending_comment_ids(request)
    if account is not None:
        # Theirs from any device: the account owns them, not this browser.
        own, own_pending = comment_ids_of_account(article=article, account=account)
        owned_ids, pending_ids = owned_ids | own, pending_ids | own_pending
    return owned_ids, pending_ids


def _thread_part(request, article, owned_ids, pending_ids, token, shared) -> dict:
    """The thread page the query asks for, kept in the shared cache when `shared`."""
    query_read(*THREAD_PARAMS)
    params = thread_params(request)
    sort, page = params.get("csort", ""), params.get("cpage")
    root = comment_thread_root(article=article, value=params.get("cthread"))
    if root is None and "cthread" in request.GET:
        params.pop("cthread", None)  # no such thread here: the usual page,
        not_for_keeping()  # never kept, and no link or key names it
    links = comment_link_context(request, params)

    def thread_part() -> dict:
        thread = comment_thread_page(
            article=article,
            sort=sort,
            page=page,
            own_pending_ids=pending_ids,
            thread_root=root,
        )
        html = render_to_string(
            "discussion/includes/comment_thread.html",
            {
                "request": request,
                "thread": thread,
                "owned_ids": owned_ids,
                "sorts": list(SORTS),
                "thread_params": params,
                "csrf_token": token,
                **links,
            },
            using="jinja2",
        )
        return {"html": html, "is_open": thread.is_open, "page": thread.page_obj.number}

    part = remembered(
        "comment-thread",
        article.pk,
        sort,
        page,
        root,
        links["reply_query"],
        tags=(f"comments:{article.pk}",),
        compute=thread_part,
        shared=shared,
        # A page number past the last renders the last page: not kept under
        # that number, or random numbers would each keep a copy.
        keep=lambda part: page in (None, str(part["page"])),
    )
    if root is None:
        page_number_honoured("cpage", request.GET.get("cpage"), part["page"])
    return part


def _form_part(request, article, account, commenter, shared, is_open, token) -> dict:
    """The comment form: the shared blank one when it can be, else this reader's."""
    replying_to = comment_reply_target(
        article=article, comment_id=request.GET.get("replyto")
    )
    remembered_fields = remembered_commenter(request)
    if (
        shared
        and account is None
        and replying_to is None
        and not remembered_fields
        and is_open
    ):
        # The blank form is the same for every such reader but for the time
        # it was shown, which is put in fresh.
        form_html = _blank_form_html(
            article.pk, settings.DISCUSSION_MAX_LENGTH, get_language()
        )
        return {"form_html": mark_safe(form_html.replace(ISSUED_MARK, issued_now()))}
    parent = replying_to.pk if replying_to else ""
    named = commenter is not None and commenter.display_name
    if account is not None and named and replying_to is None and is_open:
        # The usual case: the form made once per process, their name put in.
        return {"form_html": _signed_in_form_html(article, commenter, token)}
    if account is not None:  # their name comes from the account, in this copy only
        form = CommentForm(
            initial={"parent": parent},
            signed_in=True,
            display_name=commenter.display_name if commenter else "",
        )
    else:
        form = CommentForm(
            initial={
                **remembered_fields,
                "remember": bool(remembered_fields),
                "parent": parent,
            }
        )
    return {"form": form, "replying_to": replying_to}


def _signed_in(request):
    """(the signed-in user, their profile or None), or (None, None)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None, None
    return user, reader_for_user(user=user)


ISSUED_MARK = "__cliffhanger_issued__"


@lru_cache(maxsize=512)
def _blank_form_html(article_id: int, max_length: int, language: str) -> str:
    """
    The form as a first-time reader gets it, made once per process and
    article: it holds no data, only code (a deploy restarts the process), the
    length limit and the language, which are the key.
    """
    form = CommentForm()
    form.initial["issued"] = ISSUED_MARK
    return render_to_string(
        "discussion/includes/comment_form.html",
        {"form": form, "article": {"pk": article_id}, "csrf_token": ""},
        using="jinja2",
    )


NAME_MARK, AVATAR_MARK, TOKEN_MARK = (
    "__cliffhanger_name__",
    "__cliffhanger_avatar__",
    "__cliffhanger_token__",
)


_FORM_MARKS = re.compile(
    "|".join(re.escape(m) for m in (NAME_MARK, AVATAR_MARK, TOKEN_MARK, ISSUED_MARK))
)


@lru_cache(maxsize=512)
def _named_form_html(article_id: int, max_length: int, language: str) -> str:
    """
    The form as a named, signed-in reader gets it (not replying), made once
    per process and article with marks where their name, avatar and token go.
    """
    form = CommentForm(signed_in=True, display_name=NAME_MARK)
    form.initial["issued"] = ISSUED_MARK
    return render_to_string(
        "discussion/includes/comment_form.html",
        {
            "form": form,
            "article": {"pk": article_id},
            "csrf_token": TOKEN_MARK,
            "commenter": {"display_name": NAME_MARK},
            "commenter_avatar": AVATAR_MARK,
        },
        using="jinja2",
    )


def _signed_in_form_html(article, commenter, token) -> str:
    """The named form with this reader's name (escaped), avatar and token put in."""
    html = _named_form_html(article.pk, settings.DISCUSSION_MAX_LENGTH, get_language())
    values = {
        NAME_MARK: escape(commenter.display_name),
        AVATAR_MARK: identicon_svg(commenter.avatar_seed, 32),
        TOKEN_MARK: escape(str(token or "")),
        ISSUED_MARK: issued_now(),
    }
    # One pass: a name that spells a mark is not filled in again.
    return mark_safe(_FORM_MARKS.sub(lambda match: values[match.group(0)], html))
