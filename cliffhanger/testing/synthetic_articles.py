"""
Synthetic TV-news articles for growing the demo database (see
grown_articles.py): plain data, no database access.

    spec = article_spec(number=42, seed=7)
    spec.title, spec.dek, spec.tags, spec.body, spec.published

The same (number, seed) always gives the same article, so a database grown
twice, or in two steps, holds the same text. Word frequencies are uneven on
purpose so that searches have realistic selectivity: shows are picked with a
Zipf-like weight (the most-covered show is in about a sixth of the articles,
the least-covered in a handful), "season" is in nearly every article, words
such as "renewed" in over a thousand, and each of the RARE_WORDS in about
fifteen of 10,000.
"""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate

SHOWS = [
    "Harbor Lights",
    "The Glass Precinct",
    "Midnight Orchard",
    "Copper Valley",
    "The Last Lighthouse",
    "Saltwater Kings",
    "Northbound",
    "The Understudies",
    "Velvet Circuit",
    "Blackwood Manor",
    "The Quiet Ward",
    "Ironbridge",
    "Paper Crowns",
    "The Long Shift",
    "Satellite Town",
    "Hollow Creek",
    "The Courier",
    "Ember Street",
    "Greyfield",
    "The Night Desk",
    "Tin Soldiers",
    "Ashgrove High",
    "The Marlowe Files",
    "Open Water",
    "Starling Heights",
    "Dead Reckoning",
    "The Inheritance",
    "Lantern Bay",
    "Rookie Season",
    "The Fixers",
    "Wolf Moon",
    "Southpaw",
    "The Archivist",
    "Cold Front",
    "Little Empires",
    "The Ferryman",
    "Redline",
    "Bright Young Liars",
    "The Orchard Sisters",
    "Ghost Signal",
    "Canal Street Kitchen",
    "The Verdict",
    "Summer of Static",
    "Parallel Lines",
    "Kingsmoor",
    "The Cartographers",
    "Low Tide",
    "Neon Saints",
    "Westerly",
    "The Alibi Club",
    "Second Chances",
    "Driftwood",
    "The Quarry",
    "Overtime",
    "Cobalt",
    "Foxglove",
    "The Waiting Room",
    "Thunder Road",
    "Margin of Error",
    "The Weathermen",
    "Halfway House",
    "Silver Tongues",
    "The Red Ledger",
    "Tidewater",
    "Stray Dogs",
    "The Summit",
    "Heartland Rescue",
    "Cold Case Nine",
    "The Gilded Age of Nowhere",
    "Pinewood",
    "Nightjar",
    "The Exchange",
    "Backstage",
    "Moonlighters",
    "The Borderlands",
    "Salt and Iron",
    "Vanishing Point",
    "The Harvest",
    "Riverside General",
    "Small Hours",
    "The Pretenders",
    "Windward",
    "Blue Meridian",
    "The Reckoning Hour",
    "Quicksilver",
    "Hawthorne",
    "The Switchboard",
    "Foreign Bodies",
    "Crooked Mile",
    "The Lost Coast",
    "Iron Lung Blues",
    "Glasshouse",
    "The Nightingale Protocol",
    "Burnt Sienna",
    "Highwater",
    "The Copperfields",
    "Zero Hour",
    "Larkspur",
    "The Undertow",
    "Wildflower County",
    "Kestrel",
    "The Pawnbroker's Daughter",
    "Dog Days",
    "Mirrorball",
    "The Ninth Floor",
    "Gravity Falls Road",
    "Oxbow",
    "The Smugglers",
    "Pale Horse Ranch",
    "Fault Lines",
    "The Ambassadors",
    "Cinderhill",
    "Marigold Hotel Stories",
    "The Outfield",
    "Spindrift",
    "Tallgrass",
    "The Night Porter's Club",
    "Wrenfield",
    "Ultraviolet",
    "The Beekeeper",
    "Hinterland Jazz",
    "Cassowary",
    "The Chessmen",
    "Ravensworth",
    "Sugar Creek",
    "The Tinkers",
    "Jubilee Line",
    "Marrowbone",
    "The Ice Road",
    "Quillon",
    "Featherstone",
    "The Understory",
    "Bellwether",
    "Gossamer",
    "The Tollkeeper",
    "Vesper",
    "Obsidian Bay",
    "The Almanac",
    "Thistledown",
    "Zephyr Heights",
    "The Ossuary",
    "Nocturne Avenue",
    "Kaleidoscope Kids",
    "The Wayfarers",
    "Brimstone",
    "Periwinkle",
    "The Foundling",
    "Xanadu Motel",
]

