"""
Demo comments, written for the demo (see shared/SEED-PAGE.md).

SEED_COMMENTS re-creates the seed page's seven reader comments in fresh words;
the fifth carries the one reply that argues with it. Everything else here is
raw material that `discussion.demo` combines, deterministically, into a long
thread of reader chatter about the final season of Stranger Things. Every
address and website uses the reserved example.com / example.org domains.
"""

SEED_COMMENTS = [
    {
        "name": "Leona Haskett",
        "email": "leona.haskett@example.com",
        "url": "",
        "body": (
            "Watched all ten episodes across two evenings and I'm already restless. "
            "Netflix, please don't leave Ingrid hanging there. That last episode "
            "only works if there is a next one."
        ),
        "posted": "2022-09-20T14:12",
        "replies": [],
    },
    {
        "name": "Bram Oyelaran",
        "email": "",
        "url": "",
        "body": (
            "The Marty Adler storyline is what the second season has to be about. "
            "Ingrid traded her silence for the promotion, and a secret like that "
            "never stays buried at a firm that size. I expect it to blow up in the "
            "first two episodes."
        ),
        "posted": "2022-09-22T03:47",
        "replies": [],
    },
    {
        "name": "Fen Carrow",
        "email": "fen.carrow@example.com",
        "url": "https://example.org/fen-watches-tv",
        "body": (
            "Rachel deserved so much more screen time; every scene she was in had "
            "more bite than the ones around it. And Tyler quietly had one of the "
            "strongest arcs of the season. I would happily watch a whole episode "
            "told from his side of the office."
        ),
        "posted": "2022-09-25T19:05",
        "replies": [],
    },
    {
        "name": "Marguerite Soto",
        "email": "",
        "url": "",
        "body": (
            "Am I the only one who still can't read Murphy? Every time he did "
            "something decent, the next scene undercut it. I honestly think he "
            "*believes* he is the good guy, which makes him more dangerous than "
            "anyone else in that office. If season two explains what drives him, "
            "I'm in."
        ),
        "posted": "2022-09-29T11:30",
        "replies": [],
    },
    {
        "name": "Kaito Brennan",
        "email": "kbrennan@example.com",
        "url": "",
        "body": (
            "Calling it now: Ingrid ends up with Nick. He was the one person who "
            "never asked her to be smaller than she is, and the show kept putting "
            "him back in her path for a reason. Z was fun, but Z was a detour."
        ),
        "posted": "2022-10-04T22:18",
        "replies": [
            {
                "name": "Tamsin Achebe",
                "email": "",
                "url": "",
                "body": (
                    "I read it completely the other way. Nick is lovely on paper, "
                    "but every scene with him is about the life *he* wants her to "
                    "have. Z meets her where she actually is. If there is a second "
                    "season, my money is on Z, or on Ingrid choosing neither of "
                    "them and running the firm."
                ),
                "posted": "2022-10-06T08:41",
            }
        ],
    },
    {
        "name": "Oskar Lindqvist-Reyes",
        "email": "",
        "url": "",
        "body": (
            "What stayed with me is how the finale reframes everything. "
            "||She made partner by staying quiet about Marty Adler||, and the "
            "celebration scene is suddenly the saddest scene of the whole season. "
            "That's a brave place to stop."
        ),
        "posted": "2022-10-15T16:02",
        "replies": [],
    },
    {
        "name": "Priya Venkataraman",
        "email": "priya.v@example.com",
        "url": "",
        "body": (
            "Still no news about season two and I keep checking. For anyone who "
            "wants a refresher before it (hopefully) returns, I put together "
            "[a short guide to who's who at the firm]"
            "(https://example.org/partner-track-whos-who). Murphy gets the longest "
            "entry, obviously."
        ),
        "posted": "2022-11-02T20:55",
        "replies": [],
    },
]


