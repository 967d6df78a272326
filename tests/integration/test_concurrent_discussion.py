"""
Concurrency against the real server (two gunicorn processes with threads, one
SQLite database in WAL mode): parallel posts keep the count and the numbering
exact, and parallel votes from one reader count once.
"""

import re
from concurrent.futures import ThreadPoolExecutor

from cliffhanger.testing.reader import Reader, comment_post_action, form_token

ARTICLE_PATH = "/entertainment/everything-we-know-about-partner-track-season-2/"
PARALLEL_POSTS = 40
PARALLEL_VOTES = 50


def _comment_count(html: str) -> int:
    return int(re.search(r"<span data-comment-count>(\d+)</span>", html).group(1))


def test_parallel_posts_keep_count_and_numbers_exact(live_site):
    reader = Reader(live_site, "ConcurrencyTest/1.0")
    html = reader.get(ARTICLE_PATH)
    token, action, before = (
        form_token(html),
        comment_post_action(html),
        _comment_count(html),
    )

    def post(n: int):
        return reader.post_json(
            action,
            {"body": f"Parallel comment {n}", "author_name": f"Reader {n}"},
            token,
        )

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(post, range(PARALLEL_POSTS)))

    assert [status for status, _ in results] == [201] * PARALLEL_POSTS
    counts = sorted(data["comment_count"] for _, data in results)
    assert counts[-1] == before + PARALLEL_POSTS
    after = reader.get(ARTICLE_PATH)
    assert _comment_count(after) == before + PARALLEL_POSTS
    pages = re.search(r"Comments page 1 of (\d+)", after)
    numbers = []
    for page in range(1, int(pages.group(1)) + 1 if pages else 2):
        html = reader.get(f"{ARTICLE_PATH}?cpage={page}")
        numbers += [
            int(n)
            for n in re.findall(
                r'Comment number </span><span class="comment__number-value">(\d+)<',
                html,
            )
        ]
    assert sorted(numbers) == list(range(1, len(numbers) + 1))  # 1..N, none twice


def test_parallel_votes_from_one_reader_count_once(live_site):
    reader = Reader(live_site, "VoteTest/1.0")
    html = reader.get(ARTICLE_PATH)
    token = form_token(html)
    comment_id = re.search(r'action="/comments/(\d+)/vote/"', html).group(1)

    def vote(_):
        return reader.post_json(f"/comments/{comment_id}/vote/", {"value": "up"}, token)

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(vote, range(PARALLEL_VOTES)))

    assert {status for status, _ in results} == {200}
    final_up = {data["up"] for _, data in results}
    assert len(final_up) == 1  # every answer saw the same single vote
    status, data = vote(None)
    assert data["up"] == final_up.pop()
