"""Fifty parallel votes from one reader against the real server count exactly once."""

import re
from concurrent.futures import ThreadPoolExecutor

from cliffhanger.testing.reader import Reader

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"
PARALLEL_VOTES = 50


def _open_poll(html: str) -> tuple[str, str, str]:
    form = re.search(
        r'action="(/polls/\d+/vote/)" data-poll-form>.*?name="csrfmiddlewaretoken" value="([^"]+)".*?name="option" value="(\d+)"',
        html,
        re.S,
    )
    return form.group(1), form.group(2), form.group(3)


def test_parallel_poll_votes_from_one_reader_count_once(live_site):
    reader = Reader(live_site, "PollVoteTest/1.0")
    action, token, option = _open_poll(reader.get(ARTICLE_PATH))

    def vote(_):
        return reader.post_json(action, {"option": option}, token)

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(vote, range(PARALLEL_VOTES)))

    assert {status for status, _ in results} == {200}
    assert sum(1 for _, data in results if data["counted"]) == 1
    totals = {data["total"] for _, data in results}
    status, again = vote(None)
    assert again["counted"] is False
    assert again["total"] == max(totals)
