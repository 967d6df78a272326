"""
Thin views for reader actions on comments. Every action is a plain form post
first (redirect back to the article); a request that accepts JSON gets JSON,
which is how comments.js does the same things in place.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cliffhanger.accounts.services import reader_get_or_create
from cliffhanger.core.http import wants_json
from cliffhanger.core.privacy import client_address
from cliffhanger.core.readers import reader_keys
from cliffhanger.newsroom.selectors import article_get_live

from . import cookies
from .forms import CommentEditForm, CommentForm
from .links import comment_link_context
from .models import Comment, CommentStatus
from .notifications import (
    LinkDone,
    LinkError,
    moderation_link_read,
    replies_confirm,
    replies_unsubscribe,
    reply_confirm_check,
)
from .selectors import (
    comment_get_public,
    comment_location_query,
    discussion_comment_count,
)
from .services import (
    COMMENT_NOT_YOURS,
    VOTE_VALUES,
    comment_delete_by_author,
    comment_edit,
    comment_moderate,
    comment_report,
    comment_report_rate_limited,
    comment_vote_cast,
)
from .submissions import (
    BOT_CHECK_REASON,
    Commenter,
    CommentRefused,
    comment_submission_open,
    comment_submit,
)
from .thread_html import CommentPage, comment_html

VOTE_INVALID = "Vote with value=up or value=down."
REPORTS_TOO_MANY = "You have sent many reports in the last hour. Thank you: moderators will look at them. Please try again later."


def _comment_url(comment: Comment) -> str:
    query = comment_location_query(comment=comment)
    return f"{comment.article.url}{query}#comment-{comment.pk}"


def _rejected(request, article, form, *, status=400, message=""):
    """The article again, with the form as the reader filled it and what to fix."""
    if wants_json(request):
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        return JsonResponse(
            {"error": message or "Please correct the comment form.", "errors": errors},
            status=status,
        )
    first_error = next((name for name in form.fields if name in form.errors), None)
    if (
        first_error
    ):  # the page opens on what to fix (the JavaScript path moves focus itself)
        form.fields[first_error].widget.attrs["autofocus"] = True
    request.discussion_form = form
    response = article.serve(request)
    response.status_code = status
    return response


@require_POST
def comment_post(request, article_id):
    """A reader's comment: the form's fields checked here, the rest by submissions."""
    article = article_get_live(article_id=article_id)
    if article is None:
        raise Http404("No such article")
    commenter = _commenter(request)
    form = CommentForm(
        request.POST,
        signed_in=commenter.reader is not None,
        display_name=commenter.reader.display_name if commenter.reader else "",
    )
    fields = form.cleaned_data if form.is_valid() else None
    try:
        standing = comment_submission_open(
            article=article, commenter=commenter, fields=fields
        )
        if fields is None:
            return _rejected(request, article, form)
        comment = comment_submit(
            article=article,
            commenter=commenter,
            fields=fields,
            standing=standing,
            automated=form.looks_automated(),
        )
    except CommentRefused as refused:
        return _refused(request, article, form, refused)
    except ValidationError as error:
        form.add_error(None, error)
        return _rejected(request, article, form)
    return _posted(request, article, comment, fields)


def _commenter(request) -> Commenter:
    account = request.user if request.user.is_authenticated else None
    return Commenter(
        account=account,
        # A signed-in reader's profile names them (made on first use: staff).
        reader=reader_get_or_create(user=account) if account is not None else None,
        address=client_address(request),
    )


def _refused(request, article, form, refused: CommentRefused):
    if refused.why == CommentRefused.BANNED:
        form.add_error(None, refused.message)
        return _rejected(request, article, form, status=403, message=refused.message)
    if wants_json(request):
        return JsonResponse({"error": refused.message}, status=refused.status)
    title = "Comments are closed" if refused.why == CommentRefused.CLOSED else None
    return render(
        request,
        "discussion/too_many.html",
        {"article": article, "message": refused.message, "title": title},
        status=refused.status,
    )


def _posted(request, article, comment: Comment, fields: dict):
    """The answer to a stored comment: in place (JSON) or the article again."""
    if comment.moderation_reason == BOT_CHECK_REASON:
        # Stored as spam for the record; the sender is told nothing different.
        return _held_response(request, article, comment, remember=False)
    if comment.status != CommentStatus.APPROVED:
        response = _held_response(request, article, comment, remember=True)
        _remember_commenter(response, fields)
        return response
    if wants_json(request):
        response = JsonResponse(
            {
                "id": comment.pk,
                "parent": comment.parent_id,
                "html": _comment_html(request, comment, owned_ids={comment.pk}),
                "anchor": comment.anchor,
                "comment_count": _comment_count(article, comment),
            },
            status=201,
        )
    else:
        response = redirect(_comment_url(comment))
    cookies.remember_owned_comment(request, response, comment.pk)
    _remember_commenter(response, fields)
    return response


def _comment_html(request, comment: Comment, *, owned_ids) -> str:
    """
    One comment's markup for comments.js to put in place (the <li> it opens
    closed). Its forms carry no CSRF token: form-token.js fills one in before
    any is sent, as on the shared pages. Built as the thread's comments are,
    without a template's context processors: a post pays for this.
    """
    page = CommentPage.from_context(
        {"owned_ids": owned_ids, "csrf_token": None, **comment_link_context(request)}
    )
    return comment_html(comment, page) + "</li>"


def _comment_count(article, comment) -> int:
    """The article's public count as the post left it (comment_create knows it)."""
    count = getattr(comment, "article_comment_count", None)
    return discussion_comment_count(article=article) if count is None else count


