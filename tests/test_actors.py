"""The actor dictionary: the shipped default, titles by date, user extensions, clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stance import StanceError, load_actors
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
