"""Demo articles and authors, written fresh for Cliffhanger's demo site."""

from __future__ import annotations

AUTHORS = [
    {
        "slug": "ayman-bhorania",
        "name": "Ayman Bhorania",
        "bio": "Ayman Bhorania is Cliffhanger's TV editor, which mostly means keeping a spreadsheet of every renewal, cancellation and premiere date so readers don't have to.",
        "links": [("Website", "https://example.com/ayman")],
    },
    {
        "slug": "marisol-kettering",
        "name": "Marisol Kettering",
        "bio": "Marisol Kettering covers the business of streaming, from price rises to rebrands. Before joining Cliffhanger she spent years reporting on consumer technology and still reads earnings calls for fun.",
        "links": [("Newsletter", "https://example.org/marisol-streams")],
    },
    {
        "slug": "dev-okafor-lind",
        "name": "Dev Okafor-Lind",
        "bio": "Dev Okafor-Lind is Cliffhanger's film critic and awards-season obsessive. He reviews new releases in cinemas and on streaming, and will happily argue about running times.",
        "links": [
            ("Website", "https://example.com/dev"),
            ("Letterboxd-style diary", "https://example.org/dev-watches"),
        ],
    },
]

SECTIONS = [
    # (slug, title, intro sentence, parent slug or None) -- parents listed before children
    (
        "entertainment",
        "Entertainment",
        "News and analysis from across film, television and the industry that makes them.",
        None,
    ),
    (
        "tv",
        "TV",
        "Renewals, cancellations, premiere dates and everything-we-know guides for the shows you watch.",
        "entertainment",
    ),
    (
        "streaming",
        "Streaming",
        "What the streamers are launching, pricing, renaming and planning next.",
        "entertainment",
    ),
    (
        "movies",
        "Movies",
        "Box office, awards and release news from the big screen.",
        None,
    ),
    (
        "reviews",
        "Reviews",
        "Our critics' verdicts on new series and films, spoilers flagged.",
        None,
    ),
]

