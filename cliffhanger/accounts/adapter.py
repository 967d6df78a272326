"""
django-allauth, fitted to readers: their network address as the site counts
it, mail sent by the task worker, no account for staff, and no message left
waiting in a cookie (which would keep a reader off the shared page cache).
"""

import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from cliffhanger.core.privacy import client_address
from cliffhanger.core.readers import reader_network

from .services import is_staff_account, reader_get_or_create
from .tasks import send_account_mail

STAFF_USE_ADMIN = "Staff accounts sign in at the newsroom admin, with their password."
# Dropped: "signed in" is shown on no page a reader may land on (it would wait
# in a cookie), and the code page says itself what was sent, in words that
# are true whether or not the address has an account.
MESSAGES_DROPPED = {
    "account/messages/logged_in.txt",
    "account/messages/login_code_sent.txt",
}


def network_address(request) -> str:
    """
    The reader's network for rate limits: their address as the site trusts it
    (X-Forwarded-For only from our own proxies, core.privacy), an IPv6 one as
    its /64 (one home or phone has a whole /64 to pick from: core.readers).
    """
    return reader_network(client_address(request)) or "unknown"


class ReaderAccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return network_address(request)

    def populate_username(self, request, user) -> None:
        # Never derived from the email or a provider's name: nobody sees it.
        if not user.username:
            user.username = "reader-" + secrets.token_hex(12)

    def pre_login(self, request, user, **kwargs):
        if is_staff_account(user):
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            self.add_message(request, messages.ERROR, message=STAFF_USE_ADMIN)
            return HttpResponseRedirect(reverse("account_login"))
        return super().pre_login(request, user, **kwargs)

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ) -> None:
        if message_template in MESSAGES_DROPPED:
            return
        super().add_message(
            request, level, message_template, message_context, extra_tags, message
        )

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Rendered here (the request is at hand), sent by the task worker."""
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        send_account_mail.enqueue(
            subject=message.subject,
            body=message.body,
            from_email=message.from_email,
            to=list(message.to),
            html=html,
            headers=dict(message.extra_headers),
        )


class ReaderSocialAccountAdapter(DefaultSocialAccountAdapter):
    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        reader_get_or_create(user=user)
        return user
