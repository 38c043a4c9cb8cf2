"""The words extraction looks for, as plain data: one place to read and extend them.

Speech verbs, the nouns that stand for a speaker or a statement, the small words that may come
between a subject and its verb, titles, name particles and the words that tell a capitalised name
from a place or an event. Each list says what it is for and where it is used; the regular
expressions built from them stay next to the code that uses them (`quotes`, `attribution`,
`mentions`). Tuples keep the order of a regular-expression alternation; frozensets are looked up
word by word. Entries are compared in lower case unless the list says otherwise.
"""

from __future__ import annotations

__all__ = [
    "ABBREVIATIONS",
    "ATTRIBUTION_TAIL_WORDS",
    "AUXILIARIES",
    "CONJUNCTIONS",
    "DOCUMENT_NOUNS",
    "EVENT_NOUNS",
    "FILLER_WORDS",
    "GROUP_NOUNS",
    "INSTITUTION_NOUNS",
    "IRREGULAR_PAST",
    "LOCATIVE_PREPOSITIONS",
    "MEDIA_WORDS",
    "MODIFIED_NOUNS",
    "NAME_PARTICLES",
    "NAMING_WORDS",
    "NOMINAL_NOUNS",
    "NOT_DESCRIPTORS",
    "NOT_NAMES",
    "NOT_PERSON_WORDS",
    "ORGANISATION_WORDS",
    "PARTY_LABEL_NOUNS",
    "PARTY_LABEL_WORDS",
    "POSSESSED_NOUNS",
    "POSSESSED_PEOPLE",
    "POSSESSIVE_MODIFIERS",
    "POSTING_WORDS",
    "PREMODIFIER_WORDS",
    "PREPOSITIONS",
    "PRONOUNS",
    "QUOTE_MARKS",
    "SINGLE_CLOSE",
    "SINGLE_OPEN",
    "SPEAKER_NOUNS",
    "SPEECH_NOUNS",
    "SPEECH_VERBS",
    "THING_NOUNS",
    "TITLE_NOUNS",
    "TITLE_WORDS",
    "VENUE_NOUNS",
    "VERBS_BEFORE_SUBJECT",
]


def _phrases(text: str) -> tuple[str, ...]:
    """The comma-separated phrases of `text`, in order, with whitespace collapsed."""
    return tuple(" ".join(p.split()) for p in text.split(",") if p.strip())


def _phrase_set(text: str) -> frozenset[str]:
    return frozenset(_phrases(text))


# -- quotation marks (quotes, attribution) -------------------------------------------------

# Opening double marks and the closing marks each pairs with („ closes with “ or ”).
QUOTE_MARKS = {"“": "”", "„": "“”", "«": "»", '"': '"'}
# Single curly marks: a quote only outside double quotes.
SINGLE_OPEN, SINGLE_CLOSE = "‘", "’"

# -- speech (attribution) ------------------------------------------------------------------

# Verbs and phrases that attribute a quote: "Rubio said", "said Rubio", "according to the
# ministry", "the statement read". Participles (-ing) take the sentence's subject.
SPEECH_VERBS = _phrases(
    """
    said, says, say, saying, told, tells, telling, added, adds, adding, warned, warns, warning,
    posted, posts, wrote, writes, writing, insisted, insists, insisting, stressed, stresses,
    stressing, emphasised, emphasized, emphasises, emphasizes, emphasising, emphasizing,
    acknowledged, acknowledges, acknowledging, declared, declares, declaring, stated, noted,
    notes, noting, argued, argues, arguing, claimed, claims, claiming, continued, explained,
    explains, explaining, replied, replies, replying, responded, responds, asked, asks, urged,
    urges, urging, called, calling, described, describes, describing, announced, announces,
    announcing, confirmed, confirms, confirming, read, reads, tweeted, tweets, vowed, vows,
    vowing, promised, promises, complained, complains, accused, accuses, accusing, denied, denies,
    suggested, suggests, predicted, predicts, conceded, concedes, admitted, admits, remarked,
    observed, recalled, commented, concluded, asserted, asserts, maintained, maintains,
    reiterated, reiterates, reiterating, affirmed, reaffirmed, cautioned, cautions, charged,
    contended, lamented, laments, quipped, joked, boasted, pledged, pledges, threatened,
    threatens, demanded, demands, hailed, hails, praised, praises, praising, branded, brands,
    dubbed, termed, mocked, dismissed, slammed, blasted, criticised, criticized, thanked,
    thanking, shared, stating, sneered, scoffed, lauded, lauds, pressed, characterised,
    characterized, welcomed, welcomes, labelling, labeling, labelled, labeled, railed, charging,
    states that, remarks, comments, boast, pointed out, went on, according to, announcement,
    calls, condemned, condemns, condemning, denounced, denounces, decried, retorted, retorts,
    retorting, countered, countering, fired back, shot back, hit back, snapped,
    assured, assures, assuring, reminded, reminding, dismisses, dismissing,
    branding, dubs, recounted, conceding, mused, marvelled, marveled, wondered, summed up
    """
)

