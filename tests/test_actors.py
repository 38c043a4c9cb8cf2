"""The actor dictionary: the shipped default, titles by date, user extensions, clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from stance import Actors, StanceError, extract_statements, load_actors
from stance.extract import plausible_speaker
from stance.schema import UNKNOWN_PARTY

FICTIONAL = Path(__file__).with_name("fictional_actors.yaml")


def test_default_dictionary_covers_the_parties_of_the_conflict() -> None:
    actors = load_actors()
    assert {"US", "Ukraine", "Russia", "Europe"} <= set(actors.parties)
    for name, party in [
        ("Marco Rubio", "US"),
        ("Donald Trump", "US"),
        ("White House", "US"),
        ("Volodymyr Zelensky", "Ukraine"),
        ("Dmitry Peskov", "Russia"),
        ("Vladimir Putin", "Russia"),
        ("Mark Rutte", "Europe"),
    ]:
        actor = actors.get(name)
        assert actor is not None and actor.party == party, name
    assert actors.get("Zelenskyy") is actors.get("Volodymyr Zelensky")


def test_titles_resolve_by_the_articles_date() -> None:
    actors = load_actors()
    text = "the US president spoke"
    assert actors.find(text, dt.date(2024, 6, 1))[0].speaker == "Joe Biden"
    assert actors.find(text, dt.date(2025, 6, 1))[0].speaker == "Donald Trump"


def test_longest_mention_wins() -> None:
    actors = load_actors()
    (mention,) = actors.find("Kremlin spokesman Dmitry Peskov said", dt.date(2025, 6, 1))[:1]
    assert (mention.speaker, mention.party, mention.how) == ("Dmitry Peskov", "Russia", "named")


def test_group_places_and_unknown_names() -> None:
    actors = load_actors()
    found = actors.find(
        "A senior Ukrainian official told reporters. Moscow replied. Jorun Halvass added.",
        dt.date(2025, 6, 1),
    )
    by_speaker = {m.speaker: (m.party, m.how) for m in found}
    assert by_speaker["senior Ukrainian official"] == ("Ukraine", "group")
    assert by_speaker["Moscow"] == ("Russia", "place")
    assert by_speaker["Jorun Halvass"] == (UNKNOWN_PARTY, "unknown")


def test_user_dictionary_extends_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "actors:\n  - name: Marco Rubio\n    party: Europe\n    kind: person\n    gender: m\n",
        encoding="utf-8",
    )
    actors = load_actors(FICTIONAL, extra)
    assert actors.get("Arla Venn").party == "Oskaria"  # type: ignore[union-attr]
    assert actors.get("Marco Rubio").party == "Europe"  # type: ignore[union-attr]
    assert actors.get("Donald Trump") is not None  # the default is still there
    only = load_actors(FICTIONAL, default=False)
    assert only.get("Donald Trump") is None and len(only) == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("actors: [{name: X, party: P, kind: robot}]", "kind 'robot'; valid kinds: person"),
        ("actors: [{name: X}]", "needs at least `name` and `party`"),
        ("people: []", "unknown top-level key(s) people; valid keys: parties, actors"),
        (
            "actors: [{name: X, party: P, roles: [{titles: [boss], from: soon}]}]",
            "'soon' is not a date",
        ),
        ("actors: [{name: X, party: P\n", "not valid YAML"),
        ("parties: 5", "`parties` is a mapping of party names"),
        ("actors: {name: X}", "`actors` is a list of actors"),
        ("actors: [{name: X, party: '  '}]", "needs at least `name` and `party`"),
        ("parties: {'': {adjectives: [A]}}", "a party with an empty name"),
    ],
)
def test_bad_dictionaries_are_named_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(StanceError) as info:
        load_actors(path, default=False)
    assert str(path) in str(info.value) and message in str(info.value)


def test_places_events_and_media_are_not_taken_for_people() -> None:
    actors = load_actors(FICTIONAL, default=False)
    found = actors.find(
        "Officials in the Kursk Region met near Red Square. She posted on Truth Social, "
        "told RIA Novosti and spoke to Jorun Halvass.",
        dt.date(2025, 6, 1),
    )
    assert [m.speaker for m in found if m.how == "unknown"] == ["Jorun Halvass"]


def test_unknown_names_keep_their_own_offsets_whatever_the_spacing() -> None:
    # Fictional names written for this test: a tab inside one name must not make the finder
    # look for it elsewhere ("Dara Molk" inside "Dara Molkova").
    text = "Dara\tMolk arrived late.\n\n“We have nothing to add,” said Dara Molkova."
    found = load_actors(FICTIONAL, default=False).find(text, dt.date(2025, 3, 1))
    assert [(m.speaker, text[m.start : m.end]) for m in found] == [
        ("Dara Molk", "Dara\tMolk"),
        ("Dara Molkova", "Dara Molkova"),
    ]


# Spelling variants. Every person and country below is invented for these tests.
VARIANTS_YAML = """
parties:
  Morvania: {adjectives: [Morvanian], places: [Tessel]}
  Estrelia: {adjectives: [Estrelian], places: [Calvo]}