def _remember_commenter(response, data) -> None:
    if "remember" not in data:
        return  # signed in: nothing typed to remember, and nothing to forget
    if data["remember"]:
        cookies.remember_commenter(response, data)
    else:
        cookies.forget_commenter(response)


def _held_response(request, article, comment, *, remember: bool):
    """A comment awaiting moderation: shown to its author only, with a notice."""
    comment.is_own_pending = remember
    if wants_json(request):
        response = JsonResponse(
            {
                "id": comment.pk,
                "parent": comment.parent_id,
                "pending": True,
                "html": _comment_html(request, comment, owned_ids=set()),
                "anchor": comment.anchor,
                "comment_count": _comment_count(article, comment),
            },
            status=202,
        )
    else:
        response = redirect(f"{article.url}#comment-{comment.pk}")
    if remember:
        cookies.remember_pending_comment(request, response, comment.pk)
    return response


@require_POST
def comment_report_view(request, comment_id):
    comment = comment_get_public(comment_id=comment_id)
    if comment is None:
        if wants_json(request):
            return JsonResponse({"error": "No such comment."}, status=404)
        raise Http404("No such comment")
    keys = reader_keys(request)
    if comment_report_rate_limited(address_key=keys.address_key):
        if wants_json(request):
            return JsonResponse({"error": REPORTS_TOO_MANY}, status=429)
        return render(
            request,
            "discussion/too_many.html",
            {"article": comment.article, "message": REPORTS_TOO_MANY},
            status=429,
        )
    comment_report(
        comment=comment,
        reader_key=keys.reader_key,
        address_key=keys.address_key,
        reason=request.POST.get("reason", ""),
    )
    if wants_json(request):
        response = JsonResponse({"reported": True})
    else:
        response = render(request, "discussion/reported.html", {"comment": comment})
    keys.remember(response)
    return response


def comment_permalink(request, comment_id):
    comment = comment_get_public(comment_id=comment_id)
    if comment is None or not comment.article.live:
        raise Http404("No such comment")
    return redirect(_comment_url(comment))


def _owned_comment(request, comment_id) -> Comment:
    """The reader's own public comment: written in this browser (the signed
    cookie) or, from any device, under the account they are signed in to."""
    comment = comment_get_public(comment_id=comment_id)
    if comment is None:
        raise Http404("No such comment")
    user = request.user
    by_account = (
        user.is_authenticated
        and comment.account_id is not None
        and comment.account_id == user.pk
    )
    if not by_account and comment.pk not in cookies.owned_comment_ids(request):
        raise PermissionError(COMMENT_NOT_YOURS)
    return comment


