"""Reads for the discussion: a page of a thread built in one pass, feeds, permalinks."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet

from .models import ArticleDiscussion, Comment, CommentStatus

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


@dataclass
class ThreadPage:
    items: list[ThreadItem]
    comment_count: int
    sort: str
    page_obj: object
    is_open: bool = True


def _discussion_state(*, article) -> dict:
    """The article's stored count and closed flag, in one query."""
    return ArticleDiscussion.objects.filter(article=article).values(
        "comment_count", "closed"
    ).first() or {"comment_count": 0, "closed": False}


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


def comment_thread_page(
    *, article, sort: str = DEFAULT_SORT, page=None, own_pending_ids=()
) -> ThreadPage:
    """
    One page of top-level comments with all their replies, in four queries
    whatever the thread's size: the stored count and closed flag, the number
    of roots, the page of roots inside every comment under those roots (one
    query, the tree built in one pass).
    """
    sort = sort if sort in SORTS else DEFAULT_SORT
    state = _discussion_state(article=article)
    roots = _listed_roots(article=article).order_by(*SORTS[sort])
    paginator = Paginator(
        roots.values_list("pk", flat=True), settings.DISCUSSION_COMMENTS_PER_PAGE
    )
    page_obj = paginator.get_page(page)
    root_ids = list(page_obj.object_list)
    # The reader's own comments awaiting moderation are shown to them (only).
    own = Q(
        pk__in=sorted(own_pending_ids)[:50],
        article=article,
        status=CommentStatus.PENDING,
    )
    rows = [
        ThreadComment(*row)
        for row in Comment.objects.filter(
            Q(root_id__in=root_ids, status__in=THREAD_STATUSES) | own
        )
        .order_by("created_at", "pk")
        .values_list(*THREAD_COLUMNS)
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
        ),
        comment_count=state["comment_count"],
        sort=sort,
        page_obj=page_obj,
        is_open=discussion_is_open(article=article, closed=state["closed"]),
    )


def _thread_items(
    *, rows: list[ThreadComment], root_order: list[int], own_pending_ids=frozenset()
) -> list[ThreadItem]:
    """Nest rows (parents before children) and flatten them in display order."""
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

    def walk(comment: ThreadComment) -> int:
        """Append the comment and its subtree; return how many lists end with it."""
        kids = [child for child in children.get(comment.pk, []) if visible(child)]
        item = ThreadItem(comment=comment, has_children=bool(kids))
        items.append(item)
        if not kids:
            return 0
        for kid in kids[:-1]:
            walk(kid)
        # The last item of the last child's subtree also ends this comment's list.
        closes = walk(kids[-1]) + 1
        items[-1].closes = range(closes)
        return closes

    for root_id in root_order:
        root = by_id.get(root_id)
        if root is not None and visible(root):
            walk(root)
    return items


def comment_get_public(*, comment_id: int) -> Comment | None:
    return (
        Comment.objects.select_related("article")
        .filter(pk=comment_id, status=CommentStatus.APPROVED)
        .first()
    )


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


def comment_list_latest(*, article=None, limit: int = 30) -> QuerySet:
    """Newest public comments, site-wide or on one article, for feeds."""
    comments = Comment.objects.filter(status=CommentStatus.APPROVED).select_related(
        "article"
    )
    if article is not None:
        comments = comments.filter(article=article)
    return comments.order_by("-created_at", "-pk")[:limit]


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
    from datetime import timedelta

    from django.utils import timezone

    if closed is None:
        closed = _discussion_state(article=article)["closed"]
    if closed:
        return False
    days = settings.DISCUSSION_CLOSE_AFTER_DAYS
    published = article.first_published_at
    return not (
        days and published and published < timezone.now() - timedelta(days=days)
    )