# Of those, the ones that are also nouns a speaker owns: "Brekk's remarks", "Venn's blunt comments".
# Inside another speaker's sentence ("Venn dismissed Brekk's remarks as …") they are what that
# speaker talks about.
SPEECH_NOUNS = _phrase_set(
    """
    remarks, comments, boast, claims, announcement, calls, demands, promises, pledges, warning,
    praise, statement, description, threats, words
    """
)

# Speech verbs that come before their subject: "said Rubio", "according to Peskov".
VERBS_BEFORE_SUBJECT = ("said", "says", "added", "told", "according to", "wrote")

# Nouns that speak after a determiner: "the statement said", "a ministry readout", "the spokesman
# added"; "the …" is resolved to whoever issued or was called that last.
NOMINAL_NOUNS = _phrases(
    """
    statement, joint statement, post, communiqué, communique, readout, message, letter, release,
    press release, announcement, declaration, memo, note, report, document, tweet, ministry,
    office, spokesman, spokeswoman, spokesperson, embassy, government, delegation
    """
)

# Documents, not speakers: "the statement" goes to whoever issued the latest statement.
DOCUMENT_NOUNS = _phrase_set(
    """
    statement, post, communiqué, communique, readout, message, letter, release, announcement,
    declaration, memo, note, report, document, tweet, text
    """
)

# Head nouns of "the …" before a speech verb that never stand for the person named last: documents,
# bodies, events and things ("the plan says", "the ministry said"); any other singular noun may
# ("the 71-year-old said", "the veteran negotiator quipped").
NOT_DESCRIPTORS = DOCUMENT_NOUNS | _phrase_set(
    """
        ministry, government, delegation, administration, embassy, military, army, navy, mission,
        side, team, office, agency, commission, committee, council, union, association, party,
        parliament, assembly, court, cabinet, presidency, authority, country, state, city, town,
        village, region, bloc, alliance, company, firm, group, agreement, deal, plan, treaty, law,
        bill, resolution, constitution, charter, accord, proposal, framework, decree, order, rule,
        survey, poll, study, data, article, book, sign, banner, website, page, headline, caption,
        video, film, song, summit, talks, meeting, conference, motion, vote, newspaper, paper,
        broadcaster, channel, network, station, platform, account, feed,
        interview, speech, address, briefing, verdict, ruling, judgment, judgement, opposition,
        police, prosecution, defence, defense, public, crowd, press, media, family, audience
        """
)

# Words right before quotation marks that make the quoted words a name, not speech: "its
# “Six-Point Framework”", "the daily “Dorn Evening”", "a campaign called “Home by Spring”".
NAMING_WORDS = _phrase_set(
    """
    its, their, his, her, our, the, newspaper, daily, weekly, paper, magazine, programme,
    program, show, series, plan, campaign, operation, initiative, slogan, hashtag, motto, book,
    film, documentary, song, album, report, called, named, dubbed, titled, entitled, branded
    """
)

# Of those, the ones after which quoted words are a title whatever their case: "under the headline
# “Facts, not emotions”", "the slogan “No water, no peace”".
TITLE_NOUNS = _phrase_set(
    """
    headline, headlined, slogan, motto, title, titled, entitled, hashtag, caption, nickname,
    nicknamed, codenamed, byline
    """
)

# Nouns that introduce a speaker by role: "spokesman Pell Oranto" … "the spokesman said".
SPEAKER_NOUNS = _phrase_set(
    """
    spokesman, spokeswoman, spokesperson, official, envoy, diplomat, minister, ambassador,
    negotiator, adviser, advisor, aide, commander, lawmaker, senator, chancellor, president,
    premier, secretary, leader
    """
)

# -- grammar around a subject (attribution) ------------------------------------------------

# Pronouns a speech verb may take as subject; he/she go to a person, it/they to an institution.
PRONOUNS = ("he", "she", "it", "they")

