"""Reads for the discussion: a page of a thread built in one pass, feeds, permalinks."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from cliffhanger.core.db.prepared import PreparedQuery
from cliffhanger.newsroom.selectors import article_get_live, article_ids_live_public

from .models import (
    ArticleDiscussion,
    Comment,
    CommenterBan,
    CommentStatus,
    ModerationAction,
)

SORTS = {
    # Editors' picks first, then the reader's chosen order.
    "oldest": ("-is_editors_pick", "created_at", "pk"),
    "newest": ("-is_editors_pick", "-created_at", "-pk"),
    "best": ("-is_editors_pick", "-score", "created_at", "pk"),
}
DEFAULT_SORT = "oldest"
# Comments that are not public stay in the tree as placeholders when public
# replies hang on them, so a thread never loses its shape.
THREAD_STATUSES = CommentStatus.values
# How long a reader sees their own held comment (as cookies.PENDING_DAYS).
OWN_PENDING_DAYS = 7


@dataclass(slots=True)
class ThreadComment:
    """
    The columns of a comment a thread page shows, read with values_list():
    building a model instance per row cost more than rendering it. Read-only;
    anything that writes or follows a relation fetches the Comment.
    """

    pk: int
    parent_id: int | None
    depth: int
    number: int | None
    status: str
    is_editors_pick: bool
    author_name: str
    author_url: str
    avatar_seed: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    upvotes: int
    downvotes: int
    reply_count: int
    author_verified: bool = False
    is_own_pending: bool = False

    @property
    def is_public(self) -> bool:
        return self.status == CommentStatus.APPROVED


# ThreadComment's fields in order, as the query reads them.
THREAD_COLUMNS = [
    name for name in ThreadComment.__dataclass_fields__ if name != "is_own_pending"
]


@dataclass
class ThreadItem:
    """A comment in display order with what the template needs to nest it."""

    comment: ThreadComment
    has_children: bool = False
    closes: range = field(default_factory=lambda: range(0))
    # On the last comment shown of a top-level thread whose later replies are
    # left for its own page (?cthread=<root>): how many, and that root.
    more_replies: int = 0
    thread_root: int | None = None


@dataclass
class ThreadPage:
    items: list[ThreadItem]
    comment_count: int
    sort: str
    page_obj: object
    is_open: bool = True
    # One top-level comment with every reply (?cthread=), instead of a page.
    thread_root: int | None = None


_DISCUSSION_STATE = PreparedQuery(
    lambda article_id: (
        ArticleDiscussion.objects.filter(article_id=article_id)
        .order_by("pk")
        .values_list("comment_count", "closed")[:1]
    )
)


def _discussion_state(*, article) -> dict:
    """The article's stored count and closed flag, in one query."""
    for comment_count, closed in _DISCUSSION_STATE(article_id=article.pk):
        return {"comment_count": comment_count, "closed": closed}
    return {"comment_count": 0, "closed": False}


def discussion_comment_count(*, article) -> int:
    return (
        ArticleDiscussion.objects.filter(article=article)
        .values_list("comment_count", flat=True)
        .first()
        or 0
    )


def _listed_roots(*, article) -> QuerySet:
    return Comment.objects.filter(article=article, depth=0).filter(
        status=CommentStatus.APPROVED
    ) | Comment.objects.filter(article=article, depth=0, reply_count__gt=0)


def _roots_query(*, article_id, thread_root) -> QuerySet:
    roots = _listed_roots(article=article_id)
    if thread_root is not None:
        roots = roots.filter(pk=thread_root)
    return roots


# The listed roots' number (grouped by the article: one group) and a page of
# their ids; the page's bounds are compiled in, so each page is a shape.
_ROOT_COUNT = PreparedQuery(
    lambda article_id, thread_root: (
        _roots_query(article_id=article_id, thread_root=thread_root)
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values_list("count")
    )
)
_ROOT_PAGE = PreparedQuery(
    lambda article_id, thread_root, sort, start, stop: (
        _roots_query(article_id=article_id, thread_root=thread_root)
        .order_by(*SORTS[sort])
        .values_list("pk")[start:stop]
    ),
    literal=("sort", "start", "stop"),
)