NETWORKS = [
    "Netflix",
    "HBO",
    "Max",
    "Hulu",
    "Prime Video",
    "Apple TV+",
    "Disney+",
    "Peacock",
    "Paramount+",
    "AMC",
    "FX",
    "NBC",
    "CBS",
    "ABC",
    "Fox",
    "The CW",
    "Showtime",
    "Starz",
    "BBC One",
    "Channel 4",
    "ITV",
    "Sky Atlantic",
]

GENRES = [
    "Drama",
    "Comedy",
    "Thriller",
    "Sci-Fi",
    "Fantasy",
    "Crime",
    "Documentary",
    "Reality",
    "Animation",
    "Horror",
]

FIRST_NAMES = [
    "Ada", "Amara", "Benedikt", "Bianca", "Caleb", "Carmen", "Dara", "Desmond",
    "Eliza", "Emeka", "Farah", "Felix", "Greta", "Hamid", "Harriet", "Idris",
    "Ines", "Jonah", "Juno", "Kai", "Keira", "Lars", "Leila", "Malik", "Margot",
    "Nadia", "Niall", "Odile", "Omar", "Priya", "Quentin", "Rafael", "Rosalind",
    "Saoirse", "Tobias", "Uma", "Viktor", "Wren", "Yara", "Zeke",
]  # fmt: skip

LAST_NAMES = [
    "Abernathy", "Baptiste", "Castellanos", "Delacroix", "Ekwueme", "Fairbanks",
    "Gallagher", "Haverford", "Ishikawa", "Jankowski", "Kowalczyk", "Lindqvist",
    "Mbeki", "Novak", "Okonkwo", "Pellegrini", "Quartermaine", "Rasmussen",
    "Szabo", "Thistlewood", "Umberto", "Vasquez", "Whitlock", "Xiong",
    "Yardley", "Zielinski",
]  # fmt: skip

ROLES = [
    "showrunner",
    "executive producer",
    "creator",
    "star",
    "head writer",
    "director",
    "casting director",
    "head of scripted programming",
]

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
]  # fmt: skip

CITIES = [
    "Atlanta", "Vancouver", "Belfast", "Budapest", "Toronto", "Albuquerque",
    "Glasgow", "Prague", "Cape Town", "Wellington", "Dublin", "Seville",
]  # fmt: skip

# The rare words: each lands in about fifteen articles of 10,000.
RARE_WORDS = [
    "aubergine", "bioluminescent", "clockwork", "doppelganger", "eclipse",
    "falconry", "gondola", "harpsichord", "iceberg", "jackalope", "kaleidoscopic",
    "labyrinth", "marionette", "nebula", "origami", "periscope", "quarantine",
    "rhubarb", "saxophone", "tarantula", "ukulele", "ventriloquist", "waltz",
    "xylophone", "yodelling", "zeppelin",
]  # fmt: skip