# Words that may stand between a subject and its speech verb: "Rubio also said", "Kesk on
# Monday said", "Venn bluntly said".
FILLER_WORDS = _phrases(
    """
    also, later, then, again, previously, earlier, once, however, meanwhile, separately, further,
    had, has, have, would, will, on, in, at, this, last, that, morning, afternoon, evening, night,
    week, day, monday, tuesday, wednesday, thursday, friday, saturday, sunday, today, yesterday,
    publicly, repeatedly, bluntly, flatly, simply, tersely, angrily, firmly, only, just, now
    """
)

# Words that may follow "Zelensky wrote" when it attributes the quote before it ("… wrote on
# Telegram", "… said after the talks"), rather than opening a statement of its own.
ATTRIBUTION_TAIL_WORDS = _phrases(
    """
    on, in, at, after, during, while, from, to, before, as, late, early, earlier, later, last,
    this, via, through, when, adding, saying, according
    """
)

# Auxiliaries (and "also", "then") before a finite verb: "Vance has weighed in …, saying".
AUXILIARIES = _phrases(
    """
    has, have, had, is, was, were, are, will, would, could, can, did, does, do, also, then
    """
)

# Irregular past tenses that make a finite verb (regular ones end in -ed).
IRREGULAR_PAST = _phrases(
    """
    spoke, took, made, went, gave, met, sat, broke, came, held, left, told, wrote, said, sent,
    set, led, put, saw, won, lost, got, kept, began, stood, sought, struck, threw, drew, rose,
    fell
    """
)

# A mention right after one of these is not a subject: "talks with Rubio", "a call to Kesk".
PREPOSITIONS = _phrase_set(
    """
    in, at, from, to, of, with, for, by, against, about, on, between, into, toward, towards, over,
    under, across, after, before, among, and
    """
)

# Of those, the ones that also open a clause, whose subject a mention after them can be: "hours
# after Venn described the plan as …".
CONJUNCTIONS = _phrase_set(
    """
    after, before
    """
)

# Abbreviations whose full stop does not end a sentence: "Mr.", "Gen.", "Jan.".
ABBREVIATIONS = _phrase_set(
    """
    mr, mrs, ms, dr, st, gen, sen, rep, lt, col, gov, prof, no, vs, jan, feb, mar, apr, jun, jul,
    aug, sep, sept, oct, nov, dec, inc
    """
)

# -- speaker phrases (mentions) ------------------------------------------------------------

# Nouns that head a generic speaker phrase after a party adjective: "a senior Ukrainian
# official", "the Russian ministry". Documents speak for whoever issued them: "the American
# statement", "a Russian readout".
GROUP_NOUNS = _phrases(
    """
    official, officials, diplomat, diplomats, spokesman, spokeswoman, spokesperson, minister,
    ministry, government, negotiator, negotiators, delegation, delegate, envoy, aide, aides,
    adviser, advisers, advisor, advisors, source, sources, lawmaker, lawmakers, leader, leaders,
    officer, officers, commander, commanders, authorities, administration, embassy, ambassador,
    military, army, foreign ministry, defence ministry, defense ministry, president, prime
    minister, chancellor, intelligence, presidency, parliament, senator, senators, mission, side,
    team, statement, joint statement, communiqué, communique, readout, declaration, service,
    press service, office, agency, police, navy, coast guard, council, committee, secretariat
    """
)

# Nouns of those phrases that make the speaker an institution rather than a person.
INSTITUTION_NOUNS = _phrase_set(
    """
    ministry, government, delegation, administration, embassy, military, army, intelligence,
    presidency, parliament, mission, side, team, authorities, statement, communiqué, communique,
    readout, declaration, service, office, agency, police, navy, guard, council, committee,
    secretariat
    """
)

# Words that end the name of a body that can speak: "Oskaria's Defence Ministry", "the Veldanian
# Farmers' Association", "the Oskarian Atomic Energy Agency".
ORGANISATION_WORDS = _phrase_set(
    """
    ministry, embassy, government, parliament, cabinet, presidency, navy, army, military, coast
    guard, armed forces, delegation, mission, office, agency, commission, committee, council,
    association, union, federation, confederation, cooperative, co-operative, chamber of
    commerce, service, authority, authorities, court, police, secretariat, directorate,
    inspectorate, institute, foundation, league, alliance, movement, party, campaign
    """
)

# Words that may come before the party adjective: "two senior Ukrainian officials".
PREMODIFIER_WORDS = _phrase_set(
    """
    a, an, the, one, two, three, several, some, other, another, senior, top, high-ranking, former,
    deputy, chief, junior, unnamed, anonymous, leading
    """
)

