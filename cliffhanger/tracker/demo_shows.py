"""
The tracker's demo data: networks, shows, seasons, their status histories,
statements and the demo articles that cover them.

Facts (networks, creators, cast, dates, episode counts, renewals and
cancellations) are the public record as reported at the time; synopses and
notes are written for the demo. Sources name the outlet that reported a
change and link to its home page, not to a particular story. The people
quoted in STATEMENTS other than the seed page's two are invented, at invented
outlets, and say so in their bios.

A history entry is (status, effective date, source outlet, source URL, note).
Entries are recorded in list order, which is not always date order: the
current status is whichever entry has the latest effective date. By
convention a renewal is recorded twice: on the season that was renewed (its
future is settled) and as the first entry of the season that was ordered.
"""

from __future__ import annotations

DEADLINE = ("Deadline", "https://deadline.com/")
VARIETY = ("Variety", "https://variety.com/")
NETFLIX = ("Netflix", "https://about.netflix.com/")
TUDUM = ("Netflix Tudum", "https://www.netflix.com/tudum")
HBO = ("HBO", "https://www.hbo.com/")
APPLE = ("Apple TV+", "https://www.apple.com/newsroom/")
FX = ("FX", "https://www.fxnetworks.com/")
ABC = ("ABC", "https://abc.com/")
PRIME = ("Prime Video", "https://www.aboutamazon.com/")
NO_SOURCE = ("", "")

# (slug, name, kind, website)
NETWORKS = [
    ("netflix", "Netflix", "streaming", "https://www.netflix.com/"),
    ("hbo", "HBO", "cable", "https://www.hbo.com/"),
    ("apple-tv-plus", "Apple TV+", "streaming", "https://tv.apple.com/"),
    ("fx", "FX", "cable", "https://www.fxnetworks.com/"),
    ("abc", "ABC", "broadcast", "https://abc.com/"),
    ("prime-video", "Prime Video", "streaming", "https://www.primevideo.com/"),
]

# (slug, name)
GENRES = [
    ("comedy", "Comedy"),
    ("crime", "Crime"),
    ("drama", "Drama"),
    ("fantasy", "Fantasy"),
    ("horror", "Horror"),
    ("legal", "Legal"),
    ("mystery", "Mystery"),
    ("science-fiction", "Science fiction"),
    ("sitcom", "Sitcom"),
    ("thriller", "Thriller"),
]


def _h(status, day, source=NO_SOURCE, note=""):
    outlet, url = source
    return (status, day, outlet, url, note)