ARTICLES = [
    # ------------------------------------------------------------------ TV
    {
        "section": "tv",
        "slug": "wednesday-season-2-renewed",
        "title": "Netflix renews Wednesday for a second season",
        "dek": "Jenna Ortega's deadpan Addams daughter is heading back to Nevermore Academy after the series became one of Netflix's biggest English-language hits.",
        "authors": ["ayman-bhorania"],
        "tags": ["Netflix", "Renewals", "Comedy"],
        "published": "2023-01-06T14:30",
        "body": [
            (
                "paragraph",
                "<p>It was never really in doubt, but it is now official: Netflix has renewed <i>Wednesday</i> for a second season. The streamer confirmed the news on 6 January 2023 with a short, suitably gloomy teaser starring Jenna Ortega.</p>",
            ),
            (
                "paragraph",
                "<p>The series, created by Alfred Gough and Miles Millar with Tim Burton directing several episodes, arrived on 23 November 2022. Netflix said viewers watched more than a billion hours of it within its first few weeks, putting it in the same conversation as <i>Stranger Things</i>.</p>",
            ),
            ("heading", {"text": "Why the renewal matters", "level": "h2"}),
            (
                "paragraph",
                "<p>Part of the show's reach came from outside Netflix entirely. Ortega's stiff-limbed dance at the Rave'N was recreated by thousands of people online, giving the series a second life on social media long after the binge was over.</p>",
            ),
            ("heading", {"text": "What we don't know yet", "level": "h3"}),
            (
                "paragraph",
                "<p>Netflix has not announced a premiere window, an episode count or which cast members will return. Given how long the first season took to produce, a quick turnaround looks unlikely.</p>",
            ),
            (
                "quote",
                {
                    "quote": "A renewal like this is a formality, but the speed of it tells you how much the platform wants a new franchise that isn't about the 1980s.",
                    "person": "Harriet Quell",
                    "role": "Television analyst",
                    "organisation": "Northgate Media Research",
                    "source": "The Screen Ledger",
                    "source_url": "",
                    "date": "2023-01-06",
                },
            ),
        ],
        "updates": [
            (
                "2023-01-09T10:00",
                "Added context on the viewing figures Netflix reported for season one.",
            )
        ],
        "views": 812,
    },
    {
        "section": "tv",
        "slug": "netflix-cancels-1899",
        "title": "Netflix cancels 1899 after a single season",
        "dek": "The multilingual mystery from the creators of Dark will not continue, its showrunners confirmed at the start of January.",
        "authors": ["ayman-bhorania"],
        "tags": ["Netflix", "Cancellations", "Sci-Fi"],
        "published": "2023-01-03T09:15",
        "body": [
            (
                "paragraph",
                "<p><i>1899</i> will not be getting a second voyage. Creators Baran bo Odar and Jantje Friese told fans on social media that Netflix had decided not to continue the series, only weeks after it premiered on 17 November 2022.</p>",
            ),
            (
                "paragraph",
                "<p>The eight-episode drama followed passengers on a migrant steamship bound from Europe to New York, with characters speaking their own languages throughout. Its puzzle-box structure drew obvious comparisons with <i>Dark</i>, the pair's earlier Netflix series, which ran for three seasons.</p>",
            ),
            ("heading", {"text": "A familiar pattern", "level": "h2"}),
            (
                "paragraph",
                "<p>The cancellation fits a pattern fans have learned to dread. Expensive genre shows that end on a cliffhanger now seem to need enormous viewing numbers almost immediately, and a slow-building audience is rarely given time to catch up.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Every cancellation like this teaches viewers to wait until a show is finished before they start it, which makes the next cancellation more likely.",
                    "person": "Oskar Randell",
                    "role": "Senior critic",
                    "organisation": "Flicker Weekly",
                    "source": "Flicker Weekly",
                    "source_url": "",
                    "date": "2023-01-03",
                },
            ),
            (
                "paragraph",
                "<p>The first season remains available to stream. Anyone starting it now should know that its final twist will stay unresolved.</p>",
            ),
        ],
        "updates": [],
        "views": 534,
    },
    {
        "section": "tv",
        "slug": "warrior-nun-cancelled",
        "title": "Warrior Nun cancelled at Netflix after two seasons",
        "dek": "The supernatural action series starring Alba Baptista has been dropped, despite a vocal fanbase and a second season that arrived only weeks ago.",
        "authors": ["ayman-bhorania", "marisol-kettering"],
        "tags": ["Netflix", "Cancellations", "Fan Campaigns"],
        "published": "2022-12-14T11:00",
        "body": [
            (
                "paragraph",
                "<p>Netflix has cancelled <i>Warrior Nun</i>, creator Simon Barry confirmed this week. The decision comes barely a month after the second season landed in November.</p>",
            ),
            (
                "paragraph",
                "<p>Based on the comic book character Warrior Nun Areala, the series starred Alba Baptista as Ava Silva, a young woman who wakes up in a morgue with a divine artefact embedded in her back. The second season expanded the mythology and leaned further into its central romance.</p>",
            ),
            ("heading", {"text": "Fans are not letting go", "level": "h2"}),
            (
                "paragraph",
                "<p>Within hours of the news, the #SaveWarriorNun hashtag was trending, with viewers urging other networks and streamers to pick the show up. Campaigns like this rarely succeed, but they occasionally do, and this one is already unusually organised.</p>",
            ),
            (
                "paragraph",
                "<p>For now, both seasons remain on Netflix. We will update this story if another home for the series emerges.</p>",
            ),
        ],
        "updates": [],
        "views": 388,
    },
    {
        "section": "tv",
        "slug": "the-last-of-us-renewed-season-2",
        "title": "HBO renews The Last of Us for season 2",
        "dek": "Only two episodes in, HBO has committed to more of its video game adaptation starring Pedro Pascal and Bella Ramsey.",
        "authors": ["ayman-bhorania"],
        "tags": ["HBO", "Renewals", "Drama"],
        "published": "2023-01-27T18:45",
        "body": [
            (
                "paragraph",
                "<p>HBO has renewed <i>The Last of Us</i> for a second season, less than two weeks after the series premiered on 15 January 2023. Few dramas are picked up this early, and it says a lot about how confident the network is in the show.</p>",
            ),
            (
                "paragraph",
                "<p>The series is adapted from Naughty Dog's game by Craig Mazin, who created <i>Chernobyl</i>, and Neil Druckmann, who wrote and co-directed the original game. Pedro Pascal plays the smuggler Joel and Bella Ramsey plays Ellie, the teenager he is hired to get across a ruined America.</p>",
            ),
            ("heading", {"text": "Where the story could go", "level": "h2"}),
            (
                "paragraph",
                "<p>The first season covers the events of the first game, so a second season would naturally draw on its 2020 sequel, <i>The Last of Us Part II</i>. That game is longer and more sprawling than the first, so it may well need more than one season to tell.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Video game adaptations have spent decades being a punchline, and this is the first one in a while that people talk about as simply good television.",
                    "person": "Nadia Ferrow",
                    "role": "Games and TV columnist",
                    "organisation": "Respawn Review",
                    "source": "Respawn Review",
                    "source_url": "",
                    "date": "2023-01-27",
                },
            ),
        ],
        "updates": [],
        "views": 701,
    },
    {
        "section": "tv",
        "slug": "everything-we-know-stranger-things-season-5",
        "title": "Stranger Things season 5: everything we know about the final season",
        "dek": "Release dates, the three-part rollout and what the Duffer Brothers have said about ending the show that defined Netflix.",
        "authors": ["ayman-bhorania"],
        "tags": ["Netflix", "Explainers", "Premiere Dates", "Sci-Fi"],
        "published": "2025-07-17T16:00",
        "body": [
            (
                "paragraph",
                "<p>After a very long wait, Hawkins is nearly ready to say goodbye. <i>Stranger Things</i> will end with its fifth season, as the Duffer Brothers confirmed back in 2022, and Netflix has finally set out how the last episodes will arrive.</p>",
            ),
            (
                "heading",
                {"text": "When is Stranger Things season 5 released?", "level": "h2"},
            ),
            (
                "paragraph",
                "<p>Netflix is splitting the eight episodes into three drops. Volume 1 arrives on 26 November 2025, Volume 2 follows on Christmas Day, and the finale lands on New Year's Eve.</p>",
            ),
            ("heading", {"text": "Why has it taken so long?", "level": "h3"}),
            (
                "paragraph",
                "<p>Season 4 was released in two parts in May and July 2022. The follow-up was then held back by the 2023 writers' and actors' strikes, and by a production schedule that grew along with the show's ambitions.</p>",
            ),
            ("heading", {"text": "Who is coming back?", "level": "h2"}),
            (
                "paragraph",
                "<p>The core cast is expected to return, including Millie Bobby Brown, Winona Ryder and David Harbour. The young actors who started the show as children are now adults, and the gap between seasons has only made that more obvious.</p>",
            ),
        ],
        "updates": [],
        "views": 897,
    },
    {
        "section": "tv",
        "slug": "everything-we-know-the-last-of-us-season-2",
        "title": "The Last of Us season 2: everything we know",
        "dek": "The premiere date, the new faces joining Pedro Pascal and Bella Ramsey, and why this season is shorter than the first.",
        "authors": ["ayman-bhorania", "marisol-kettering"],
        "tags": ["HBO", "Explainers", "Premiere Dates", "Drama"],
        "published": "2025-02-20T13:00",
        "body": [
            (
                "paragraph",
                "<p>Two years after its debut, <i>The Last of Us</i> is nearly back. HBO has confirmed that season 2 premieres on 13 April 2025, with new episodes weekly.</p>",
            ),
            ("heading", {"text": "How many episodes?", "level": "h2"}),
            (
                "paragraph",
                "<p>This season runs to seven episodes, two fewer than the first. The showrunners have said they picked a natural stopping point in the story of <i>The Last of Us Part II</i> rather than squeezing the entire game into one run.</p>",
            ),
            ("heading", {"text": "New cast members", "level": "h2"}),
            (
                "paragraph",
                "<p>Kaitlyn Dever joins as Abby, a character whose arrival shaped much of the debate around the second game. Isabela Merced plays Dina, and Jeffrey Wright, who voiced Isaac in the game, takes on the role in live action.</p>",
            ),
            ("heading", {"text": "Will there be a season 3?", "level": "h3"}),
            (
                "paragraph",
                "<p>HBO has not said yet, but the creators have been open about needing more than one season to finish adapting the sequel. We will update this guide when there is news.</p>",
            ),
        ],
        "updates": [],
        "views": 466,
    },
    # ----------------------------------------------------------- Streaming
    {
        "section": "streaming",
        "slug": "everything-we-know-severance-season-2",
        "title": "Severance season 2 finally has a premiere date",
        "dek": "Apple TV+ will return viewers to Lumon Industries in January 2025, almost three years after the first season ended.",
        "authors": ["marisol-kettering"],
        "tags": ["Apple TV+", "Explainers", "Premiere Dates", "Drama"],
        "published": "2024-07-10T15:20",
        "body": [
            (
                "paragraph",
                "<p>The wait for more <i>Severance</i> has a finish line. Apple TV+ says the second season premieres on 17 January 2025, with ten episodes released weekly.</p>",
            ),
            (
                "paragraph",
                "<p>The first season debuted in February 2022 and became one of Apple's most talked-about originals. Its finale ended on several cliffhangers at once, which made the long gap feel even longer.</p>",
            ),
            ("heading", {"text": "Why the delay?", "level": "h2"}),
            (
                "paragraph",
                "<p>Production on season 2 was interrupted by the 2023 strikes, and the show's precise, carefully designed look does not lend itself to shortcuts. Ben Stiller, who directs many episodes, is known for taking his time.</p>",
            ),
            ("heading", {"text": "Who is returning?", "level": "h3"}),
            (
                "paragraph",
                "<p>Adam Scott is back as Mark, alongside Britt Lower, Zach Cherry, John Turturro, Patricia Arquette, Tramell Tillman and Christopher Walken. Dan Erickson, who created the series, remains showrunner.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Apple doesn't have the biggest library, so it needs a few shows people will actually wait years for. Severance is one of them.",
                    "person": "Teodora Blaine",
                    "role": "Streaming industry analyst",
                    "organisation": "Halfmoon Insights",
                    "source": "The Streaming Desk",
                    "source_url": "",
                    "date": "2024-07-10",
                },
            ),
        ],
        "updates": [],
        "views": 623,
    },
    {
        "section": "streaming",
        "slug": "netflix-basic-with-ads-launch",
        "title": "Netflix launches its cheaper plan with ads",
        "dek": "Basic with Ads costs $6.99 a month in the US and arrives in a dozen countries, marking a major shift for a service that long resisted advertising.",
        "authors": ["marisol-kettering"],
        "tags": ["Netflix", "Streaming Business", "Pricing"],
        "published": "2022-11-03T12:00",
        "body": [
            (
                "paragraph",
                "<p>Netflix now has adverts. Its new Basic with Ads plan has launched in 12 countries, including the US, where it costs $6.99 a month.</p>",
            ),
            (
                "paragraph",
                "<p>Subscribers on the plan will see a few minutes of ads per hour, and some titles are unavailable because of licensing restrictions. Downloads for offline viewing are not included.</p>",
            ),
            ("heading", {"text": "Why now?", "level": "h2"}),
            (
                "paragraph",
                "<p>For years Netflix executives insisted that advertising did not fit the service. A slowdown in subscriber growth earlier in 2022 changed the calculation, and a cheaper tier gives price-conscious viewers a reason to stay.</p>",
            ),
            (
                "quote",
                {
                    "quote": "The ad tier is less about the $6.99 and more about keeping people who would otherwise cancel the moment their favourite show ends.",
                    "person": "Gil Marchetti",
                    "role": "Media economist",
                    "organisation": "Easton Business School",
                    "source": "The Streaming Desk",
                    "source_url": "",
                    "date": "2022-11-03",
                },
            ),
        ],
        "updates": [],
        "views": 287,
    },
    {
        "section": "streaming",
        "slug": "hbo-max-relaunches-as-max",
        "title": "HBO Max is now just Max",
        "dek": "Warner Bros. Discovery has relaunched its streamer under a shorter name, folding in reality and lifestyle shows from discovery+.",
        "authors": ["marisol-kettering"],
        "tags": ["HBO", "Streaming Business", "Rebrands"],
        "published": "2023-05-23T10:30",
        "body": [
            (
                "paragraph",
                "<p>The app formerly known as HBO Max has a new name. Warner Bros. Discovery relaunched the service as Max on 23 May 2023, combining HBO's prestige dramas with the unscripted programming of discovery+.</p>",
            ),
            (
                "paragraph",
                "<p>Existing subscribers can sign in with their old details, and their watch history carries over. Some smart TVs and older devices need the new Max app installed.</p>",
            ),
            ("heading", {"text": "What is in a name?", "level": "h2"}),
            (
                "paragraph",
                "<p>Dropping HBO from the title is a gamble. The letters are among the most valuable in television, but the company argues they made a broad, family-friendly service feel narrower than it really is.</p>",
            ),
            (
                "paragraph",
                "<p>Prices and plans have changed too, with an ad-supported tier, an ad-free tier and a higher tier with 4K streaming. Check the app before your next renewal date.</p>",
            ),
        ],
        "updates": [
            (
                "2025-07-10T09:00",
                "Warner Bros. Discovery has since restored the HBO Max name; the service switched back in July 2025.",
            )
        ],
        "views": 352,
    },
    {
        "section": "streaming",
        "slug": "netflix-password-sharing-crackdown-us",
        "title": "Netflix's password sharing crackdown reaches the US",
        "dek": "Members who share accounts outside their household are being asked to pay $7.99 a month for an extra member or have the other person sign up themselves.",
        "authors": ["marisol-kettering", "ayman-bhorania"],
        "tags": ["Netflix", "Streaming Business", "Pricing"],
        "published": "2023-05-24T08:00",
        "body": [
            (
                "paragraph",
                "<p>The free ride is over. Netflix has started emailing US subscribers whose accounts are being used outside their household, explaining that a Netflix account is meant for one home.</p>",
            ),
            (
                "paragraph",
                "<p>Account owners can add an extra member for $7.99 a month, or the person using the login can transfer their profile to a new account of their own. Recommendations and viewing history move across with the profile.</p>",
            ),
            (
                "heading",
                {
                    "text": "How Netflix decides what counts as a household",
                    "level": "h2",
                },
            ),
            (
                "paragraph",
                "<p>The company says it uses information such as IP addresses, device IDs and account activity. Travellers can still watch on their own devices away from home.</p>",
            ),
            ("heading", {"text": "Will people actually pay?", "level": "h3"}),
            (
                "paragraph",
                "<p>Netflix tested the approach in Latin America before expanding it. The company's bet is that most borrowers will grumble but sign up, because cancelling means losing the shows they already watch.</p>",
            ),
        ],
        "updates": [],
        "views": 745,
    },
    # -------------------------------------------------------------- Movies
    {
        "section": "movies",
        "slug": "barbenheimer-opening-weekend",
        "title": "Barbenheimer weekend delivers for cinemas",
        "dek": "Barbie and Oppenheimer opened on the same day and, instead of cannibalising each other, gave theatres one of their busiest weekends in years.",
        "authors": ["dev-okafor-lind"],
        "tags": ["Box Office", "Warner Bros.", "Universal"],
        "published": "2023-07-24T09:30",
        "body": [
            (
                "paragraph",
                "<p>It started as a scheduling clash and turned into an event. Greta Gerwig's <i>Barbie</i> and Christopher Nolan's <i>Oppenheimer</i> both opened on 21 July 2023, and audiences decided to see both.</p>",
            ),
            (
                "paragraph",
                "<p><i>Barbie</i> took about $162 million in North America over its opening weekend, the biggest debut of the year so far. <i>Oppenheimer</i>, a three-hour historical drama, opened above $80 million, a remarkable figure for a film of its kind.</p>",
            ),
            ("heading", {"text": "Double features are back", "level": "h2"}),
            (
                "paragraph",
                "<p>Plenty of moviegoers turned the weekend into a double bill, often dressed in pink for one film and black for the other. Cinemas added extra screenings, and some IMAX shows of <i>Oppenheimer</i> sold out weeks in advance.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Nobody in a boardroom would have planned this. The audience invented the marketing campaign themselves.",
                    "person": "Rosalind Achterberg",
                    "role": "Box office correspondent",
                    "organisation": "Marquee Daily",
                    "source": "Marquee Daily",
                    "source_url": "",
                    "date": "2023-07-23",
                },
            ),
        ],
        "updates": [],
        "views": 654,
    },
    {
        "section": "movies",
        "slug": "oppenheimer-wins-best-picture",
        "title": "Oppenheimer wins best picture at the 96th Academy Awards",
        "dek": "Christopher Nolan's film took seven Oscars, including best director and acting prizes for Cillian Murphy and Robert Downey Jr.",
        "authors": ["dev-okafor-lind"],
        "tags": ["Awards", "Oscars", "Universal"],
        "published": "2024-03-11T07:15",
        "body": [
            (
                "paragraph",
                "<p>As expected, <i>Oppenheimer</i> dominated the 96th Academy Awards on 10 March 2024. Christopher Nolan's biopic of the physicist J. Robert Oppenheimer won seven Oscars, including best picture.</p>",
            ),
            (
                "paragraph",
                "<p>Nolan won best director, his first Oscar after years of nominations. Cillian Murphy took best actor and Robert Downey Jr. won best supporting actor for his turn as Lewis Strauss.</p>",
            ),
            ("heading", {"text": "The other big winners", "level": "h2"}),
            (
                "paragraph",
                "<p>Emma Stone won best actress for <i>Poor Things</i>, and Da'Vine Joy Randolph won best supporting actress for <i>The Holdovers</i>. <i>Barbie</i>, the other half of last summer's double act, won best original song for Billie Eilish and Finneas's <i>What Was I Made For?</i></p>",
            ),
            ("heading", {"text": "Craft awards", "level": "h3"}),
            (
                "paragraph",
                "<p><i>Oppenheimer</i> also won for Hoyte van Hoytema's cinematography, Jennifer Lame's editing and Ludwig Göransson's score. It was a near-sweep for a film that many in the industry once considered too serious to be a hit.</p>",
            ),
        ],
        "updates": [],
        "views": 508,
    },
    {
        "section": "movies",
        "slug": "everything-everywhere-all-at-once-oscars",
        "title": "Everything Everywhere All at Once sweeps the Oscars",
        "dek": "The A24 multiverse comedy won seven Academy Awards, including best picture, best actress for Michelle Yeoh and best director for the Daniels.",
        "authors": ["dev-okafor-lind"],
        "tags": ["Awards", "Oscars", "A24"],
        "published": "2023-03-13T06:45",
        "body": [
            (
                "paragraph",
                "<p>A film about taxes, laundromats and hot-dog fingers is now a best picture winner. <i>Everything Everywhere All at Once</i> took seven Oscars at the 95th Academy Awards on 12 March 2023, more than any other film of the night.</p>",
            ),
            (
                "paragraph",
                "<p>Michelle Yeoh won best actress, and Ke Huy Quan and Jamie Lee Curtis won the supporting acting prizes. Daniel Kwan and Daniel Scheinert, who work together as Daniels, won best director and best original screenplay.</p>",
            ),
            ("heading", {"text": "A win for the mid-budget original", "level": "h2"}),
            (
                "paragraph",
                "<p>The film was not based on a franchise, a book or a true story. Its success at the box office and now at the Oscars is a welcome reminder that strange, original films can still find a very large audience.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Ten years ago a film this odd would have been a cult favourite at best. Now it's the establishment choice, and that is worth celebrating.",
                    "person": "Marguerite Osei",
                    "role": "Film historian",
                    "organisation": "Kelmscott Film Institute",
                    "source": "Reel Notes",
                    "source_url": "",
                    "date": "2023-03-13",
                },
            ),
        ],
        "updates": [],
        "views": 431,
    },
    # ------------------------------------------------------------- Reviews
    {
        "section": "reviews",
        "slug": "the-bear-season-2-review",
        "title": "The Bear season 2 review: the kitchen gets bigger, and better",
        "dek": "FX's restaurant drama trades chaos for ambition, and two standout episodes make this one of the best seasons of TV this year.",
        "authors": ["ayman-bhorania"],
        "tags": ["FX", "Hulu", "Comedy", "Drama"],
        "published": "2023-06-26T12:00",
        "body": [
            (
                "paragraph",
                "<p>The first season of <i>The Bear</i> was a panic attack in half-hour instalments. The second, all ten episodes of which arrived on Hulu on 22 June 2023, slows down just enough to let its characters breathe, even while they rebuild a restaurant against the clock.</p>",
            ),
            (
                "paragraph",
                "<p>Jeremy Allen White's Carmy remains the centre, but the season is generous with everyone else. Ayo Edebiri's Sydney gets room to doubt herself, and Ebon Moss-Bachrach's Richie gets a storyline that nobody watching the first season would have predicted.</p>",
            ),
            ("heading", {"text": "Fishes and Forks", "level": "h2"}),
            (
                "paragraph",
                "<p>Two episodes stand out. <i>Fishes</i>, a long Christmas flashback with Jamie Lee Curtis as the Berzatto matriarch, is as tense as any thriller. <i>Forks</i> sends Richie to work in a fine-dining kitchen and turns out to be the warmest episode the show has made.</p>",
            ),
            ("heading", {"text": "The verdict", "level": "h3"}),
            (
                "paragraph",
                "<p>A few of the middle episodes wander, and the season ends on a note that some will find frustrating. But when <i>The Bear</i> is this good, it is hard to think of anything on television that feels so alive.</p>",
            ),
        ],
        "updates": [],
        "views": 579,
    },
    {
        "section": "reviews",
        "slug": "severance-season-2-review",
        "title": "Severance season 2 review: worth the three-year wait",
        "dek": "Apple TV+'s office thriller returns stranger, sadder and more confident, even if it occasionally mistakes mystery for momentum.",
        "authors": ["ayman-bhorania"],
        "tags": ["Apple TV+", "Drama", "Sci-Fi"],
        "published": "2025-01-17T08:00",
        "body": [
            (
                "paragraph",
                "<p>Returning after a long absence is hard for any show, and harder still for one built on secrets. <i>Severance</i> handles it with unnerving calm, dropping viewers straight back onto Lumon's severed floor as though no time has passed.</p>",
            ),
            (
                "paragraph",
                "<p>Adam Scott is excellent as both versions of Mark, and the season makes more of the gap between them. Britt Lower's Helly R. and Tramell Tillman's eerily cheerful Milchick are given some of the best material.</p>",
            ),
            ("heading", {"text": "What works", "level": "h2"}),
            (
                "paragraph",
                "<p>The production design is still among the best on television, all beige corridors and unsettling symmetry. The writing finds new ways to be funny about corporate life without losing sight of how bleak the premise really is.</p>",
            ),
            (
                "quote",
                {
                    "quote": "It's the rare sequel season that makes the first one better in hindsight.",
                    "person": "Juno Abernethy",
                    "role": "TV critic",
                    "organisation": "The Late Review",
                    "source": "The Late Review",
                    "source_url": "",
                    "date": "2025-01-16",
                },
            ),
            ("heading", {"text": "What doesn't", "level": "h3"}),
            (
                "paragraph",
                "<p>A couple of episodes stall, hinting at answers without moving the story forward. Patience is rewarded, though, and the back half of the season is as gripping as anything the show has done.</p>",
            ),
        ],
        "updates": [],
        "views": 392,
    },
    {
        "section": "reviews",
        "slug": "dune-part-two-review",
        "title": "Dune: Part Two review: a blockbuster with sand in its bones",
        "dek": "Denis Villeneuve completes his adaptation of the first Dune novel with a sequel that is bigger, darker and more confident than its predecessor.",
        "authors": ["dev-okafor-lind"],
        "tags": ["Warner Bros.", "Sci-Fi", "Blockbusters"],
        "published": "2024-02-29T19:00",
        "body": [
            (
                "paragraph",
                "<p><i>Dune: Part Two</i> opens in cinemas on 1 March 2024, and it is the kind of film that justifies the trip. Denis Villeneuve picks up exactly where the first film stopped, with Paul Atreides hiding among the Fremen of Arrakis.</p>",
            ),
            (
                "paragraph",
                "<p>Timothée Chalamet gives Paul a chilling edge as the story turns from adventure into something closer to tragedy. Zendaya, mostly a vision in the first film, finally gets a real character to play as Chani, and she becomes the film's moral centre.</p>",
            ),
            ("heading", {"text": "A villain worth the wait", "level": "h2"}),
            (
                "paragraph",
                "<p>Austin Butler is unrecognisable as Feyd-Rautha, the Harkonnen heir, and a sequence shot in stark black and white is among the most striking images in recent blockbuster cinema. Rebecca Ferguson, Florence Pugh and Christopher Walken round out an absurdly strong cast.</p>",
            ),
            (
                "paragraph",
                "<p>It is long, and some of the politics get lost in the spectacle. But it is rare to see a studio film this committed to its own strangeness, and rarer still to see one pull it off.</p>",
            ),
        ],
        "updates": [],
        "views": 488,
    },
    {
        "section": "reviews",
        "slug": "shrinking-review",
        "title": "Shrinking review: grief, therapy and Harrison Ford being very funny",
        "dek": "Apple TV+'s new comedy from Bill Lawrence, Jason Segel and Brett Goldstein has a rocky start but a big heart.",
        "authors": ["ayman-bhorania", "dev-okafor-lind"],
        "tags": ["Apple TV+", "Comedy"],
        "published": "2023-01-27T09:00",
        "body": [
            (
                "paragraph",
                "<p><i>Shrinking</i> premieres on Apple TV+ on 27 January 2023, and its pitch sounds uncomfortable. Jason Segel plays Jimmy, a therapist so flattened by grief that he starts telling his patients exactly what he thinks of their choices.</p>",
            ),
            (
                "paragraph",
                "<p>The series comes from Bill Lawrence and Brett Goldstein, two of the people behind <i>Ted Lasso</i>, along with Segel. The family resemblance is obvious: this is another show about decent people trying to be kinder to each other, with more swearing than you might expect.</p>",
            ),
            ("heading", {"text": "The Harrison Ford factor", "level": "h2"}),
            (
                "paragraph",
                "<p>The real surprise is Harrison Ford as Paul, Jimmy's gruff senior colleague. Ford has rarely been this loose on screen, and his dry delivery gets the biggest laughs of the season.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Harrison Ford doing deadpan sitcom reactions is the casting gift nobody knew they needed.",
                    "person": "Priyanka Vaswell",
                    "role": "Comedy critic",
                    "organisation": "Laugh Track Quarterly",
                    "source": "Laugh Track Quarterly",
                    "source_url": "",
                    "date": "2023-01-26",
                },
            ),
            (
                "paragraph",
                "<p>The first couple of episodes push Jimmy's bad behaviour a little too hard. Stick with it: once Jessica Williams' Gaby gets more to do, the show finds its rhythm.</p>",
            ),
        ],
        "updates": [],
        "views": 214,
    },
    # ------------------------------------------------------- Entertainment
    {
        "section": "entertainment",
        "slug": "law-and-order-ampersand-titles",
        "title": "Law & Order, Will & Grace and TV's love affair with the ampersand",
        "dek": "Why so many long-running shows put an ampersand in the title, and what it takes for a franchise to outlast almost everything else on television.",
        "authors": ["ayman-bhorania"],
        "tags": ["NBC", "Franchises", "Explainers"],
        "published": "2023-02-23T17:30",
        "body": [
            (
                "paragraph",
                "<p>Few symbols in TV are as recognisable as the one in <i>Law &amp; Order</i>. Dick Wolf's procedural began on NBC in 1990, ran for 20 seasons, and came back in February 2022 as if it had never left.</p>",
            ),
            (
                "paragraph",
                "<p>Its spin-off, <i>Law &amp; Order: Special Victims Unit</i>, has been on the air since 1999 and is now the longest-running live-action primetime series in American television. In other words: SVU seasons &gt; 20, and the number of episodes you have missed is probably &gt; 400.</p>",
            ),
            ("heading", {"text": "Two nouns and a symbol", "level": "h2"}),
            (
                "paragraph",
                "<p>The formula is simple: two words joined by an ampersand tell you the premise before the credits roll. <i>Will &amp; Grace</i>, <i>Rizzoli &amp; Isles</i> and <i>Law &amp; Order</i> all promise a pairing, and the pairing is the show.</p>",
            ),
            (
                "heading",
                {"text": "A note for the people who build websites", "level": "h3"},
            ),
            (
                "paragraph",
                "<p>Titles like these are a good test for any publishing system. An ampersand (&amp;) or a pair of angle brackets like &lt;this&gt; should come out exactly as written, and a tag such as &lt;b&gt; typed as text should never turn the rest of the page bold.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Give an audience two names and an ampersand and they'll give you twenty seasons. Law & Order proved the shape works.",
                    "person": "Corwin Haskell",
                    "role": "Television historian",
                    "organisation": "Westbrook Broadcast Archive",
                    "source": "Primetime Past",
                    "source_url": "",
                    "date": "2023-02-20",
                },
            ),
        ],
        "updates": [],
        "views": 163,
    },
    {
        "section": "entertainment",
        "slug": "writers-strike-ends",
        "title": "The Hollywood writers' strike is over",
        "dek": "The Writers Guild of America has ended its strike after 148 days, though actors remain on the picket lines and many productions cannot restart yet.",
        "authors": ["marisol-kettering", "dev-okafor-lind"],
        "tags": ["Strikes", "Industry"],
        "published": "2023-09-27T07:30",
        "body": [
            (
                "paragraph",
                "<p>The Writers Guild of America's strike officially ended on 27 September 2023, after 148 days. It began on 2 May, when talks with the studios over pay, residuals and the use of artificial intelligence broke down.</p>",
            ),
            (
                "paragraph",
                "<p>Writers can now return to work while members vote to ratify the new contract. Late-night talk shows are expected to be among the first programmes back on air.</p>",
            ),
            (
                "heading",
                {"text": "What it means for your favourite shows", "level": "h2"},
            ),
            (
                "paragraph",
                "<p>Writers' rooms can reopen, but most scripted productions still cannot film. SAG-AFTRA, the actors' union, has been on strike since July, and until that dispute is resolved many series will stay on pause.</p>",
            ),
            (
                "paragraph",
                "<p>Viewers should expect delays well into next year. Several major shows, including <i>Stranger Things</i> and <i>Severance</i>, saw their production schedules disrupted by the strike.</p>",
            ),
        ],
        "updates": [
            (
                "2023-11-09T08:00",
                "SAG-AFTRA reached a deal with the studios and ended its strike in November, clearing the way for filming to resume.",
            )
        ],
        "views": 318,
    },
    {
        "section": "entertainment",
        "slug": "abbott-elementary-emmys-2022",
        "title": "Abbott Elementary is the story of the 2022 Emmys",
        "dek": "Quinta Brunson won for writing and Sheryl Lee Ralph gave the speech of the night as ABC's school sitcom made its mark.",
        "authors": ["ayman-bhorania", "dev-okafor-lind"],
        "tags": ["ABC", "Awards", "Emmys", "Comedy"],
        "published": "2022-09-13T08:20",
        "body": [
            (
                "paragraph",
                "<p>The 74th Primetime Emmy Awards on 12 September 2022 belonged to a network sitcom about underfunded teachers. <i>Abbott Elementary</i>, created by and starring Quinta Brunson, won two of the night's most memorable awards.</p>",
            ),
            (
                "paragraph",
                "<p>Brunson won outstanding writing for a comedy series for the pilot episode. Sheryl Lee Ralph, who plays veteran kindergarten teacher Barbara Howard, won best supporting actress in a comedy and opened her acceptance speech by singing.</p>",
            ),
            ("heading", {"text": "A win for broadcast TV", "level": "h2"}),
            (
                "paragraph",
                "<p>Streaming services have dominated the Emmys for years, so a success for an ABC comedy stands out. <i>Abbott Elementary</i> proves there is still an audience for a traditional, weekly, half-hour sitcom when it is this sharp.</p>",
            ),
            (
                "quote",
                {
                    "quote": "Abbott reminded everyone that a network comedy doesn't have to be a guilty pleasure. It can be the best thing on.",
                    "person": "Lena Moravec",
                    "role": "Awards columnist",
                    "organisation": "Gold Statue Weekly",
                    "source": "Gold Statue Weekly",
                    "source_url": "",
                    "date": "2022-09-13",
                },
            ),
        ],
        "updates": [],
        "views": 246,
    },
]
