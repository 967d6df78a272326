from django import template

from cliffhanger.accounts.selectors import user_verified_email

from ..notifications import replies_wanted
from ..selectors import (
    comment_list_of_account,
    comment_list_public_of_reader,
    comment_status_for_author,
)

register = template.Library()

# How many of their comments /account/ lists; the rest are a link away.
ACCOUNT_COMMENTS_SHOWN = 20


@register.inclusion_tag("discussion/includes/account_comments.html", takes_context=True)
def account_comments(context):
    """
    The signed-in reader's "Your comments" on /account/, with the reply
    emails switch: three queries (their latest comments, their verified
    address, whether it wants reply emails), however many comments.
    """
    user = context["request"].user
    comments = list(comment_list_of_account(account=user)[: ACCOUNT_COMMENTS_SHOWN + 1])
    email = user_verified_email(user=user)
    return {
        "comments": comments[:ACCOUNT_COMMENTS_SHOWN],
        "has_more": len(comments) > ACCOUNT_COMMENTS_SHOWN,
        "can_get_replies": email is not None,
        "replies_on": email is not None and replies_wanted(email=email),
    }


@register.inclusion_tag("discussion/includes/profile_comments.html")
def profile_comments(reader):
    """A reader's latest public comments on their public profile: one query."""
    return {
        "reader": reader,
        "comments": list(comment_list_public_of_reader(reader=reader)),
    }


@register.filter
def own_comment_status(comment) -> str:
    """The comment's status in words for its author ("" when public)."""
    return comment_status_for_author(comment=comment)
