from django import template

from cliffhanger.accounts.selectors import user_verified_email
from cliffhanger.tracker.selectors import (
    show_follow_list_for_account,
    show_list_to_follow,
)

register = template.Library()


@register.inclusion_tag("tracker/includes/account_follows.html", takes_context=True)
def account_follows(context):
    """The signed-in reader's "Shows you follow" on /account/: three queries."""
    user = context["request"].user
    return {
        "follows": list(show_follow_list_for_account(account=user)),
        "shows": list(show_list_to_follow(account=user)),
        "can_follow": user_verified_email(user=user) is not None,
    }
