"""
The predictions' part of a reader's data download: poll votes and season
ratings. They are kept per browser, never per account, so the download has
the ones cast from the browser that asked; account deletion leaves them
counted, anonymous as they always were.
"""

from cliffhanger.accounts.personal_data import Holder

from .models import PollVote, SeasonRating


def predictions_data_export(holder: Holder) -> dict:
    if not holder.reader_key:
        return {"poll_votes_from_this_browser": [], "ratings_from_this_browser": []}
    votes = (
        PollVote.objects.filter(reader_key=holder.reader_key)
        .select_related("poll", "option")
        .order_by("pk")
    )
    ratings = (
        SeasonRating.objects.filter(reader_key=holder.reader_key)
        .select_related("season__show")
        .order_by("pk")
    )
    return {
        "poll_votes_from_this_browser": [
            {
                "poll": vote.poll.question,
                "choice": vote.option.label,
                "voted_at": vote.created_at.isoformat(),
            }
            for vote in votes
        ],
        "ratings_from_this_browser": [
            {
                "show": rating.season.show.title,
                "season": rating.season.number,
                "stars": rating.stars,
                "rated_at": rating.created_at.isoformat(),
            }
            for rating in ratings
        ],
    }