# What a person's possessive names as a speaker in the person's party: "Putin's office",
# "Zelensky's chief of staff", "Putin's closest ally".
POSSESSED_NOUNS = _phrases(
    """
    office, press office, spokesman, spokeswoman, spokesperson, ministry, foreign ministry,
    government, administration, team, aide, aides, camp, party, press service, chief of staff,
    ally, allies, envoy, adviser, advisor, negotiator
    """
)

# Words allowed between the possessive and that noun: "Putin's closest ally".
POSSESSIVE_MODIFIERS = _phrases(
    """
    closest, close, top, senior, chief, special, personal, longtime
    """
)

# Of those nouns, the ones that are people ("Putin's envoy"), not institutions ("Putin's office").
POSSESSED_PEOPLE = _phrase_set(
    """
    spokesman, spokeswoman, spokesperson, aide, chief of staff, ally, envoy, adviser, advisor,
    negotiator
    """
)

# Nouns after a place that make it the name of an event, not a speaker: "the Washington summit",
# "the Minsk agreements".
EVENT_NOUNS = _phrases(
    """
    summit, talks, meeting, format, process, declaration, agreement, agreements, accord, accords,
    conference, treaty, memorandum, communiqué, communique, negotiations, round, protocol,
    protocols, framework, formula, initiative, plan
    """
)

# -- names (mentions) ----------------------------------------------------------------------

# Words that may stand lower-case inside a personal name: "Ursula von der Leyen".
NAME_PARTICLES = _phrase_set(
    """
    de, da, van, von, der, bin, al, el, di, le, la, ben, du
    """
)

# Words that make a capitalised sequence a medium: a newspaper, an agency's wire, a broadcaster,
# a platform. A medium carries what a speaker said; it is never the speaker ("Truth Social", "RIA
# Novosti", "Radio Nord", "(Strait Wire)").
MEDIA_WORDS = _phrase_set(
    """
    times, post, news, journal, telegraph, guardian, herald, gazette, tribune, chronicle, courier,
    dispatch, press, wire, media, broadcasting, television, tv, radio, channel, social, telegram,
    twitter, facebook, instagram, youtube, tiktok, novosti, tass, interfax, reuters, bloomberg,
    politico, axios, cnn, bbc, nbc, abc, cbs
    """
)

# Rooms, buildings and grounds: a capitalised name ending in one of these is a place when "the" or
# "in", "at" comes before it ("in the Commons", "at the Villa Orsana", "the Guild Hall"), never a
# speaker; alone ("the Commons", "the Chamber") too. (Office, house and palace are absent: "the
# White House", "the Élysée Palace" speak for the people who work there.)
VENUE_NOUNS = _phrase_set(
    """
    hall, room, chamber, chambers, commons, lords, gallery, villa, hotel, residence, garden,
    gardens, park, stadium, arena, museum, theatre, theater, church, cathedral, mosque, temple,
    hospital, school, college, camp, base, gate, tower, castle, lobby, courtyard
    """
)

# Words that make a capitalised sequence a place, an event, a document, a body or a medium, never a
# person: "Kursk Region", "Red Square", "Washington Summit", "the Iron Front", with the media and
# the venues that are never surnames ("the Commons", "Villa Orsana"). ("Hall" is left to
# VENUE_NOUNS: Tony Hall is a person.)
NOT_PERSON_WORDS = (
    _phrase_set(
        """
        region, oblast, province, district, city, square, street, avenue, bridge, river, sea,
        island, islands, mountains, valley, plant, station, airport, port, palace, house, building,
        center, centre, summit, declaration, conference, forum, council, assembly, parliament,
        congress, senate, duma, court, treaty, agreement, accord, plan, formula, initiative,
        operation, war, front, army, forces, guard, navy, fleet, corps, ministry, department,
        office, agency, committee, commission, union, alliance, organization, organisation,
        institute, university, foundation, bank, fund, company, group, party, movement, bloc,
        coalition, faction, caucus, league, week, month, year, christmas, easter, independence,
        victory, global, western, eastern, strait, straits, gulf, peninsula, canal, ocean,
        commons, lords, chamber, villa, hotel, embassy, consulate, headquarters, stadium, arena,
        museum, cathedral, mosque, dam, reservoir, gasfield, oilfield, pipeline, prison,
        harbour, harbor, highway, checkpoint, corridor, basin, desert, canyon
        """
    )
    | MEDIA_WORDS
)