@dataclass
class _ListedRoots:
    """The listed roots as the paginator reads them: a count and a slice."""

    article_id: int
    thread_root: int | None
    sort: str

    def count(self) -> int:
        rows = _ROOT_COUNT(article_id=self.article_id, thread_root=self.thread_root)
        return rows[0][0] if rows else 0

    def __getitem__(self, page: slice) -> list[int]:
        if page.stop is not None and page.stop <= (page.start or 0):
            return []  # no comments yet: an empty slice, which SQL cannot prepare
        return [
            pk
            for (pk,) in _ROOT_PAGE(
                article_id=self.article_id,
                thread_root=self.thread_root,
                sort=self.sort,
                start=page.start,
                stop=page.stop,
            )
        ]


def _thread_rows_query(*, root_ids, own_pending_ids, article_id, thread_root):
    own = Q(pk__in=own_pending_ids, article=article_id, status=CommentStatus.PENDING)
    if thread_root is not None:
        own &= Q(root_id=thread_root)
    return _thread_rows_of(Q(root_id__in=root_ids, status__in=THREAD_STATUSES) | own)


_THREAD_ROWS = PreparedQuery(_thread_rows_query)


def comment_thread_page(
    *,
    article,
    sort: str = DEFAULT_SORT,
    page=None,
    own_pending_ids=(),
    thread_root: int | None = None,
) -> ThreadPage:
    """
    One page of top-level comments, each with its first
    DISCUSSION_REPLIES_SHOWN replies (the rest a link away), in four queries
    whatever the thread's size: the stored count and closed flag, the number
    of roots, the page of roots inside every comment under those roots (one
    query, the tree built in one pass). With `thread_root` (a top-level
    comment of this article, as comment_thread_root() checked it), that
    comment alone with every reply.
    """
    sort = sort if sort in SORTS else DEFAULT_SORT
    state = _discussion_state(article=article)
    paginator = Paginator(
        _ListedRoots(article.pk, thread_root, sort),
        settings.DISCUSSION_COMMENTS_PER_PAGE,
    )
    page_obj = paginator.get_page(page if thread_root is None else 1)
    root_ids = list(page_obj.object_list)
    # The reader's own comments awaiting moderation are shown to them (only).
    rows = [
        ThreadComment(*row)
        for row in _THREAD_ROWS(
            root_ids=root_ids,
            own_pending_ids=sorted(own_pending_ids)[:50],
            article_id=article.pk,
            thread_root=thread_root,
        )
    ]
    pending_roots = [
        c.pk
        for c in rows
        if c.depth == 0 and c.status == CommentStatus.PENDING and c.pk not in root_ids
    ]
    return ThreadPage(
        items=_thread_items(
            rows=rows,
            root_order=root_ids + pending_roots,
            own_pending_ids=set(own_pending_ids),
            replies_shown=(
                None if thread_root is not None else settings.DISCUSSION_REPLIES_SHOWN
            ),
        ),
        comment_count=state["comment_count"],
        sort=sort,
        page_obj=page_obj,
        is_open=discussion_is_open(article=article, closed=state["closed"]),
        thread_root=thread_root,
    )


def _thread_rows(condition: Q) -> list[ThreadComment]:
    """The comments matching `condition`, oldest first, as ThreadComments (one query)."""
    return [ThreadComment(*row) for row in _thread_rows_of(condition)]


def _thread_rows_of(condition: Q) -> QuerySet:
    return (
        Comment.objects.filter(condition)
        .order_by("created_at", "pk")
        .values_list(*THREAD_COLUMNS)
    )