actors:
  - name: Yarema Zolotnytskyi
    party: Morvania
    gender: m
    aliases: [Zolotnytskyi]
    roles: [{titles: [Morvanian Foreign Minister], from: 2024-01-01}]
  - name: Henrika Vollmaar
    party: Estrelia
    gender: f
    aliases: [Vollmaar]
  - name: Pieter Saltrenko
    party: Morvania
    gender: m
    aliases: [Saltrenko]
  - name: Ola Rusk
    party: Estrelia
    gender: f
    aliases: [Rusk]
  - name: Anselm Kordavin
    party: Morvania
    gender: m
    aliases: [Kordavin]
  - name: Anzelm Kardovin
    party: Estrelia
    gender: m
    aliases: [Kardovin]
  - name: Morvanian Grain Board
    party: Morvania
    kind: institution
    aliases: [Granaria]
"""


@pytest.fixture
def variant_actors(tmp_path: Path) -> Actors:
    path = tmp_path / "variants.yaml"
    path.write_text(VARIANTS_YAML, encoding="utf-8")
    return load_actors(path, default=False)


def _speakers(actors: Actors, text: str) -> list[tuple[str, str, str]]:
    return [(m.speaker, m.party, m.how) for m in actors.find(text, dt.date(2025, 6, 1))]


@pytest.mark.parametrize(
    ("text", "speaker", "party"),
    [
        # transliteration: -yi/-y endings and y/i; doubled letters; one letter off (9 letters),
        # two letters off (11 letters)
        ("Later, Yarema Zolotnitsky told reporters.", "Yarema Zolotnytskyi", "Morvania"),
        ("The talks will go on, Zolotnitsky said.", "Yarema Zolotnytskyi", "Morvania"),
        ("The border stays open, Volmar said.", "Henrika Vollmaar", "Estrelia"),
        ("The border stays open, Saltrenco said.", "Pieter Saltrenko", "Morvania"),
        ("On Monday, Pieter Saltrenco said so.", "Pieter Saltrenko", "Morvania"),
        ("The talks will go on, Zolatnitzki said.", "Yarema Zolotnytskyi", "Morvania"),
        # a title before the name, and a lone surname opening a sentence (transliteration only)
        (
            "Morvanian Foreign Minister Yarema Zolotnitskiy said so.",
            "Yarema Zolotnytskyi",
            "Morvania",
        ),
        ("It rained. Zolotnitsky declined to comment.", "Yarema Zolotnytskyi", "Morvania"),
    ],
)
def test_a_spelling_variant_is_the_known_person(
    variant_actors: Actors, text: str, speaker: str, party: str
) -> None:
    assert (speaker, party, "variant") in _speakers(variant_actors, text)


def test_a_variant_named_twice_keeps_the_canonical_name(variant_actors: Actors) -> None:
    text = "Pieter Saltrenco arrived at noon. Hours later, Saltrenco’s office said nothing."
    found = _speakers(variant_actors, text)
    assert found == [
        ("Pieter Saltrenko", "Morvania", "variant"),
        ("Pieter Saltrenko’s office", "Morvania", "variant"),
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("On Monday, Mirela Saltrenco said so.", "Mirela Saltrenco"),  # another first name
        ("The border stays open, Saltrenka said.", "Saltrenka"),  # a feminine form
        ("The border stays open, Saltranco said.", "Saltranco"),  # two letters off, 9 letters
        ("The border stays open, Saltremkov said.", "Saltremkov"),  # two off a 9-letter name
        ("The border stays open, Rask said.", "Rask"),  # short: one letter is too much
        ("The border stays open, Ruske said.", "Ruske"),  # (Rusk is short)
        ("The border stays open, Kordovin said.", "Kordovin"),  # as close to two persons
        ("On Monday, Anselm Kordovin said so.", "Anselm Kordovin"),  # both first names fit
    ],
)
def test_near_misses_short_and_ambiguous_names_stay_unknown(
    variant_actors: Actors, text: str, name: str
) -> None:
    assert _speakers(variant_actors, text) == [(name, UNKNOWN_PARTY, "unknown")]


def test_a_variant_that_the_text_gives_another_party_is_someone_else(
    variant_actors: Actors,
) -> None:
    found = _speakers(variant_actors, "On Monday, Estrelian lawyer Pieter Saltrenco said so.")
    assert found == [("Pieter Saltrenco", "Estrelia", "unknown")]


def test_exact_names_and_non_persons_are_not_respelt(variant_actors: Actors) -> None:
    # an exact alias wins over a variant of another person; institutions are never respelt
    assert _speakers(variant_actors, "The border stays open, Kardovin said.") == [
        ("Anzelm Kardovin", "Estrelia", "named")
    ]
    assert _speakers(variant_actors, "The border stays open, Granarya said.") == [
        ("Granarya", UNKNOWN_PARTY, "unknown")
    ]
    # a word opening a sentence is a name only when it is a transliteration of a known surname
    # ("Zolotnitsky declined" above), not when a letter differs
    assert _speakers(variant_actors, "It rained. Saltrenco declined to comment.") == []


def test_statements_show_a_variant_speaker_with_the_known_party(variant_actors: Actors) -> None:
    text = "“We will not sign this text,” Zolotnitsky said on Tuesday."
    articles = pd.DataFrame(
        {"article_id": ["a1"], "published": [pd.Timestamp("2025-06-01", tz="UTC")], "text": [text]}
    )
    (row,) = extract_statements(articles, variant_actors).itertuples()
    assert (row.speaker, row.party, row.attribution) == (
        "Yarema Zolotnytskyi",
        "Morvania",
        "variant",
    )


# ---- a speaker is a person, an institution, a government or a document ----------------------
# Fictional people, places, platforms and parties written for these tests.


def _unknown(text: str) -> list[tuple[str, str]]:
    """The names the dictionary does not know that `find` keeps, with their kind."""
    found = load_actors(FICTIONAL, default=False).find(text, dt.date(2026, 3, 1))
    return [(m.speaker, m.kind) for m in found if m.how == "unknown"]


@pytest.mark.parametrize(
    "text",
    [
        "Pell Oranto posted a map: pic.murmur.com/Lv8aQ2 and murm.ly/Kx41p.",
        "Pell Oranto wrote at https://Oranto.example.org/Letters/Today, then @OrantoOffice.",
        "Pell Oranto replied to #23Home and to press@Oranto.gov, or www.Oranto.net/About.",
    ],
)
def test_links_handles_and_hashtags_are_never_names(text: str) -> None:
    assert _unknown(text) == [("Pell Oranto", "person")]


@pytest.mark.parametrize(
    "text",
    [
        # a platform after "posted on", a medium after its noun, and the same name later
        "Castrovan President Pell Oranto has just posted on Murmur. Later Murmur removed it.",
        "Pell Oranto was quoted by the state news agency Zhel-Inform as saying so.",
        "Pell Oranto told the daily Vestnik Ostra, which Vestnik Ostra printed.",
        "Pell Oranto told Radio Nord and the Corvel Herald, in a dispatch of Strait Wire.",
        # a vessel, and a numbered building
        "Pell Oranto boarded the survey ship Aldebarra. The Aldebarra sailed to Hall 4.",
    ],
)
def test_media_and_things_are_never_speakers(text: str) -> None:
    assert _unknown(text) == [("Pell Oranto", "person")]


@pytest.mark.parametrize(
    "text",
    [
        "Speaking in the Commons, Pell Oranto said the Chamber would sit late.",
        "Outside the Oval Office, Pell Oranto waited at the Guild Hall in Tarnholm.",
        "Pell Oranto spoke at Villa Orsana, then inside the Assembly Rooms.",
        "Pell Oranto toured the Kostrel enrichment site and the Serrant Strait.",
    ],
)
def test_venues_and_places_are_not_speakers(text: str) -> None:
    assert _unknown(text) == [("Pell Oranto", "person")]


def test_a_named_body_the_dictionary_lacks_is_an_institution_not_a_person() -> None:
    assert _unknown(
        "The Aldessan Ministry of Fisheries and the Union of Coastal States thanked Pell Oranto."
    ) == [("Aldessan Ministry of Fisheries", "institution"), ("Pell Oranto", "person")]


def test_a_name_after_the_is_an_institution_not_a_person_and_tony_hall_is_a_person() -> None:
    text = "The Harbour Monitoring Mission said so. The Concord agreed. Tony Hall did not."
    assert _unknown(text) == [
        ("Harbour Monitoring Mission", "institution"),
        ("Concord", "institution"),
        ("Tony Hall", "person"),
    ]
    found = load_actors(FICTIONAL, default=False).find(text, dt.date(2026, 3, 1))
    assert text[found[0].start : found[0].end] == "The Harbour Monitoring Mission"


@pytest.mark.parametrize(
    "text",
    [
        "Deputies from the governing National Renewal party cheered Pell Oranto.",
        "The Iron Banner faction and the Green Bloc opposed Pell Oranto.",
        "Labour said no to Pell Oranto; the Democrats and the Republican Party agreed.",
        "Labour MP Pell Oranto spoke.",
    ],
)
def test_party_labels_are_not_persons(text: str) -> None:
    assert _unknown(text) == [("Pell Oranto", "person")]


@pytest.mark.parametrize(
    "text",
    [
        "A Lunestran official and the Castrovan mediator met Pell Oranto.",
        "Castrovan state media quoted Pell Oranto.",
        "One Lunestran battalion commander called Pell Oranto.",
    ],
)
def test_nationality_words_the_dictionary_lacks_are_not_names(text: str) -> None:
    assert _unknown(text) == [("Pell Oranto", "person")]


def test_possessives_split_a_name_and_are_left_out_of_it() -> None:
    assert _unknown(
        "Asked about Oranto’s demands, Castrova’s Foreign Minister Lúcia Tavel said the "
        "People's Convocation and Castrova's General Staff agreed, as did the Grain Exporters’ "
        "Association."
    ) == [
        ("Oranto", "person"),
        ("Castrova", "person"),
        ("Lúcia Tavel", "person"),
        ("Castrova", "person"),
        ("Grain Exporters’ Association", "institution"),
    ]


def test_words_the_dictionary_lacks_before_a_title_are_left_out_of_the_name() -> None:
    assert _unknown(
        "Kaldoran Prime Minister Ruslan Ketter met Concord Secretary-General Tiberius Ngale, "
        "Sanmarayan Fisheries Minister Arif Kelang and Economist Tobiah Weil. Carole King and "
        "Martin Luther Kang Jr sang."
    ) == [
        ("Ruslan Ketter", "person"),
        ("Tiberius Ngale", "person"),
        ("Arif Kelang", "person"),
        ("Tobiah Weil", "person"),
        ("Carole King", "person"),
        ("Martin Luther Kang Jr", "person"),
    ]


@pytest.mark.parametrize(
    ("name", "plausible"),
    [
        ("Pell Oranto", True),
        ("Harbour Monitoring Mission", True),
        ("Tony Hall", True),
        ("Park", True),  # a surname alone
        ("Veldanian Chancellery", True),
        ("pic.murmur.com/Lv8aQ2", False),
        ("Lv8aQ2", False),
        ("@OrantoOffice", False),
        ("https://oranto.example.org", False),
        ("Oranto’s", False),
        ("Radio Nord", False),
        ("Strait Wire", False),
        ("Commons", False),
        ("the Guild Hall", False),
        ("Villa Orsana", False),
        ("Labour", False),
        ("Iron Banner faction", False),
        ("Social Front", False),
    ],
)
def test_plausible_speaker_reads_a_name_alone(name: str, plausible: bool) -> None:
    assert plausible_speaker(name) is plausible


def test_an_undeclared_party_loads_with_a_warning_naming_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(
        "parties: {Oskaria: {adjectives: [Oskarian]}}\n"
        "actors: [{name: Pell Oranto, party: Oskarai}]\n",
        encoding="utf-8",
    )
    with caplog.at_level("WARNING", logger="stance.extract.mentions"):
        actors = load_actors(path, default=False)
    assert actors.get("Pell Oranto") is not None
    assert "actor 'Pell Oranto': party 'Oskarai' is not declared" in caplog.text
    assert str(path) in caplog.text