SHOWS = [
    {
        "slug": "partner-track",
        "title": "Partner Track",
        "network": "netflix",
        "show_type": "scripted",
        "premiere_date": "2022-08-26",
        "genres": ["drama", "legal"],
        "creators": ["Georgia Lee"],
        "source": ("The Partner Track", "Helen Wan", 2013),
        "synopsis": (
            "Ingrid Yun is an idealistic associate at an elite New York law firm, "
            "a few steps from the partnership she has worked toward for years. "
            "Each of those steps asks her to trade away a little more of what "
            "she believes in, and a little more of who she is."
        ),
        "cast": [
            ("Arden Cho", "Ingrid Yun"),
            ("Rob Heaps", "Nick Laren"),
            ("Dominic Sherwood", "Jeff Murphy"),
            ("Alexandra Turshen", "Rachel Friedman"),
            ("Bradley Gibson", "Tyler Robinson"),
        ],
        "seasons": [
            {
                "number": 1,
                "episodes": 10,
                "premiere": "2022-08-26",
                # Deliberately out of order: the cancellation is recorded
                # first, then the earlier steps; the latest date still wins.
                "history": [
                    _h(
                        "cancelled",
                        "2022-11-08",
                        DEADLINE,
                        "Netflix cancelled the series after one season.",
                    ),
                    _h(
                        "airing",
                        "2022-08-26",
                        NETFLIX,
                        "All ten episodes released at once.",
                    ),
                    _h(
                        "awaiting",
                        "2022-09-26",
                        NO_SOURCE,
                        "All episodes released; no renewal decision yet.",
                    ),
                ],
            }
        ],
    },
    {
        "slug": "wednesday",
        "title": "Wednesday",
        "network": "netflix",
        "show_type": "scripted",
        "premiere_date": "2022-11-23",
        "genres": ["comedy", "mystery", "fantasy"],
        "creators": ["Alfred Gough", "Miles Millar"],
        "source": ("The Addams Family", "Charles Addams", 1938),
        "synopsis": (
            "Wednesday Addams is packed off to Nevermore Academy, a boarding "
            "school for outcasts, where a string of killings in the nearby town "
            "gives her something to investigate and a reason to stay. She would "
            "rather not make friends; she makes some anyway."
        ),
        "cast": [
            ("Jenna Ortega", "Wednesday Addams"),
            ("Emma Myers", "Enid Sinclair"),
            ("Catherine Zeta-Jones", "Morticia Addams"),
            ("Luis Guzmán", "Gomez Addams"),
        ],
        "seasons": [
            {
                "number": 1,
                "episodes": 8,
                "premiere": "2022-11-23",
                "history": [
                    _h("airing", "2022-11-23", NETFLIX, "All eight episodes released."),
                    _h(
                        "renewed", "2023-01-06", NETFLIX, "Renewed for a second season."
                    ),
                ],
            },
            {
                "number": 2,
                "episodes": 8,
                "premiere": "2025-08-06",
                "finale": "2025-09-03",
                "history": [
                    _h("renewed", "2023-01-06", NETFLIX, "Second season ordered."),
                    _h(
                        "airing",
                        "2025-08-06",
                        NETFLIX,
                        "Released in two parts: 6 August and 3 September 2025.",
                    ),
                ],
            },
            {
                "number": 3,
                "history": [
                    _h(
                        "renewed",
                        "2025-07-23",
                        TUDUM,
                        "Third season ordered two weeks before season two arrived.",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "1899",
        "title": "1899",
        "network": "netflix",
        "show_type": "scripted",
        "premiere_date": "2022-11-17",
        "genres": ["mystery", "science-fiction", "drama"],
        "creators": ["Baran bo Odar", "Jantje Friese"],
        "synopsis": (
            "A steamship full of European emigrants bound for New York comes "
            "across a sister ship that vanished months earlier, and the voyage "
            "stops making sense: the passengers' secrets, the sea and time "
            "itself all start to come apart."
        ),
        "cast": [
            ("Emily Beecham", "Maura Franklin"),
            ("Andreas Pietschmann", "Eyk Larsen"),
            ("Aneurin Barnard", "Daniel Solace"),
        ],
        "seasons": [
            {
                "number": 1,
                "episodes": 8,
                "premiere": "2022-11-17",
                "history": [
                    _h("airing", "2022-11-17", NETFLIX, "All eight episodes released."),
                    _h(
                        "cancelled",
                        "2023-01-02",
                        ("Instagram", "https://www.instagram.com/"),
                        "The creators announced that Netflix would not continue "
                        "the series.",
                    ),
                ],
            }
        ],
    },
    {
        "slug": "warrior-nun",
        "title": "Warrior Nun",
        "network": "netflix",
        "show_type": "scripted",
        "premiere_date": "2020-07-02",
        "genres": ["fantasy", "drama"],
        "creators": ["Simon Barry"],
        "source": ("Warrior Nun Areala", "Ben Dunn", 1994),
        "synopsis": (
            "Ava Silva wakes up in a morgue with a holy relic embedded in her "
            "back and a second chance at life. The relic makes her the newest "
            "recruit of an ancient order of nuns who fight demons, whether she "
            "signs up or not."
        ),
        "cast": [
            ("Alba Baptista", "Ava Silva"),
            ("Toya Turner", "Shotgun Mary"),
            ("Thekla Reuten", "Jillian Salvius"),
            ("Tristán Ulloa", "Father Vincent"),
        ],
        "seasons": [
            {
                "number": 1,
                "episodes": 10,
                "premiere": "2020-07-02",
                "history": [
                    _h("airing", "2020-07-02", NETFLIX, "All ten episodes released."),
                    _h(
                        "renewed", "2020-08-19", NETFLIX, "Renewed for a second season."
                    ),
                ],
            },
            {
                "number": 2,
                "episodes": 8,
                "premiere": "2022-11-10",
                "history": [
                    _h("renewed", "2020-08-19", NETFLIX, "Second season ordered."),
                    _h("airing", "2022-11-10", NETFLIX, "All eight episodes released."),
                    _h(
                        "cancelled",
                        "2022-12-13",
                        ("Twitter", "https://twitter.com/"),
                        "Showrunner Simon Barry announced that Netflix would not "
                        "continue the series.",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "stranger-things",
        "title": "Stranger Things",
        "network": "netflix",
        "show_type": "scripted",
        "premiere_date": "2016-07-15",
        "genres": ["science-fiction", "horror", "drama"],
        "creators": ["Matt Duffer", "Ross Duffer"],
        "synopsis": (
            "In a small Indiana town in the 1980s, a boy's disappearance pulls "
            "his friends, his family and a girl with extraordinary powers into a "
            "war with a nightmarish world that lies just beneath their own."
        ),
        "cast": [
            ("Millie Bobby Brown", "Eleven"),
            ("Winona Ryder", "Joyce Byers"),
            ("David Harbour", "Jim Hopper"),
            ("Finn Wolfhard", "Mike Wheeler"),
            ("Gaten Matarazzo", "Dustin Henderson"),
        ],
        "seasons": [
            {
                "number": 1,
                "episodes": 8,
                "premiere": "2016-07-15",
                "history": [
                    _h("airing", "2016-07-15", NETFLIX),
                    _h(
                        "renewed", "2016-08-31", NETFLIX, "Renewed for a second season."
                    ),
                ],
            },
            {
                "number": 2,
                "episodes": 9,
                "premiere": "2017-10-27",
                "history": [
                    _h("renewed", "2016-08-31", NETFLIX, "Second season ordered."),
                    _h("airing", "2017-10-27", NETFLIX),
                    _h("renewed", "2017-12-01", NETFLIX, "Renewed for a third season."),
                ],
            },
            {
                "number": 3,
                "episodes": 8,
                "premiere": "2019-07-04",
                "history": [
                    _h("renewed", "2017-12-01", NETFLIX, "Third season ordered."),
                    _h("airing", "2019-07-04", NETFLIX),
                    _h(
                        "renewed", "2019-09-30", NETFLIX, "Renewed for a fourth season."
                    ),
                ],
            },
            {
                "number": 4,
                "episodes": 9,
                "premiere": "2022-05-27",
                "finale": "2022-07-01",
                "history": [
                    _h("renewed", "2019-09-30", NETFLIX, "Fourth season ordered."),
                    _h(
                        "date_announced",
                        "2022-02-17",
                        NETFLIX,
                        "Release in two volumes announced: 27 May and 1 July 2022.",
                    ),
                    _h(
                        "airing",
                        "2022-05-27",
                        NETFLIX,
                        "Released in two volumes: 27 May and 1 July 2022.",
                    ),
                ],
            },
            {
                "number": 5,
                "episodes": 8,
                "premiere": "2025-11-26",
                "finale": "2025-12-31",
                "history": [
                    _h(
                        "renewed",
                        "2022-02-17",
                        NETFLIX,
                        "Announced as the fifth and final season, before season "
                        "four premiered.",
                    ),
                    _h(
                        "in_production",
                        "2024-01-08",
                        NETFLIX,
                        "Filming began after the 2023 strikes delayed it.",
                    ),
                    _h(
                        "date_announced",
                        "2025-05-31",
                        TUDUM,
                        "Three release dates announced: 26 November, 25 December "
                        "and 31 December 2025.",
                    ),
                    _h("airing", "2025-11-26", NETFLIX, "Volume one released."),
                    _h(
                        "ended",
                        "2025-12-31",
                        NETFLIX,
                        "The series finale was released; the show is over.",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "the-last-of-us",
        "title": "The Last of Us",
        "network": "hbo",
        "show_type": "scripted",
        "premiere_date": "2023-01-15",
        "genres": ["drama", "science-fiction", "horror"],
        "creators": ["Craig Mazin", "Neil Druckmann"],
        "source": ("The Last of Us", "Naughty Dog", 2013),
        "synopsis": (
            "Twenty years after a fungal outbreak brought down civilisation, a "
            "hardened smuggler is hired to get a teenage girl across a ruined "
            "United States. The job turns into the only thing either of them has "
            "left."
        ),
        "cast": [
            ("Pedro Pascal", "Joel Miller"),
            ("Bella Ramsey", "Ellie Williams"),
            ("Gabriel Luna", "Tommy Miller"),
        ],
        "seasons": [
            {
                "number": 1,
                "episodes": 9,
                "premiere": "2023-01-15",
                "finale": "2023-03-12",
                "history": [
                    _h("airing", "2023-01-15", HBO, "Weekly episodes on Sundays."),
                    _h("renewed", "2023-01-27", HBO, "Renewed for a second season."),
                ],
            },
            {
                "number": 2,
                "episodes": 7,
                "premiere": "2025-04-13",
                "finale": "2025-05-25",
                "history": [
                    _h("renewed", "2023-01-27", HBO, "Second season ordered."),
                    _h("airing", "2025-04-13", HBO, "Weekly episodes on Sundays."),
                ],
            },
            {
                "number": 3,
                "history": [
                    _h(
                        "renewed",
                        "2025-04-09",
                        VARIETY,
                        "Third season ordered days before season two premiered.",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "severance",
        "title": "Severance",
        "network": "apple-tv-plus",
        "show_type": "scripted",
        "premiere_date": "2022-02-18",
        "genres": ["thriller", "science-fiction", "drama"],
        "creators": ["Dan Erickson"],
        "synopsis": (
            "Employees of Lumon Industries have had their memories surgically "
            "split: at work they remember nothing of home, at home nothing of "
            "work. Mark Scout's team starts to wonder what exactly their half of "
            "the arrangement is for."
        ),
        "cast": [
            ("Adam Scott", "Mark Scout"),
            ("Britt Lower", "Helly R."),
            ("Zach Cherry", "Dylan George"),
            ("John Turturro", "Irving Bailiff"),
            ("Tramell Tillman", "Seth Milchick"),
            ("Patricia Arquette", "Harmony Cobel"),
        ],
        "seasons": [
            {
                "number": 1,
                "episodes": 9,
                "premiere": "2022-02-18",
                "finale": "2022-04-08",
                "history": [
                    _h("airing", "2022-02-18", APPLE, "Weekly episodes on Fridays."),
                    _h(
                        "renewed",
                        "2022-04-06",
                        APPLE,
                        "Renewed for a second season two days before the finale.",
                    ),
                ],
            },
            {
                "number": 2,
                "episodes": 10,
                "premiere": "2025-01-17",
                "finale": "2025-03-21",
                "history": [
                    _h("renewed", "2022-04-06", APPLE, "Second season ordered."),
                    _h(
                        "date_announced",
                        "2024-07-10",
                        APPLE,
                        "Premiere set for 17 January 2025, with a teaser.",
                    ),
                    _h("airing", "2025-01-17", APPLE, "Weekly episodes on Fridays."),
                    _h(
                        "renewed",
                        "2025-03-21",
                        APPLE,
                        "Renewed for a third season on the day of the finale.",
                    ),
                ],
            },
            {
                "number": 3,
                "history": [
                    _h("renewed", "2025-03-21", APPLE, "Third season ordered."),
                ],
            },
        ],
    },
    {
        "slug": "the-bear",
        "title": "The Bear",
        "network": "fx",
        "show_type": "scripted",
        "premiere_date": "2022-06-23",
        "genres": ["comedy", "drama"],
        "creators": ["Christopher Storer"],
        "synopsis": (
            "A young chef from the fine-dining world comes home to Chicago to run "
            "his late brother's sandwich shop, its debts and its unruly kitchen "
            "crew, and slowly tries to turn it into something better. All "
            "seasons stream on Hulu."
        ),
        "cast": [
            ("Jeremy Allen White", 'Carmen "Carmy" Berzatto'),
            ("Ebon Moss-Bachrach", 'Richard "Richie" Jerimovich'),
            ("Ayo Edebiri", "Sydney Adamu"),
        ],
        "seasons": [
            {
                "number": 1,
                "episodes": 8,
                "premiere": "2022-06-23",
                "history": [
                    _h("airing", "2022-06-23", FX, "All eight episodes on Hulu."),
                    _h("renewed", "2022-07-14", FX, "Renewed for a second season."),
                ],
            },
            {
                "number": 2,
                "episodes": 10,
                "premiere": "2023-06-22",
                "history": [
                    _h("renewed", "2022-07-14", FX, "Second season ordered."),
                    _h("airing", "2023-06-22", FX, "All ten episodes on Hulu."),
                    _h("renewed", "2023-11-06", FX, "Renewed for a third season."),
                ],
            },
            {
                "number": 3,
                "episodes": 10,
                "premiere": "2024-06-26",
                "history": [
                    _h("renewed", "2023-11-06", FX, "Third season ordered."),
                    _h("airing", "2024-06-26", FX, "All ten episodes on Hulu."),
                ],
            },
            {
                "number": 4,
                "episodes": 10,
                "premiere": "2025-06-25",
                "history": [
                    _h("airing", "2025-06-25", FX, "All ten episodes on Hulu."),
                    _h(
                        "renewed",
                        "2025-07-01",
                        FX,
                        "Renewed for a fifth season a week after the premiere.",
                    ),
                ],
            },
            {
                "number": 5,
                "history": [
                    _h("renewed", "2025-07-01", FX, "Fifth season ordered."),
                ],
            },
        ],
    },
    {
        "slug": "shrinking",
        "title": "Shrinking",
        "network": "apple-tv-plus",
        "show_type": "scripted",
        "premiere_date": "2023-01-27",
        "genres": ["comedy", "drama"],
        "creators": ["Bill Lawrence", "Jason Segel", "Brett Goldstein"],
        "synopsis": (
            "A therapist who is still raw from his wife's death stops following "
            "the rules and starts telling his patients exactly what he thinks, "
            "with messy results for them, for his colleagues and for him."
        ),
        "cast": [
            ("Jason Segel", "Jimmy Laird"),
            ("Harrison Ford", "Paul Rhoades"),
            ("Jessica Williams", "Gaby"),
        ],
        "seasons": [
            {
                "number": 1,
                "episodes": 10,
                "premiere": "2023-01-27",
                "history": [
                    _h("airing", "2023-01-27", APPLE, "Weekly episodes on Fridays."),
                    _h(
                        "renewed",
                        "2023-03-09",
                        APPLE,
                        "Renewed for a second season while the first was airing.",
                    ),
                ],
            },
            {
                "number": 2,
                "episodes": 12,
                "premiere": "2024-10-16",
                "history": [
                    _h("renewed", "2023-03-09", APPLE, "Second season ordered."),
                    _h("airing", "2024-10-16", APPLE, "Weekly episodes on Wednesdays."),
                    _h(
                        "renewed",
                        "2024-10-17",
                        APPLE,
                        "Renewed for a third season, announced at New York Comic Con.",
                    ),
                ],
            },
            {
                "number": 3,
                "premiere": "2026-01-28",
                "history": [
                    _h("renewed", "2024-10-17", APPLE, "Third season ordered."),
                    _h("airing", "2026-01-28", APPLE, "Weekly episodes."),
                ],
            },
            {
                "number": 4,
                "history": [
                    _h(
                        "renewed",
                        "2026-01-27",
                        APPLE,
                        "Fourth season ordered on the eve of the season three "
                        "premiere.",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "abbott-elementary",
        "title": "Abbott Elementary",
        "network": "abc",
        "show_type": "scripted",
        "premiere_date": "2021-12-07",
        "genres": ["comedy", "sitcom"],
        "creators": ["Quinta Brunson"],
        "synopsis": (
            "A documentary crew follows the teachers of an underfunded "
            "Philadelphia public school, who keep showing up for their students "
            "despite the budget, the district and, often, their principal."
        ),
        "cast": [
            ("Quinta Brunson", "Janine Teagues"),
            ("Tyler James Williams", "Gregory Eddie"),
            ("Janelle James", "Ava Coleman"),
            ("Sheryl Lee Ralph", "Barbara Howard"),
            ("Lisa Ann Walter", "Melissa Schemmenti"),
            ("Chris Perfetti", "Jacob Hill"),
        ],
        "seasons": [
            {
                "number": 1,
                "episodes": 13,
                "premiere": "2021-12-07",
                "history": [
                    _h("airing", "2021-12-07", ABC, "Weekly on ABC, next day on Hulu."),
                    _h("renewed", "2022-03-14", ABC, "Renewed for a second season."),
                ],
            },
            {
                "number": 2,
                "episodes": 22,
                "premiere": "2022-09-21",
                "history": [
                    _h("renewed", "2022-03-14", ABC, "Second season ordered."),
                    _h("airing", "2022-09-21", ABC, "Weekly on Wednesdays."),
                    _h(
                        "renewed",
                        "2023-01-11",
                        ABC,
                        "Renewed for a third season in the middle of the second.",
                    ),
                ],
            },
            {
                "number": 3,
                "episodes": 14,
                "premiere": "2024-02-07",
                "history": [
                    _h("renewed", "2023-01-11", ABC, "Third season ordered."),
                    _h(
                        "airing",
                        "2024-02-07",
                        ABC,
                        "A shorter season after the 2023 strikes.",
                    ),
                ],
            },
            {
                "number": 4,
                "episodes": 22,
                "premiere": "2024-10-09",
                "history": [
                    _h("airing", "2024-10-09", ABC, "Weekly on Wednesdays."),
                    _h("renewed", "2025-01-21", ABC, "Renewed for a fifth season."),
                ],
            },
            {
                "number": 5,
                "premiere": "2025-10-01",
                "history": [
                    _h("renewed", "2025-01-21", ABC, "Fifth season ordered."),
                    _h("airing", "2025-10-01", ABC, "Weekly on Wednesdays."),
                    _h("renewed", "2026-03-04", ABC, "Renewed for a sixth season."),
                ],
            },
            {
                "number": 6,
                "history": [
                    _h("renewed", "2026-03-04", ABC, "Sixth season ordered."),
                ],
            },
        ],
    },
    {
        "slug": "shifting-gears",
        "title": "Shifting Gears",
        "network": "abc",
        "show_type": "scripted",
        "premiere_date": "2025-01-08",
        "genres": ["comedy", "sitcom"],
        "creators": ["Julie Thacker Scully", "Mike Scully"],
        "synopsis": (
            "A stubborn widower who restores classic cars gets his estranged "
            "daughter back, along with her two teenagers, when her marriage "
            "falls apart and she needs somewhere to stay. A multi-camera "
            "sitcom."
        ),
        "cast": [
            ("Tim Allen", "Matt Parker"),
            ("Kat Dennings", "Riley"),
            ('Daryl "Chill" Mitchell', "Stitch"),
            ("Seann William Scott", "Gabriel"),
        ],
        "seasons": [
            {
                "number": 1,
                "episodes": 10,
                "premiere": "2025-01-08",
                "finale": "2025-03-19",
                "history": [
                    _h("airing", "2025-01-08", ABC, "Weekly on Wednesdays."),
                    _h(
                        "awaiting",
                        "2025-03-20",
                        NO_SOURCE,
                        "Season finished; no decision on a second season yet.",
                    ),
                    _h(
                        "renewed",
                        "2025-04-03",
                        ("Collider", "https://collider.com/"),
                        "Renewed for a second season.",
                    ),
                ],
            },
            {
                "number": 2,
                "episodes": 13,
                "premiere": "2025-10-01",
                "finale": "2026-02-04",
                "history": [
                    _h("renewed", "2025-04-03", ABC, "Second season ordered."),
                    _h("airing", "2025-10-01", ABC, "Weekly on Wednesdays."),
                    _h(
                        "awaiting",
                        "2026-02-05",
                        NO_SOURCE,
                        "Season finished; ABC has not announced a decision on a "
                        "third season.",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "task",
        "title": "Task",
        "network": "hbo",
        "show_type": "scripted",
        "premiere_date": "2025-09-07",
        "genres": ["crime", "drama", "thriller"],
        "creators": ["Brad Ingelsby"],
        "synopsis": (
            "In the working-class suburbs of Philadelphia, an FBI agent with a "
            "broken family of his own leads a task force chasing a crew that "
            "robs drug houses, and the crew's leader turns out to be a family "
            "man too."
        ),
        "cast": [
            ("Mark Ruffalo", "Tom Brandis"),
            ("Tom Pelphrey", "Robbie Prendergast"),
            ("Emilia Jones", "Maeve"),
        ],
        "seasons": [
            {
                "number": 1,
                "episodes": 7,
                "premiere": "2025-09-07",
                "finale": "2025-10-19",
                "history": [
                    _h("airing", "2025-09-07", HBO, "Weekly episodes on Sundays."),
                    _h(
                        "awaiting",
                        "2025-10-20",
                        NO_SOURCE,
                        "Season finished; no decision on a second season yet.",
                    ),
                    _h("renewed", "2025-11-20", HBO, "Renewed for a second season."),
                ],
            },
            {
                "number": 2,
                "history": [
                    _h("renewed", "2025-11-20", HBO, "Second season ordered."),
                ],
            },
        ],
    },
    {
        "slug": "it-welcome-to-derry",
        "title": "IT: Welcome to Derry",
        "network": "hbo",
        "show_type": "scripted",
        "premiere_date": "2025-10-26",
        "genres": ["horror", "drama"],
        "creators": ["Andy Muschietti", "Barbara Muschietti", "Jason Fuchs"],
        "source": ("It", "Stephen King", 1986),
        "synopsis": (
            "Derry, Maine, 1962: children start disappearing again, and a new "
            "set of kids, a military unit and an ancient evil in a clown's face "
            "circle each other, decades before the story told in the films."
        ),
        "cast": [
            ("Bill Skarsgård", "Pennywise"),
            ("Jovan Adepo", "Leroy Hanlon"),
            ("Chris Chalk", "Dick Hallorann"),
        ],
        "seasons": [
            {
                "number": 1,
                "episodes": 8,
                "premiere": "2025-10-26",
                "finale": "2025-12-14",
                "history": [
                    _h("airing", "2025-10-26", HBO, "Weekly episodes on Sundays."),
                    _h(
                        "awaiting",
                        "2025-12-15",
                        NO_SOURCE,
                        "Season finished; HBO has not announced a decision on a "
                        "second season.",
                    ),
                ],
            }
        ],
    },
    {
        "slug": "the-rings-of-power",
        "title": "The Lord of the Rings: The Rings of Power",
        "network": "prime-video",
        "show_type": "scripted",
        "premiere_date": "2022-09-01",
        "genres": ["fantasy", "drama"],
        "creators": ["J. D. Payne", "Patrick McKay"],
        "source": ("The Lord of the Rings", "J. R. R. Tolkien", 1954),
        "synopsis": (
            "Thousands of years before the Fellowship, elves, dwarves and men of "
            "Middle-earth's Second Age face the return of a darkness they "
            "thought was defeated, and the forging of the rings that will bind "
            "them."
        ),
        "cast": [
            ("Morfydd Clark", "Galadriel"),
            ("Charlie Vickers", "Sauron"),
            ("Robert Aramayo", "Elrond"),
        ],
        "seasons": [
            {
                "number": 1,
                "episodes": 8,
                "premiere": "2022-09-01",
                "history": [
                    _h("airing", "2022-09-01", PRIME, "Weekly episodes."),
                ],
            },
            {
                "number": 2,
                "episodes": 8,
                "premiere": "2024-08-29",
                "finale": "2024-10-03",
                "history": [
                    _h("airing", "2024-08-29", PRIME, "Weekly episodes."),
                    _h(
                        "awaiting",
                        "2024-10-04",
                        NO_SOURCE,
                        "Season finished; no third season announced yet.",
                    ),
                    _h("renewed", "2025-02-13", PRIME, "Renewed for a third season."),
                ],
            },
            {
                "number": 3,
                "history": [
                    _h("renewed", "2025-02-13", PRIME, "Third season ordered."),
                ],
            },
        ],
    },
    {
        "slug": "baby-reindeer",
        "title": "Baby Reindeer",
        "network": "netflix",
        "show_type": "miniseries",
        "premiere_date": "2024-04-11",
        "genres": ["drama", "thriller"],
        "creators": ["Richard Gadd"],
        "source": ("Baby Reindeer", "Richard Gadd", 2019),
        "synopsis": (
            "A struggling comedian's small kindness to a stranger in the pub "
            "where he works turns into years of obsessive attention, and forces "
            "him to face an older wound he has never told anyone about."
        ),
        "cast": [
            ("Richard Gadd", "Donny Dunn"),
            ("Jessica Gunning", "Martha Scott"),
            ("Nava Mau", "Teri"),
        ],
        "seasons": [
            {
                "number": 1,
                "episodes": 7,
                "premiere": "2024-04-11",
                "history": [
                    _h("airing", "2024-04-11", NETFLIX, "All seven episodes released."),
                    _h(
                        "ended",
                        "2024-04-11",
                        NETFLIX,
                        "A limited series: the story is complete in one season.",
                    ),
                ],
            }
        ],
    },
]

# People invented for the demo's statements (real people need no bio here).
INVENTED_PEOPLE = [
    {
        "slug": "marguerite-vance",
        "name": "Marguerite Vance",
        "bio": (
            "Invented for Cliffhanger's demo: a streaming analyst at the "
            "(equally invented) Binge Ledger."
        ),
    },
    {
        "slug": "tobias-renwick",
        "name": "Tobias Renwick",
        "bio": (
            "Invented for Cliffhanger's demo: a television reporter at the "
            "(equally invented) Cue Sheet."
        ),
    },
    {
        "slug": "ines-calloway",
        "name": "Ines Calloway",
        "bio": (
            "Invented for Cliffhanger's demo: a ratings columnist at the "
            "(equally invented) Overnights Weekly."
        ),
    },
]

BINGE_LEDGER = ("Binge Ledger (invented)", "https://example.com/binge-ledger")
CUE_SHEET = ("Cue Sheet (invented)", "https://example.com/cue-sheet")
OVERNIGHTS = ("Overnights Weekly (invented)", "https://example.org/overnights")

# The seed page's two speakers, in the words of the seed article's quote
# blocks (cliffhanger/newsroom/demo_seed.py), plus invented commentary.
STATEMENTS = [
    {
        "person": "Jinny Howe",
        "role": "Head of drama development",
        "organisation": "Netflix",
        "quote": (
            "We have started talking about what a second season could look like. "
            "Nothing is decided, but the conversations are real."
        ),
        "said_on": "2022-09-08",
        "source": NO_SOURCE,
        "show": "partner-track",
        "season": 1,
        "direction": "renewal",
    },
    {
        "person": "Georgia Lee",
        "role": "Creator and showrunner",
        "organisation": "Partner Track",
        "quote": (
            "There is no official pickup yet. The writers' room is hopeful, and we "
            "know exactly where we would take Ingrid next."
        ),
        "said_on": "2022-09-12",
        "source": DEADLINE,
        "show": "partner-track",
        "season": 1,
        "direction": "renewal",
    },
    {
        "person": "Georgia Lee",
        "role": "Creator and showrunner",
        "organisation": "Partner Track",
        "quote": (
            "Season two would deal head-on with what happened with Marty Adler. We "
            "would also dig into why Murphy does what he does, and Nick is not going "
            "anywhere."
        ),
        "said_on": "2022-09-12",
        "source": DEADLINE,
        "show": "partner-track",
        "season": 1,
        "direction": "renewal",
    },
    {
        "person": "Marguerite Vance",
        "role": "Streaming analyst",
        "organisation": "Binge Ledger (invented)",
        "quote": (
            "The first weekend was strong, but Netflix looks at how many people "
            "finish a season, and how fast. A month in, that curve is the thing "
            "to watch, not the top ten."
        ),
        "said_on": "2022-10-04",
        "source": BINGE_LEDGER,
        "show": "partner-track",
        "season": 1,
        "direction": "neither",
    },
    {
        "person": "Marguerite Vance",
        "role": "Streaming analyst",
        "organisation": "Binge Ledger (invented)",
        "quote": (
            "A big ensemble, a period setting and a sea of visual effects make "
            "for an expensive hour of television. A show like that needs a "
            "breakout audience to come back, and that is a very high bar."
        ),
        "said_on": "2022-12-12",
        "source": BINGE_LEDGER,
        "show": "1899",
        "season": 1,
        "direction": "cancellation",
    },
    {
        "person": "Tobias Renwick",
        "role": "Television reporter",
        "organisation": "Cue Sheet (invented)",
        "quote": (
            "From the outside, a second season looks like a question of story "
            "rather than of numbers: the finale was the season's most-watched "
            "episode."
        ),
        "said_on": "2026-01-21",
        "source": CUE_SHEET,
        "show": "it-welcome-to-derry",
        "season": 1,
        "direction": "renewal",
    },
    {
        "person": "Ines Calloway",
        "role": "Ratings columnist",
        "organisation": "Overnights Weekly (invented)",
        "quote": (
            "A steady live audience counts for a lot on a broadcast network. "
            "I would expect this one to be decided late, with the rest of the "
            "network's schedule for next season."
        ),
        "said_on": "2026-02-11",
        "source": OVERNIGHTS,
        "show": "shifting-gears",
        "season": 2,
        "direction": "neither",
    },
    {
        "person": "Tobias Renwick",
        "role": "Television reporter",
        "organisation": "Cue Sheet (invented)",
        "quote": (
            "This season was announced as the last one years ago, and it is "
            "built as an ending. Whatever else comes out of this world, the "
            "main story closes here."
        ),
        "said_on": "2025-11-20",
        "source": CUE_SHEET,
        "show": "stranger-things",
        "season": 5,
        "direction": "neither",
    },
]

# (article slug, show slug, season number or None for the show's latest
# season). Renewal news follows the show's latest season, so its box reports
# the newest decision; guides and reviews follow the season they cover.
ARTICLE_COVERAGE = [
    ("everything-we-know-about-partner-track-season-2", "partner-track", 1),
    ("wednesday-season-2-renewed", "wednesday", None),
    ("netflix-cancels-1899", "1899", 1),
    ("warrior-nun-cancelled", "warrior-nun", 2),
    ("the-last-of-us-renewed-season-2", "the-last-of-us", None),
    ("everything-we-know-stranger-things-season-5", "stranger-things", 5),
    ("everything-we-know-the-last-of-us-season-2", "the-last-of-us", 2),
    ("everything-we-know-severance-season-2", "severance", 2),
    ("severance-season-2-review", "severance", 2),
    ("the-bear-season-2-review", "the-bear", 2),
    ("shrinking-review", "shrinking", 1),
    ("abbott-elementary-emmys-2022", "abbott-elementary", None),
]