def comment_thread_root(*, article, value) -> int | None:
    """`value` (a ?cthread=) as the id of one of the article's listed top-level
    comments, or None: one query, only when there is a value to check."""
    try:
        root_id = int(value)
    except (TypeError, ValueError):
        return None
    if not 0 < root_id < 2**63:
        return None
    if not _listed_roots(article=article).filter(pk=root_id).exists():
        return None  # not a listed top-level comment here: the usual page
    return root_id


def _thread_items(
    *,
    rows: list[ThreadComment],
    root_order: list[int],
    own_pending_ids=frozenset(),
    replies_shown: int | None = None,
) -> list[ThreadItem]:
    """
    Nest rows (parents before children) and flatten them in display order;
    with `replies_shown`, each top-level comment keeps only its first replies
    in that order (their parents always come before them, so the shape holds).
    """
    children: dict[int, list[ThreadComment]] = {}
    by_id: dict[int, ThreadComment] = {}
    for comment in rows:
        comment.is_own_pending = (
            comment.status == CommentStatus.PENDING and comment.pk in own_pending_ids
        )
        by_id[comment.pk] = comment
        if comment.parent_id is not None:
            children.setdefault(comment.parent_id, []).append(comment)

    shown: dict[int, bool] = {}

    def visible(comment: ThreadComment) -> bool:
        # A removed comment shows as a placeholder only while replies hang on it.
        if comment.pk not in shown:
            shown[comment.pk] = (
                comment.is_public
                or comment.is_own_pending
                or any(visible(child) for child in children.get(comment.pk, []))
            )
        return shown[comment.pk]

    items: list[ThreadItem] = []
    for root_id in root_order:
        root = by_id.get(root_id)
        if root is None or not visible(root):
            continue
        levels = _in_display_order(root, children, visible)
        hidden = 0
        if replies_shown is not None and len(levels) - 1 > replies_shown:
            hidden = len(levels) - 1 - replies_shown
            levels = levels[: max(replies_shown, 1) + 1]
        items += _nested(levels, hidden_replies=hidden)
    return items


def _in_display_order(root, children, visible) -> list[tuple[ThreadComment, int]]:
    """The root and its visible replies, each with its level under the root."""
    ordered, stack = [], [(root, 0)]
    while stack:
        comment, level = stack.pop()
        ordered.append((comment, level))
        kids = [child for child in children.get(comment.pk, []) if visible(child)]
        stack.extend((kid, level + 1) for kid in reversed(kids))
    return ordered


def _nested(levels, *, hidden_replies: int) -> list[ThreadItem]:
    """
    ThreadItems for one top-level comment's rows: a comment opens a list when
    the next is deeper, and closes as many as the next one climbs back.
    """
    items = []
    for index, (comment, level) in enumerate(levels):
        following = levels[index + 1][1] if index + 1 < len(levels) else 0
        item = ThreadItem(comment=comment, has_children=following > level)
        item.closes = range(max(level - following, 0))
        items.append(item)
    if hidden_replies:
        items[-1].more_replies = hidden_replies
        items[-1].thread_root = levels[0][0].pk
    return items


def comment_ids_of_account(*, article, account, now=None) -> tuple[set, set]:
    """
    The signed-in reader's comments on the article that are theirs to show
    as theirs, on any device: (those still in the edit window, those awaiting
    moderation from the past week). One query, on the (account, status) index.
    """
    now = now or timezone.now()
    edit_since = now - timedelta(minutes=settings.DISCUSSION_EDIT_MINUTES)
    pending_since = now - timedelta(days=OWN_PENDING_DAYS)
    rows = Comment.objects.filter(article=article, account=account).filter(
        Q(created_at__gte=edit_since)
        | Q(status=CommentStatus.PENDING, created_at__gte=pending_since)
    )
    owned, pending = set(), set()
    for pk, status, created_at in rows.values_list("pk", "status", "created_at"):
        if created_at >= edit_since:
            owned.add(pk)
        if status == CommentStatus.PENDING:
            pending.add(pk)
    return owned, pending


