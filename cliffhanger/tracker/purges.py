"""Which public addresses show a show or the board, for caching/purge.py."""

from django.urls import reverse

from cliffhanger.caching.purge import purge_after_commit, purge_urls, purges_enabled

from .models import Show


def board_purge() -> None:
    """The renewal board, now (every tracker change shows there)."""
    if purges_enabled():
        purge_urls([reverse("tracker:show_board")])


def board_purge_soon() -> None:
    purge_after_commit("board", lambda: [reverse("tracker:show_board")], coalesce=True)


def show_purge_soon(*, show_id: int) -> None:
    """A show's page after readers' changes (ratings, poll votes), coalesced."""

    def urls() -> list[str]:
        show = Show.objects.filter(pk=show_id).only("slug").first()
        return [show.get_absolute_url()] if show is not None else []

    purge_after_commit(f"show:{show_id}", urls, coalesce=True)