# (tag, title templates, dek templates): one kind of story each.
STORY_KINDS = [
    (
        "Renewals",
        [
            "{network} renews {show} for season {season}",
            "{show} renewed for season {season} at {network}",
            "It's official: {show} is coming back for season {season}",
        ],
        [
            "The {genre_lower} series has been renewed by {network} after a strong "
            "season {previous} that drew {viewers} million viewers.",
            "{network} has renewed {show}, with {person} returning as {role}.",
        ],
    ),
    (
        "Cancellations",
        [
            "{network} cancels {show} after {previous} seasons",
            "{show} cancelled: no season {season} at {network}",
            "{show} will end with its season {previous} finale",
        ],
        [
            "{network} has cancelled {show}, leaving its season {previous} "
            "cliffhanger unresolved.",
            "Fans of {show} were told the series was cancelled only weeks after "
            "the season {previous} finale.",
        ],
    ),
    (
        "Premieres",
        [
            "{show} season {season} premiere date set for {month}",
            "{network} dates {show} season {season} for {month} {year}",
            "When does {show} season {season} premiere?",
        ],
        [
            "Season {season} of the {genre_lower} series premieres on {network} "
            "in {month} {year}.",
            "{network} has set a {month} premiere for season {season} of {show}.",
        ],
    ),
    (
        "Casting",
        [
            "{person} joins {show} season {season}",
            "{show} casts {person} in a major season {season} role",
            "{person} exits {show} ahead of season {season}",
        ],
        [
            "{person} will appear in season {season} of {show}, {network} confirmed.",
            "The casting news for {show} season {season} arrived as production "
            "began in {city}.",
        ],
    ),
    (
        "Ratings",
        [
            "{show} finale draws {viewers} million viewers",
            "Ratings: {show} season {season} opens with {viewers} million",
            "{network}'s {show} tops the weekly streaming chart",
        ],
        [
            "The season {previous} finale of {show} was watched by {viewers} "
            "million viewers in its first week.",
            "{show} led {network}'s ratings for the week, with {viewers} million "
            "viewers.",
        ],
    ),
    (
        "Trailers",
        [
            "{show} season {season} trailer teases a darker year",
            "Watch the first trailer for {show} season {season}",
            "{network} releases a teaser for {show} season {season}",
        ],
        [
            "The trailer for season {season} of {show} arrived on {network} "
            "ahead of a {month} premiere.",
            "A new teaser for {show} hints at what season {season} holds.",
        ],
    ),
    (
        "Explainers",
        [
            "Everything we know about {show} season {season}",
            "{show} season {season}: cast, plot and release date",
            "{show} season {season} finale explained",
        ],
        [
            "Cast, plot, premiere date and trailer: everything we know about "
            "season {season} of {show}.",
            "The season {previous} finale of {show} left questions that season "
            "{season} will have to answer.",
        ],
    ),
    (
        "Reviews",
        [
            "{show} season {season} review: a confident return",
            "Review: {show} season {season} loses its way",
            "{show} season {season} review: {network}'s best {genre_lower} in years",
        ],
        [
            "Season {season} of {show} is a {quality} return for the "
            "{genre_lower} series.",
            "Our critic on season {season} of {show}: {quality}, and worth the wait.",
        ],
    ),
]

QUALITIES = ["confident", "messy", "thrilling", "uneven", "gripping", "slow"]

SENTENCES = [
    "{network} announced the news on {weekday}, confirming that season {season} "
    "of {show} will arrive in {month} {year}.",
    "The {genre_lower} series follows a group of strangers whose lives unravel "
    "after a single night in {city}.",
    "Season {previous} ended on a cliffhanger that left fans arguing for weeks.",
    "{person}, the show's {role}, said the writers' room had mapped out the "
    "next season before the renewal was confirmed.",
    "Production on season {season} is expected to begin in {city} this "
    "{season_of_year}, with {episodes} episodes planned.",
    "According to {network}, the season {previous} finale drew {viewers} "
    "million viewers across its first week on the service.",
    "Critics praised the season {previous} premiere, though some felt the "
    "middle episodes dragged.",
    "The renewal comes as {network} trims its slate, having cancelled several "
    "other {genre_lower} shows this year.",
    "Fans have campaigned online for a renewal since the finale aired in {month}.",
    "{person} is set to return as {role}, alongside most of the main cast.",
    "No premiere date has been announced, but a trailer is expected before the "
    "end of the year.",
    "{show} was one of the most-streamed series on {network} last year, "
    "spending {weeks} weeks in the weekly top ten.",
    "The cancellation leaves several storylines unresolved, including the "
    "mystery at the centre of season {previous}.",
    "A spinoff set in the same world is reportedly in development at {network}.",
    "{person} told reporters that season {season} would be 'bigger, stranger "
    "and a lot more expensive'.",
    "The showrunner has said the story was always planned to run for {total} seasons.",
    "Viewers who binge the whole season in a weekend will notice the episodes "
    "grow longer towards the finale.",
    "The network declined to comment on reports that the budget per episode "
    "had doubled.",
    "Season {season} will introduce new characters, including one played by {person}.",
    "Filming wrapped in {city} in {month}, and post-production is under way.",
    "Ratings for the linear broadcast fell, but streaming numbers on {network} "
    "more than made up the difference.",
    "The episode count drops to {episodes} for season {season}, down from ten.",
    "It is not yet clear whether {person} will return after the events of the finale.",
    "Writers have promised answers to the questions the season {previous} "
    "finale left open.",
]

QUOTES = [
    "We always knew where season {season} had to go; the renewal just let us say it out loud.",
    "Nobody makes a show like this to stop after {previous} seasons.",
    "The finale is the ending we wanted, whatever happens next.",
    "The audience found {show} on their own, and that is why it is coming back.",
]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
SEASONS_OF_YEAR = ["spring", "summer", "autumn", "winter"]

