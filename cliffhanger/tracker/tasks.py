"""Background work for the tracker (django-tasks; the database backend by default)."""

from django_tasks import task

from .follow_mail import follow_confirmation_send, status_change_notify
from .social_cards import social_card_make_for_article, social_cards_make_for_show


@task()
def send_follow_confirmation(follow_id: int) -> None:
    follow_confirmation_send(follow_id=follow_id)


@task()
def notify_followers(change_id: int) -> int:
    return status_change_notify(change_id=change_id)


# Cards are drawn on first request anyway: mail to followers goes first.
SOCIAL_CARDS_PRIORITY = -10


@task(priority=SOCIAL_CARDS_PRIORITY)
def make_show_social_cards(show_id: int) -> int:
    return social_cards_make_for_show(show_id=show_id)


@task(priority=SOCIAL_CARDS_PRIORITY)
def make_article_social_card(article_id: int) -> int:
    return social_card_make_for_article(article_id=article_id)