# Readers of the long thread: a name is built from these (a first name with a
# surname or an initial, or one of the handles).
READER_FIRST_NAMES = [
    "Aaliyah",
    "Abel",
    "Ada",
    "Aditya",
    "Agnes",
    "Aiden",
    "Alba",
    "Amara",
    "Anders",
    "Aoife",
    "Arjun",
    "Astrid",
    "Beatriz",
    "Bilal",
    "Bo",
    "Bruno",
    "Callum",
    "Camille",
    "Chidi",
    "Clara",
    "Cormac",
    "Dalia",
    "Daniel",
    "Dev",
    "Ebony",
    "Elif",
    "Emeka",
    "Esme",
    "Farah",
    "Felix",
    "Freya",
    "Gideon",
    "Greta",
    "Hana",
    "Hector",
    "Idris",
    "Ines",
    "Isla",
    "Jae",
    "Jonah",
    "Josefina",
    "Jules",
    "Kai",
    "Kamala",
    "Keanu",
    "Lars",
    "Leila",
    "Lorenzo",
    "Lucia",
    "Maeve",
    "Malik",
    "Mara",
    "Mateo",
    "Mei",
    "Milo",
    "Nadia",
    "Niamh",
    "Nikhil",
    "Noor",
    "Olu",
    "Orla",
    "Pablo",
    "Petra",
    "Quinn",
    "Rafael",
    "Rania",
    "Rosa",
    "Rowan",
    "Sami",
    "Saoirse",
    "Sven",
    "Tariq",
    "Thea",
    "Tobias",
    "Uma",
    "Valentina",
    "Wen",
    "Yara",
    "Yusuf",
    "Zoe",
]

READER_SURNAMES = [
    "Abara",
    "Albrecht",
    "Bakshi",
    "Barros",
    "Castellanos",
    "Chen",
    "Dalton",
    "Desai",
    "Duarte",
    "Eriksen",
    "Falconer",
    "Ferreira",
    "Gallagher",
    "Gomez",
    "Haddad",
    "Holm",
    "Ibarra",
    "Iwu",
    "Jansen",
    "Kapoor",
    "Kowalski",
    "Larkin",
    "Lindgren",
    "Mbeki",
    "McAllister",
    "Moreau",
    "Nakamura",
    "Novak",
    "Obi",
    "O'Keefe",
    "Park",
    "Petrov",
    "Quintero",
    "Rahman",
    "Rossi",
    "Sandoval",
    "Schmidt",
    "Shah",
    "Tanaka",
    "Thorne",
    "Ueda",
    "Varga",
    "Vance",
    "Walsh",
    "Whitfield",
    "Xu",
    "Yilmaz",
    "Zaragoza",
]

READER_HANDLES = [
    "hawkins_av_club",
    "demodog_dad",
    "waffle_theorist",
    "castle_byers",
    "starcourt_mall_rat",
    "palace_arcade_regular",
    "upside_down_tourist",
    "scoops_ahoy_intern",
    "hellfire_recruit",
    "family_video_clerk",
    "cerebro_on_the_hill",
    "snowball_1984",
    "lab_kid_012",
    "creel_house_tenant",
    "nightcrawler_walkie",
    "sattler_quarry",
    "mindflayed",
    "bike_bell_gang",
    "christmas_lights_code",
    "kamchatka_cookout",
    "telekinetic_toast",
    "lovers_lake_swimmer",
    "party_of_six",
    "red_light_walkie",
]


# Openers for a top-level comment: whole sentences, or ending in a colon.
THREAD_OPENERS = [
    "Rewatched the whole of season 4 over the weekend to get ready.",
    "Okay, final season prediction time.",
    "Long-time lurker, first comment.",
    "I have been waiting about three years for this article.",
    "Finally, actual dates!",
    "Three volumes feels like a lot of waiting, but fine.",
    "Calling it now.",
    "Hot take incoming.",
    "I was at school when this show started, and now I pay a mortgage.",
    "Bookmarking this to see who was right in January.",
    "I know everyone will say this, but here goes.",
    "Here's my theory and I'm sticking to it.",
    "The Duffers have been setting this up since the very first episode.",
    "Some thoughts after my fourth full rewatch.",
    "Not a popular opinion, I know.",
    "Serious question for the people who have read every interview.",
    "Just finished a rewatch with a friend who had never seen it.",
    "The cast being grown-ups now doesn't bother me at all.",
    "This is the show that got me to sign up for Netflix in the first place.",
    "Genuinely nervous about this one.",
    "One thing nobody talks about enough:",
    "Predictions, in no particular order.",
    "Watched the season 4 finale again last night and noticed something.",
    "Everyone in my group chat has a different theory, so here's mine.",
    "Somebody please tell me I'm not the only one thinking this.",
    "I've had this theory since the Creel house episode.",
    "Can't believe it's really the last one.",
    "My whole family is doing a rewatch, one episode a night.",
    "After all this time, I just want them to land it.",
    "Deep breath.",
]

