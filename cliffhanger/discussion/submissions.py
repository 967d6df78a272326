"""
A reader's comment, from what they sent to a stored comment: the one path
every post takes (the form, and its JSON twin comments.js uses).

    commenter = Commenter(account=user_or_none, reader=profile_or_none, address=ip)
    standing = comment_submission_open(article=a, commenter=commenter, fields=None)
    comment = comment_submit(article=a, commenter=commenter, fields=cleaned,
                             standing=standing, automated=False)

comment_submission_open refuses a post before its fields matter (comments
closed, a banned account, too many posts from the network: CommentRefused);
comment_submit checks what only stored data can say (the comment answered,
a duplicate), names a signed-in reader on their first comment, and stores
the comment through comment_create, which moderates it. Field errors come
back as a ValidationError keyed by field (NON_FIELD_ERRORS for the form).
Bulk imports (moving.comments_import) insert thousands of rows at once and
keep their own path.
"""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from cliffhanger.accounts.services import reader_display_name_set
from cliffhanger.core.privacy import client_hash

from .models import Comment, CommentStatus
from .policies import Standing, submission_standing_read
from .selectors import discussion_is_open
from .services import (
    ACCOUNT_BANNED,
    COMMENT_DUPLICATE,
    COMMENTS_CLOSED,
    comment_create,
    comment_parent_get,
    comment_rate_limited,
)

BOT_CHECK_REASON = "bot_check"
RATE_LIMITED = "You are commenting faster than we allow. Please wait a minute and try again; your text is not lost if you go back."


@dataclass(frozen=True)
class Commenter:
    """Who is posting: a signed-in account (and its profile) or nobody, and from where."""

    account: object | None
    reader: object | None  # accounts.Reader of the account
    address: str

    @property
    def ip_hash(self) -> str:
        return client_hash(self.address)

    def name(self, fields: dict) -> str:
        """The name the comment shows: the account's display name at the time,
        or the one typed in the form."""
        if self.reader is not None:
            return self.reader.name_shown
        return fields["author_name"]


class CommentRefused(Exception):
    """The post is refused whatever it says; `status` is the HTTP answer."""

    CLOSED, BANNED, TOO_MANY = "closed", "banned", "too_many"
    MESSAGES = {CLOSED: COMMENTS_CLOSED, BANNED: ACCOUNT_BANNED, TOO_MANY: RATE_LIMITED}
    STATUSES = {CLOSED: 403, BANNED: 403, TOO_MANY: 429}

    def __init__(self, why: str):
        super().__init__(self.MESSAGES[why])
        self.why = why
        self.message = self.MESSAGES[why]
        self.status = self.STATUSES[why]


def comment_submission_open(
    *, article, commenter: Commenter, fields: dict | None
) -> Standing:
    """
    One query for the discussion's state and every check against stored
    comments and bans (`fields` None: the form had errors, so no duplicate
    check), then refuse in this order: closed, banned account, too many.
    """
    account = commenter.account
    standing = submission_standing_read(
        article=article,
        body=fields["body"] if fields is not None else None,
        author_name=(
            commenter.name(fields) if fields is not None and account is None else ""
        ),
        author_email=(
            account.email
            if account is not None
            else (fields or {}).get("author_email", "")
        ),
        ip_hash=commenter.ip_hash,
        account_id=account.pk if account is not None else None,
    )
    if not discussion_is_open(article=article, closed=standing.closed):
        raise CommentRefused(CommentRefused.CLOSED)
    if standing.account_banned:
        raise CommentRefused(CommentRefused.BANNED)
    if comment_rate_limited(ip_hash=commenter.ip_hash):
        raise CommentRefused(CommentRefused.TOO_MANY)
    return standing


def comment_submit(
    *,
    article,
    commenter: Commenter,
    fields: dict,
    standing: Standing,
    automated: bool = False,
) -> Comment:
    """
    Store the comment the form's cleaned `fields` describe, moderated
    (`automated`: a bot check failed, so it is kept as spam for the record).
    Raises ValidationError keyed by field when stored data says no.
    """
    try:
        parent = comment_parent_get(article=article, parent_id=fields.get("parent"))
    except ValidationError as error:
        raise ValidationError({NON_FIELD_ERRORS: error.messages}) from None
    if standing.duplicate:
        raise ValidationError({"body": COMMENT_DUPLICATE})
    if "display_name" in fields:
        try:  # their first comment signed in names the account
            reader_display_name_set(
                reader=commenter.reader, display_name=fields["display_name"]
            )
        except ValidationError as error:
            raise ValidationError({"display_name": error.messages}) from None
    reader = commenter.reader
    comment = comment_create(
        article=article,
        parent=parent,
        body=fields["body"],
        author_name=commenter.name(fields),
        author_email=fields.get("author_email", ""),
        author_url=fields.get("author_url", ""),
        notify_replies=fields.get("notify_replies", False),
        account=commenter.account,
        avatar_seed=reader.avatar_seed if reader is not None else "",
        ip_address=commenter.address,
        standing=standing,
        **(
            {"status": CommentStatus.SPAM, "reason": BOT_CHECK_REASON}
            if automated
            else {}
        ),
    )
    comment.article = article
    return comment
