"""
The seed page re-created in fresh words (see shared/SEED-PAGE.md): the facts
are the public record of Partner Track; every sentence is written for the demo.
"""

SEED_SECTION = "entertainment"
SEED_SLUG = "everything-we-know-about-partner-track-season-2"

SEED_ARTICLE = {
    "section": SEED_SECTION,
    "slug": SEED_SLUG,
    "title": "Everything We Know About The Possibility Of Partner Track Season 2",
    "dek": (
        "Ingrid Yun's first year at Parsons Valentine ended on a reversal nobody saw "
        "coming. Here is where a second season stands, and what its creator has said "
        "about it."
    ),
    "authors": ["ayman-bhorania"],
    "tags": ["Partner Track", "Netflix", "Renewals"],
    "published": "2022-09-20T09:00",
    "body": [
        (
            "paragraph",
            (
                "<p><i>Partner Track</i> closes its first season with Ingrid Yun standing on "
                "the wrong side of every decision she made. The associate who spent ten "
                "episodes fighting to make partner at a New York law firm ends the finale "
                "with her promotion, her relationships and her principles all pulling in "
                "different directions.</p>"
            ),
        ),
        (
            "paragraph",
            (
                "<p>Created by Georgia Lee and adapted from Helen Wan's 2013 novel <i>The "
                "Partner Track</i>, the legal drama arrived on Netflix on 26 August 2022 with "
                "all ten episodes at once. Arden Cho leads as Ingrid, with Rob Heaps as Nick, "
                "Dominic Sherwood as Jeff Murphy, Alexandra Turshen as Rachel Friedman and "
                "Bradley Gibson as Tyler Robinson.</p>"
            ),
        ),
        (
            "paragraph",
            (
                "<p>The show found an audience quickly, and the finale left enough loose "
                "threads that viewers started asking about a second season the weekend it "
                "dropped. So, is more <i>Partner Track</i> on the way?</p>"
            ),
        ),
        ("heading", {"text": "Partner Track Season 2 Renewal Status", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>As of this writing, Netflix has not announced a decision either way. "
                "The streamer usually takes a few weeks to weigh completion rates before it "
                "commits to another season, and no one involved has claimed otherwise. "
                "What we do have are two people close to the show sounding cautiously "
                "upbeat.</p>"
            ),
        ),
        (
            "quote",
            {
                "quote": (
                    "We have started talking about what a second season could look like. "
                    "Nothing is decided, but the conversations are real."
                ),
                "person": "Jinny Howe",
                "role": "Head of drama development",
                "organisation": "Netflix",
                "source": "",
                "source_url": "",
                "date": "2022-09-08",
            },
        ),
        (
            "paragraph",
            (
                "<p>The series' creator has been careful not to promise anything, while "
                "making it clear that the writers would welcome the chance to continue.</p>"
            ),
        ),
        (
            "quote",
            {
                "quote": (
                    "There is no official pickup yet. The writers' room is hopeful, and we "
                    "know exactly where we would take Ingrid next."
                ),
                "person": "Georgia Lee",
                "role": "Creator and showrunner",
                "organisation": "Partner Track",
                "source": "Deadline",
                "source_url": "https://deadline.com/",
                "date": "2022-09-12",
            },
        ),
        ("heading", {"text": "Let's Talk About The Finale Cliffhanger", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>The last episode turns Ingrid's big win into a trap. Making partner "
                "came at the cost of staying quiet about Marty Adler, and the season ends "
                "before we see what that silence costs her. Lee has said the fallout would "
                "drive a second season.</p>"
            ),
        ),
        (
            "quote",
            {
                "quote": (
                    "Season two would deal head-on with what happened with Marty Adler. We "
                    "would also dig into why Murphy does what he does, and Nick is not going "
                    "anywhere."
                ),
                "person": "Georgia Lee",
                "role": "Creator and showrunner",
                "organisation": "Partner Track",
                "source": "Deadline",
                "source_url": "https://deadline.com/",
                "date": "2022-09-12",
            },
        ),
        ("heading", {"text": "Who Else Could Return?", "level": "h3"}),
        (
            "paragraph",
            (
                "<p>If the show comes back, expect Rachel and Tyler to carry more of the "
                "story: both ended the season with unfinished business at the firm. And "
                "then there is Z, whose late arrival gave Ingrid's love life a third "
                "option.</p>"
            ),
        ),
        (
            "paragraph",
            (
                "<p>Where do you think Ingrid goes from here, and who should she end up "
                "with? Share your predictions for the next season in the comments.</p>"
            ),
        ),
    ],
    "updates": [
        (
            "2022-11-09T10:00",
            "Netflix cancelled Partner Track after one season on 8 November 2022, as "
            "first reported by Deadline.",
        ),
    ],
    "views": 950,
}