# Closers for a top-level comment.
THREAD_CLOSERS = [
    "Counting the days.",
    "November can't come fast enough.",
    "Fight me in the replies.",
    "Change my mind.",
    "I will be unbearable if I'm right.",
    "Screenshot this.",
    "We'll find out on New Year's Eve.",
    "Either way I'm going to cry.",
    "Tissues are already on the shopping list.",
    "Happy to be proven wrong, though.",
    "Let's see how this one ages.",
    "Somebody hold me to this.",
    "Anyway, that's my two cents.",
    "Please let it stick the landing.",
    "That's all I've got.",
    "Roll on Thanksgiving.",
]

# A few readers link to their own write-ups.
LINK_CLOSERS = [
    "I wrote the whole theory up [on my blog](https://example.org/hawkins-theory).",
    "Someone put together a great list of every Upside Down rule so far, "
    "[here](https://example.org/upside-down-rules).",
    "If you need a refresher, there's a tidy season 4 recap "
    "[over here](https://example.org/season-4-recap).",
    "My rewatch schedule, if anyone wants to join: "
    "[one episode a night](https://example.org/rewatch-calendar).",
    "I made a timeline of everything the show has told us about Henry Creel "
    "[right here](https://example.org/creel-timeline).",
]

# Opinions by subject. A reply usually stays on its parent's subject.
TOPICS = {
    "eleven": [
        "Eleven has to finish this herself; nobody else can carry that ending.",
        "I think Eleven loses her powers for good at the end, and that's the "
        "right ending for her.",
        "Eleven has spent four seasons being someone's weapon. I want her to "
        "choose something for herself once.",
        "If Eleven doesn't get one normal day at school before the end, I riot.",
        "Her scenes with Hopper are the heart of the show, more than any monster.",
        "I'm not convinced Eleven survives. The show keeps hinting at a sacrifice.",
        "Eleven and Max back together would be the scene of the season, *no contest*.",
        "The more Eleven remembers about the lab, the more I think the answer "
        "is in there.",
    ],
    "hopper": [
        "Hopper has dodged death twice already. I'm worried the third time sticks.",
        "I need one more Hopper letter. Just one.",
        "Hopper and Joyce finally getting their dinner date is all I ask.",
        "Prison in Russia changed Hopper, and I hope they don't quietly reset that.",
        "Hopper as the tired dad who is *trying* is my favourite version of him.",
        "If Hopper dies protecting Eleven I'm done. Emotionally, completely done.",
        "The Russia storyline dragged, but it gave Hopper something real to lose.",
    ],
    "will": [
        "Will has been sidelined since season 1 and it's finally his turn.",
        "Will feeling Vecna on the back of his neck was the biggest clue in season 4.",
        "The show began with Will going missing. It should end with Will too.",
        "I think Will still has a line into the hive mind, and that's the key "
        "to beating it.",
        "Will's painting scene in the van still gets me every single time.",
        "Let Will be happy. That's it. That's the whole comment.",
        "Will has been quietly the bravest one in the party all along.",
    ],
    "max": [
        "Max waking up is the thing I want most and dread most at the same time.",
        "||Max was technically dead for a minute in the season 4 finale|| and "
        "nobody has been the same since.",
        "That Kate Bush song will never be just a song again.",
        "I'd bet anything Max is trapped somewhere inside Vecna's head.",
        "Lucas reading to Max in the hospital is the saddest image of the series.",
        "The cemetery scene alone should have won Sadie Sink every award going.",
        "If Max doesn't wake up, Lucas gets the saddest arc on the show.",
    ],
    "dustin": [
        "Dustin grieving Eddie is going to break me.",
        "Dustin is the real brains of the group and the show finally knows it.",
        "I want Dustin and Steve as a double act for the entire season.",
        "Dustin talking to Eddie's uncle was such a grown-up moment for him.",
        "Whatever the plan is, Dustin will explain it with a diagram.",
        "Dustin radioing Suzie at the worst possible moment: guaranteed.",
    ],
    "steve": [
        "Steve went from jerk to babysitter-in-chief and it's the best arc on TV.",
        "If Steve dies I'm cancelling my subscription. I mean it this time.",
        "People have said Steve is doomed since season 2. He's still here.",
        "Steve and Nancy again? Please no, let him be happy with someone new.",
        "Steve deserves a minivan full of kids and a quiet life.",
        "Steve's hair has survived demogorgons, Russians and bats. It will "
        "survive Vecna.",
        "Steve being secretly the most decent person in Hawkins is such a treat.",
    ],
    "vecna": [
        "Vecna is the best villain the show has had, by a mile.",
        "We still don't know what Vecna actually wants from the Upside Down.",
        "Knowing Henry Creel's backstory made Vecna scarier, not less scary.",
        "I want to see what Vecna was doing between the lab and season 4.",
        "That voice alone is nightmare fuel.",
        "The chiming clock is my least favourite sound on television.",
        "Vecna doesn't want to destroy Hawkins, he wants to remake it. Big difference.",
        "I bet the grandfather clock trick comes back one last time.",
    ],
    "upside_down": [
        "We need answers about why the Upside Down is frozen on the night Will "
        "vanished.",
        "The Upside Down being stuck in November 1983 is not an accident.",
        "With rifts across the whole town, Hawkins itself becomes the battlefield.",
        "I still want to know who or what made the Upside Down in the first place.",
        "Please explain the stuff floating in the air. Spores? Ash? Something else?",
        "The Mind Flayer is the real boss and Vecna is the messenger. Calling it.",
        "If they spend a whole episode inside the Upside Down I'll be very happy.",
    ],
    "joyce": [
        "Joyce and a wall of Christmas lights is where it all started. I want a "
        "callback.",
        "Joyce clutching a phone and panicking is practically its own genre now.",
        "Joyce has lost enough. Let her keep everyone this time.",
        "Joyce and Murray's trip to Russia was an unexpected delight.",
        "Joyce always believes first and is always right. Trust Joyce.",
    ],
    "mike": [
        "Mike needs to earn his place as the lead again this season.",
        "Mike's big speech to Eleven felt rushed. I hope he gets a better one.",
        "Mike is at his best when he's leading the party, so let him lead.",
        "It makes sense for Mike to be the one making the huge call at the end.",
        "I think Mike finally understands how Will feels, and it's handled gently.",
    ],
    "nancy": [
        "Nancy with a shotgun is my favourite Nancy.",
        "Nancy and Jonathan need to have one honest conversation. Just one.",
        "Nancy's investigations are always the most fun part of a season.",
        "Nancy ends up a reporter after all of this, I'd put money on it.",
        "Who Nancy picks matters less to me than Nancy getting her own story.",
    ],
    "lucas": [
        "Lucas is criminally underrated and the final season owes him.",
        "Lucas playing basketball and D&D in the same week was peak 1986.",
        "Lucas has been carrying so much quiet grief, and it shows.",
        "Lucas and Erica teaming up is an easy win for the writers.",
    ],
    "robin": [
        "Robin is the best thing season 3 gave us and I want her in every scene.",
        "Robin and Steve's friendship is the healthiest relationship in Hawkins.",
        "Robin talking too fast under pressure never gets old.",
        "Robin and Vickie getting a proper date is a small but important wish.",
    ],
    "erica": [
        "Erica should be in charge of the whole operation, honestly.",
        "Erica gets the best one-liners every season and I expect more.",
        "Give Erica an episode of her own and watch what happens.",
    ],
    "murray": [
        "Murray is the comic relief the final season is going to need.",
        "Murray's conspiracy wall being right all along is hilarious.",
        "Murray showing up with a ridiculous plan that works is my favourite trope.",
    ],
    "eddie": [
        "||Eddie dying in the Upside Down|| still stings. I hope it meant something.",
        "I would love a flashback with Eddie, even a short one.",
        "Eddie's guitar solo in the Upside Down is the coolest scene in the show.",
        "Half my town wore Hellfire shirts last Halloween. One season was enough.",
    ],
    "format": [
        "Three drops between Thanksgiving and New Year's is a clever way to keep "
        "everyone talking.",
        "Splitting it into three volumes is smart, but the gaps will be torture.",
        "Three years between seasons is long, but the strikes weren't anyone's fault.",
        "I don't mind the wait if the episodes are this long and this ambitious.",
        "Eight episodes sounds short for a final season, but tight beats bloated.",
        "I'm starting a rewatch in October, timed to finish the night before.",
        "A finale on New Year's Eve is a very Stranger Things thing to do.",
    ],
    "ending": [
        "I want the last shot to be the party around a table playing D&D. Full circle.",
        "Someone important has to die. The show has avoided it for too long.",
        "I'm fine with bittersweet as long as it's earned.",
        "The Duffers say the ending has been planned for years, so I'm trusting them.",
        "Please don't end on a tease for a spinoff.",
        "An epilogue years later with everyone grown up would make me sob.",
        "If the final scene isn't in the Wheelers' basement I'll be genuinely upset.",
    ],
}