def comment_get_public(*, comment_id: int) -> Comment | None:
    """An approved comment on a published, public article; else None."""
    comment = (
        Comment.objects.select_related("article")
        .filter(pk=comment_id, status=CommentStatus.APPROVED)
        .first()
    )
    if comment is None or article_get_live(article_id=comment.article_id) is None:
        return None  # a draft's or a private article's comments are not public
    return comment


def comment_page_number(*, comment: Comment) -> int:
    """Which page of the default order holds the comment's thread."""
    root = comment if comment.depth == 0 else Comment.objects.get(pk=comment.root_id)
    before = (
        _listed_roots(article=comment.article)
        .filter(created_at__lt=root.created_at)
        .count()
    )
    picks = _listed_roots(article=comment.article).filter(is_editors_pick=True)
    if not root.is_editors_pick:
        before += picks.filter(created_at__gte=root.created_at).count()
    return before // settings.DISCUSSION_COMMENTS_PER_PAGE + 1


def comment_location_query(*, comment: Comment) -> str:
    """
    The query string of the thread page that shows the comment: its
    top-level comment's own page when the reply is past the first
    DISCUSSION_REPLIES_SHOWN, else the page of the default order ("" for 1).
    """
    if comment.depth > 0 and _is_past_the_replies_shown(comment):
        return f"?cthread={comment.root_id}"
    page = comment_page_number(comment=comment)
    return f"?cpage={page}" if page > 1 else ""


def _is_past_the_replies_shown(comment: Comment) -> bool:
    rows = _thread_rows(Q(root_id=comment.root_id, status__in=THREAD_STATUSES))
    items = _thread_items(rows=rows, root_order=[comment.root_id])
    order = [item.comment.pk for item in items]
    return (
        comment.pk not in order
        or order.index(comment.pk) > settings.DISCUSSION_REPLIES_SHOWN
    )


def comment_list_latest(*, article=None, limit: int = 30) -> QuerySet:
    """Newest public comments, site-wide or on one article, for feeds."""
    comments = Comment.objects.filter(status=CommentStatus.APPROVED).select_related(
        "article"
    )
    if article is not None:
        comments = comments.filter(article=article)
    else:  # never a draft's, an unpublished or a private article's
        comments = comments.filter(article_id__in=article_ids_live_public())
    return comments.order_by("-created_at", "-pk")[:limit]


# A reader's own comment, as their history on /account/ names its status.
OWN_COMMENT_STATUS = {
    CommentStatus.PENDING: "Held for review",
    CommentStatus.SPAM: "Not published: marked as spam",
    CommentStatus.REMOVED: "Removed by a moderator",
}
OWN_COMMENT_DELETED = "Deleted by you"
# What a history or a profile shows of a comment and its article: never the
# article's body (a StreamField), nor anything the list does not print.
_LISTED_COLUMNS = (
    "pk",
    "article_id",
    "body",
    "status",
    "moderation_reason",
    "created_at",
    "article__title",
)


def comment_list_of_account(*, account) -> QuerySet:
    """
    Every comment the account wrote, newest first, whatever became of it,
    each with `article_is_public` (its article is published and public) and
    `shows_link` (approved too: its permalink leads somewhere). One query
    however long the list; slice or paginate it.
    """
    live_public = article_ids_live_public().filter(pk=OuterRef("article_id"))
    return (
        Comment.objects.filter(account=account)
        .select_related("article")
        .only(*_LISTED_COLUMNS)
        .annotate(article_is_public=Exists(live_public))
        .annotate(
            shows_link=ExpressionWrapper(
                Q(article_is_public=True, status=CommentStatus.APPROVED),
                output_field=BooleanField(),
            )
        )
        .order_by("-created_at", "-pk")
    )