@require_http_methods(["GET", "POST"])
def comment_edit_view(request, comment_id):
    try:
        comment = _owned_comment(request, comment_id)
    except PermissionError as error:
        return render(
            request,
            "discussion/comment_denied.html",
            {"message": str(error)},
            status=403,
        )
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            edited = comment_edit(comment=comment, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            response = redirect(_comment_url(edited))
            if not edited.is_public:  # held by the policies: its author still sees it
                cookies.remember_pending_comment(request, response, edited.pk)
            return response
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "discussion/comment_edit.html",
        {"comment": comment, "form": form},
        status=status,
    )


@require_POST
def comment_delete_view(request, comment_id):
    try:
        comment = _owned_comment(request, comment_id)
    except PermissionError as error:
        return render(
            request,
            "discussion/comment_denied.html",
            {"message": str(error)},
            status=403,
        )
    try:
        comment_delete_by_author(comment=comment)
    except ValidationError as error:
        form = CommentEditForm(initial={"body": comment.body})
        form.add_error(None, error)
        return render(
            request,
            "discussion/comment_edit.html",
            {"comment": comment, "form": form},
            status=400,
        )
    return redirect(f"{comment.article.url}#comments")


@require_POST
def comment_vote(request, comment_id):
    value = VOTE_VALUES.get(request.POST.get("value", ""))
    if value is None:
        if wants_json(request):
            return JsonResponse({"error": VOTE_INVALID}, status=400)
        return HttpResponseBadRequest(VOTE_INVALID)
    comment = comment_get_public(comment_id=comment_id)
    if comment is None or comment.status != CommentStatus.APPROVED:
        if wants_json(request):
            return JsonResponse({"error": "No such comment."}, status=404)
        raise Http404("No such comment")
    keys = reader_keys(request)
    comment = comment_vote_cast(
        comment=comment,
        reader_key=keys.reader_key,
        address_key=keys.address_key,
        value=value,
    )
    if wants_json(request):
        response = JsonResponse(
            {"id": comment.pk, "up": comment.upvotes, "down": comment.downvotes}
        )
    else:
        response = redirect(_comment_url(comment))
    keys.remember(response)
    return response


@require_http_methods(["GET", "POST"])
def moderation_link_view(request, token):
    """A signed approve / spam / remove link from an email: GET asks, POST acts."""
    try:
        comment, status, user = moderation_link_read(token)
    except LinkDone as done:
        return render(
            request,
            "discussion/moderated.html",
            {"comment": done.comment, "already": done.action, "done": True},
        )
    except LinkError as error:
        return render(
            request, "discussion/link_error.html", {"message": str(error)}, status=400
        )
    if request.method == "POST":
        comment = comment_moderate(
            comment=comment,
            status=status,
            reason=status,
            actor=user,
            source="email link",
        )
        return render(
            request, "discussion/moderated.html", {"comment": comment, "done": True}
        )
    return render(
        request,
        "discussion/moderated.html",
        {"comment": comment, "status": status, "done": False},
    )


def _ask_then_act(request, token, *, act, template, check=None):
    """A signed link from an email: GET asks (mail scanners open links), POST
    does it through `act(token=…)`; a bad, expired or (with `check`, already
    on GET) used link is a clear 400."""
    try:
        if request.method != "POST":
            if check is not None:
                check(token=token)
            return render(request, template, {"done": False})
        act(token=token)
    except LinkError as error:
        return render(
            request, "discussion/link_error.html", {"message": str(error)}, status=400
        )
    return render(request, template, {"done": True})


@require_http_methods(["GET", "POST"])
def replies_confirm_view(request, token):
    return _ask_then_act(
        request,
        token,
        act=replies_confirm,
        check=reply_confirm_check,
        template="discussion/replies_confirm.html",
    )


# A mail client's one-click unsubscribe (RFC 8058) is a cross-site POST with no
# CSRF token; the signed token in the address is the credential instead.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def replies_unsubscribe_view(request, token):
    return _ask_then_act(
        request,
        token,
        act=replies_unsubscribe,
        template="discussion/replies_unsubscribed.html",
    )