# How a reply opens, by its stance towards the comment it answers, or when it
# changes the subject. `{name}` is the first name (or handle) of the reader
# being answered.
REPLY_OPENERS = {
    "agree": [
        "Agreed, {name}.",
        "This is exactly what I've been saying.",
        "Completely with you on this.",
        "Yes! Finally someone said it.",
        "Same, {name}.",
        "You put it better than I could.",
        "100% this.",
        "Co-signing every word.",
        "Couldn't agree more.",
    ],
    "disagree": [
        "Hard disagree, {name}.",
        "I see it the other way round.",
        "Respectfully, no.",
        "I don't buy that at all.",
        "Not sure about this one.",
        "I think you're reading too much into it.",
        "Counterpoint:",
        "That's a stretch, {name}.",
        "Nah.",
    ],
    "neutral": [
        "Interesting theory, {name}.",
        "Good point, though I'd add something.",
        "Ooh, I hadn't thought of that.",
        "Wait, really?",
        "Fair, but think about this.",
        "Building on this:",
        "Huh. Going back to rewatch that scene now.",
        "This made me see it differently.",
    ],
    # For a reply that changes the subject.
    "tangent": [
        "Slightly off topic:",
        "Unrelated, but while we're here:",
        "Changing the subject a little.",
        "Side note:",
        "Can we also talk about this?",
        "Different character, same energy:",
    ],
}

# Replies that are a single line on their own.
SHORT_REPLIES = [
    "This.",
    "Same!",
    "Ha, fair.",
    "Exactly what I was thinking.",
    "Bold prediction. Love it.",
    "Saving this comment for January.",
    "Oof, you might be right.",
    "I really hope not.",
    "The way I gasped.",
    "Following for the replies.",
    "Commenting so I can find this later.",
    "Please be right.",
    "Okay, that's actually convincing.",
    "That would be a perfect ending.",
    "Stop, I'm not ready.",
    "Not the clock again.",
    "*Chills.*",
]

# How a reader winds down a back-and-forth.
REPLY_CLOSERS = [
    "We'll know soon enough.",
    "Agree to disagree, then.",
    "I'm holding you to this.",
    "Come back here after the finale.",
    "Either way, it's going to hurt.",
    "Good chat.",
]