def comment_status_for_author(*, comment: Comment) -> str:
    """The comment's status in words for the one who wrote it; "" when public."""
    if (
        comment.status == CommentStatus.REMOVED
        and comment.moderation_reason == "deleted_by_author"
    ):
        return OWN_COMMENT_DELETED
    return OWN_COMMENT_STATUS.get(comment.status, "")


def comment_list_public_of_reader(*, reader, limit: int = 20) -> QuerySet:
    """
    The reader's latest approved comments on published, public articles, for
    their public profile: never a held, removed or spam one, never one on a
    draft or a private article. One query (`reader` is an accounts.Reader).
    """
    return (
        Comment.objects.filter(
            account__reader=reader,
            status=CommentStatus.APPROVED,
            article_id__in=article_ids_live_public(),
        )
        .select_related("article")
        .only(*_LISTED_COLUMNS)
        .order_by("-created_at", "-pk")[:limit]
    )


def comment_reply_target(*, article, comment_id) -> Comment | None:
    """The public comment on this article a no-JavaScript reply form answers."""
    try:
        pk = int(comment_id)
    except (TypeError, ValueError):
        return None
    return Comment.objects.filter(
        pk=pk, article=article, status=CommentStatus.APPROVED
    ).first()


def discussion_is_open(*, article, closed: bool | None = None) -> bool:
    """
    Open unless closed on the article, or older than DISCUSSION_CLOSE_AFTER_DAYS
    (0: never). Pass `closed` when the discussion row is already at hand.
    """
    if closed is None:
        closed = _discussion_state(article=article)["closed"]
    if closed:
        return False
    days = settings.DISCUSSION_CLOSE_AFTER_DAYS
    published = article.first_published_at
    return not (
        days and published and published < timezone.now() - timedelta(days=days)
    )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def comment_counts_per_day(*, since: date, until: date) -> dict[date, int]:
    """
    Comments posted per day from `since` to `until` (both included, in the
    site's time zone), whatever became of them. Days without any are left out.
    """
    return dict(
        Comment.objects.filter(
            created_at__gte=_day_start(since),
            created_at__lt=_day_start(until + timedelta(days=1)),
        )
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(comments=Count("pk"))
        .order_by("day")
        .values_list("day", "comments")
    )


def moderation_queue_sizes(*, since: date, until: date) -> dict[date, int]:
    """
    How many comments awaited moderation at the end of each day from `since`
    to `until` (today, at the latest). Worked back from the queue as it is
    now through the audit trail: every change of status, a held new comment
    included, is a ModerationAction row, so entries into and out of "pending"
    on a day undo to give the day before. Two queries.
    """
    today = timezone.localdate()
    pending = CommentStatus.PENDING
    moves = {
        row["day"]: row["entered"] - row["left"]
        for row in ModerationAction.objects.filter(
            created_at__gte=_day_start(since + timedelta(days=1))
        )
        .exclude(from_status=F("to_status"))
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(
            entered=Count("pk", filter=Q(to_status=pending)),
            left=Count("pk", filter=Q(from_status=pending)),
        )
        .order_by("day")
    }
    size = Comment.objects.filter(status=pending).count()
    sizes = {}
    day = today
    while day >= since:
        if day <= until:
            sizes[day] = size
        size -= moves.get(day, 0)  # the end of the day before
        day -= timedelta(days=1)
    return dict(sorted(sizes.items()))


PROFILE_HIDDEN_WHILE_BANNED = (
    "Your profile page stays hidden while your account is banned from commenting."
)


def account_ban_in_force(*, account_id: int) -> CommenterBan | None:
    """The account's ban that has not expired, if it has one."""
    return (
        CommenterBan.objects.filter(
            kind=CommenterBan.Kind.ACCOUNT, account_id=account_id
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .first()
    )


def account_profile_block_reason(user_id: int) -> str | None:
    """accounts.restrictions' check: a ban in force on the account hides its profile."""
    banned = account_ban_in_force(account_id=user_id) is not None
    return PROFILE_HIDDEN_WHILE_BANNED if banned else None
