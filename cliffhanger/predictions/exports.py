"""CSV export of a poll's votes: option and time only, never the reader hashes."""

import csv

from django.http import StreamingHttpResponse

from .models import PollVote


class _Echo:
    def write(self, value):
        return value


def poll_votes_csv(*, poll) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    votes = (
        PollVote.objects.filter(poll=poll)
        .select_related("option")
        .order_by("created_at", "pk")
        .values_list("option__label", "created_at")
        .iterator()
    )
    rows = (
        writer.writerow([label, created_at.isoformat()]) for label, created_at in votes
    )
    header = writer.writerow(["option", "voted_at"])
    response = StreamingHttpResponse(
        (line for part in ([header], rows) for line in part), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}-votes.csv"'
    return response