FIRST_DATE = datetime(2016, 1, 4, 7, 0, tzinfo=UTC)
LAST_DATE = datetime(2025, 6, 30, 19, 0, tzinfo=UTC)
RARE_WORD_CHANCE = 0.01  # per paragraph

# Zipf-like weights: the n-th show is covered about 1/n as often as the first.
_SHOW_WEIGHTS = list(accumulate(1 / rank for rank in range(1, len(SHOWS) + 1)))


@dataclass(frozen=True)
class ArticleSpec:
    number: int
    title: str
    dek: str
    tags: tuple[str, ...]
    body: list[dict]
    published: datetime
    show: str


def _fill(template: str, slots: dict) -> str:
    text = template.format(**slots)
    return text[0].upper() + text[1:]


def article_spec(*, number: int, seed: int) -> ArticleSpec:
    """The `number`-th synthetic article for `seed` (deterministic)."""
    # Every draw from `rng` happens in a fixed order: reordering them would
    # change the text of every article a seed has already grown.
    rng = random.Random(f"cliffhanger-grow:{seed}:{number}")
    show = rng.choices(SHOWS, cum_weights=_SHOW_WEIGHTS)[0]
    other_show = rng.choices(SHOWS, cum_weights=_SHOW_WEIGHTS)[0]
    genre = rng.choice(GENRES)
    slots = _slots_draw(rng, show=show, other_show=other_show, genre=genre)
    kind, titles, deks = rng.choice(STORY_KINDS)
    title = _fill(rng.choice(titles), slots)
    dek = _fill(rng.choice(deks), slots)
    body = _body_draw(rng, slots)

    span = (LAST_DATE - FIRST_DATE).total_seconds()
    published = FIRST_DATE + timedelta(seconds=int(rng.random() * span))
    tags = (slots["network"], kind, genre)
    return ArticleSpec(
        number=number,
        title=title,
        dek=dek,
        tags=tags,
        body=body,
        published=published,
        show=show,
    )


def _slots_draw(rng: random.Random, *, show: str, other_show: str, genre: str) -> dict:
    """The values the templates' {slots} are filled with, for one article."""
    season = rng.randint(2, 9)
    return {
        "show": show,
        "other_show": other_show,
        "network": rng.choice(NETWORKS),
        "genre_lower": genre.lower(),
        "season": season,
        "previous": season - 1,
        "total": season + rng.randint(0, 3),
        "person": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "role": rng.choice(ROLES),
        "month": rng.choice(MONTHS),
        "year": rng.randint(2017, 2026),
        "weekday": rng.choice(WEEKDAYS),
        "season_of_year": rng.choice(SEASONS_OF_YEAR),
        "city": rng.choice(CITIES),
        "viewers": f"{rng.randint(11, 290) / 10:.1f}",
        "episodes": rng.randint(6, 10),
        "weeks": rng.randint(2, 12),
        "quality": rng.choice(QUALITIES),
    }


def _body_draw(rng: random.Random, slots: dict) -> list[dict]:
    """The StreamField body: three to five paragraphs, sometimes a quote."""
    paragraphs = [_paragraph_draw(rng, slots) for _ in range(rng.randint(3, 5))]
    body = [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]
    if rng.random() < 0.3:
        body.insert(2, _quote_block_draw(rng, slots))
    return body


def _paragraph_draw(rng: random.Random, slots: dict) -> str:
    """One paragraph; now and then a rare word, so rare searches find a few."""
    sentences = [_fill(s, slots) for s in rng.sample(SENTENCES, rng.randint(2, 4))]
    if rng.random() < RARE_WORD_CHANCE:
        word = rng.choice(RARE_WORDS)
        sentences.append(f"One scene involves a {word}, of all things.")
    if rng.random() < 0.2:
        sentences.append(
            f"Fans of {slots['other_show']} will recognise the tone of the new season."
        )
    return " ".join(sentences)


def _quote_block_draw(rng: random.Random, slots: dict) -> dict:
    """An attributed quote block, spoken by the article's person."""
    return {
        "type": "quote",
        "value": {
            "quote": _fill(rng.choice(QUOTES), slots),
            "person": slots["person"],
            "role": slots["role"].capitalize(),
            "organisation": slots["network"],
            "source": "",
            "source_url": "",
            "date": None,
        },
    }
