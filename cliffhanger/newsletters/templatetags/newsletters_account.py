from django import template

from cliffhanger.accounts.selectors import user_verified_email
from cliffhanger.newsletters.selectors import newsletter_list_for_account

register = template.Library()


@register.inclusion_tag(
    "newsletters/includes/account_newsletters.html", takes_context=True
)
def account_newsletters(context):
    """The signed-in reader's "Newsletters" on /account/: two queries."""
    user = context["request"].user
    return {
        "newsletters": list(newsletter_list_for_account(account=user)),
        "can_subscribe": user_verified_email(user=user) is not None,
    }