# Political labels, dropped from the front of a name like a title ("Labour MP Jane Doe" is Jane
# Doe) and never a person alone ("Labour", "the Democrats"). Singular surnames ("Green") are left
# out.
PARTY_LABEL_WORDS = _phrase_set(
    """
    labour, tory, tories, conservative, conservatives, democrat, democrats, democratic,
    republican, republicans, liberal, liberals, socialist, socialists, communist, communists,
    greens, nationalist, nationalists, centrist, centrists
    """
)

# Lower-case nouns after a capitalised name that make it a party's label ("the governing National
# Renewal party", "the Iron Banner faction").
PARTY_LABEL_NOUNS = _phrase_set(
    """
    party, parties, faction, bloc, coalition, movement, caucus, alliance, front, list, wing
    """
)

# Lower-case nouns right before a capitalised name that make it a medium or a thing, never a
# speaker ("the state news agency Zhel-Inform", "the messaging app Murmur", "the survey ship
# Aldebarra"): that name is then no speaker anywhere in the text.
THING_NOUNS = _phrase_set(
    """
    agency, newspaper, paper, daily, weekly, tabloid, magazine, broadcaster, channel, station,
    network, outlet, website, site, platform, app, service, wire, programme, program, show, blog,
    portal, radio, television, tv, ship, vessel, tanker, freighter, trawler, frigate, destroyer,
    cruiser, corvette, carrier, submarine, ferry, yacht, boat, aircraft, plane, jet, helicopter,
    drone, missile, rocket, satellite
    """
)

# Words before "on" that make the name after it the medium a statement appeared on ("posted on
# Murmur", "wrote on Chirp", "in a video on Vidly").
POSTING_WORDS = _phrase_set(
    """
    post, posts, posted, posting, wrote, writes, writing, written, published, publishing, shared,
    sharing, appeared, appearing, tweeted, message, messages, video, videos, live, broadcast,
    streamed, account, page
    """
)

# Prepositions that make the capitalised name after them a place: "in Tarnholm", "at Villa
# Orsana", "outside the Assembly".
LOCATIVE_PREPOSITIONS = _phrase_set(
    """
    in, at, inside, outside, near, into, within, across, around, throughout
    """
)

# Lower-case nouns after a nationality word that it describes ("a Veldanian official", "the
# Lunestran mediator", "Castrovan state media"): the word is then no name. (Group nouns and
# speaker nouns count too.)
MODIFIED_NOUNS = _phrase_set(
    """
    foreign, defence, defense, prime, state, trade, interior, finance, economy, deputy, senior,
    chief, top, former, forces, troops, artillery, media, press, side, counterpart, counterparts,
    mediator, mediators, people, soldiers, battalion, authorities, negotiators, representative
    """
)

# Capitalised words that are not names (as written: case matters), trimmed from either end of a
# capitalised sequence: "On Monday", "The", "Mr".
NOT_NAMES = _phrase_set(
    """
    The, A, An, But, And, Or, If, It, He, She, They, We, I, You, Our, This, That, These, Those,
    There, Here, On, In, At, By, For, With, As, After, Before, While, When, Despite, Later,
    Earlier, Meanwhile, However, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday,
    January, February, March, April, May, June, July, August, September, October, November,
    December, Mr, Mrs, Ms, Dr, Both, All, Any, No, Not, So, Yet, Still, Now, Then, What, Why, How,
    Who, Whether, Looking, Ahead, His, Her, Their, Its, Sen, Rep, Gen, One, Two, Three, Several,
    Some, Many, Most, Other, Another, Every, Each, People
    """
)

# Title words dropped from the front of a name the dictionary lacks: "Defence Minister Hanno
# Pevkur" is Hanno Pevkur.
TITLE_WORDS = _phrase_set(
    """
    president, prime, minister, deputy, foreign, defense, defence, secretary, state, chancellor,
    spokesman, spokeswoman, spokesperson, ambassador, envoy, special, senator, sen, rep,
    representative, general, gen, commander, chief, head, director, vice, first, king, queen,
    pope, sheikh, crown, prince, mayor, governor, chairman, chairwoman, chair, speaker, leader,
    commissioner, high, adviser, advisor, national, security, interior, finance, economy, trade,
    energy, justice, affairs, lawmaker, opposition, lieutenant, colonel, major, admiral, marshal,
    mp, former, acting, presidential, aide, premier, negotiator, lead, senior, top, official, mr,
    mrs, ms, dr, sir, dame, staff, inspector, professor, economist, analyst, mediator,
    secretary-general
    """
)
