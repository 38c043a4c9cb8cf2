"""Statement extraction and attribution."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from stance import ColumnError, extract_statements, load_actors, load_corpus
from stance.extract import find_quotes
from stance.schema import STATEMENT_COLUMNS

from .fixtures import SEEDS

FICTIONAL = load_actors(Path(__file__).with_name("fictional_actors.yaml"), default=False)


def _articles(*texts: str, published: str = "2026-03-02") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(texts))],
            "published": pd.to_datetime([published] * len(texts), utc=True),
            "text": list(texts),
        }
    )


def _said(text: str, published: str = "2026-03-02") -> list[tuple[str | None, str, str]]:
    frame = extract_statements(_articles(text, published=published), FICTIONAL)
    return [
        (None if pd.isna(s) else s, p, t)
        for s, p, t in zip(frame["speaker"], frame["party"], frame["text"], strict=True)
    ]


# ---- the seed article --------------------------------------------------------------------

SEED_EXPECTED = [
    ("most productive day", "Marco Rubio", "US"),
    ("Issues Remaining Are Not Insurmountable", "Marco Rubio", "US"),
    ("There are a couple issues that we need to continue to work on", "Marco Rubio", "US"),
    ("But I think the report today is that today was worthwhile.", "Marco Rubio", "US"),
    ("quite pleased … about the amount of progress", "Marco Rubio", "US"),
    ("UKRAINE ‘LEADERSHIP’ HAS EXPRESSED ZERO GRATITUDE", "Donald Trump", "US"),
    ("Ukraine is grateful to the United States", "Volodymyr Zelensky", "Ukraine"),
    ("dignified", "Volodymyr Zelensky", "Ukraine"),
    ("truly end the war.", "Volodymyr Zelensky", "Ukraine"),
    ("We just need more time than what we have today", "Marco Rubio", "US"),
    ("The goal is to reach a deal as soon as possible", "Marco Rubio", "US"),
    ("Meaningful Progress", "White House", "US"),
    ("Both sides agreed the consultations were highly productive.", "White House", "US"),
    ("Final decisions under this framework will be made", "White House", "US"),
]


def test_seed_every_quotation_with_speaker_and_party() -> None:
    articles = load_corpus(SEEDS)
    statements = extract_statements(articles)
    assert list(statements.columns) == list(STATEMENT_COLUMNS)
    assert len(statements) == len(SEED_EXPECTED)
    for row, (start, speaker, party) in zip(statements.itertuples(), SEED_EXPECTED, strict=True):
        assert row.text.startswith(start)
        assert (row.speaker, row.party) == (speaker, party), row.text
    # offsets point at the quoted words in the article text
    text = articles["text"].iloc[0]
    for row in statements.itertuples():
        assert text[row.start : row.end] == row.text
    assert statements["statement_id"].is_unique
    assert (statements["published"] == pd.Timestamp("2025-11-23", tz="UTC")).all()


def test_nested_quote_stays_inside_its_statement() -> None:
    statements = extract_statements(load_corpus(SEEDS))
    assert not statements["text"].eq("LEADERSHIP").any()


# ---- attribution patterns (fictional speakers) -------------------------------------------


def test_speaker_before_and_after_and_pronouns() -> None:
    said = _said(
        "Foreign Minister Arla Venn arrived in Dorn on Monday. “We came to listen,” Venn said. "
        "She added that the talks were “a first step.”\n"
        "“Nothing has been agreed,” said Tomas Brekk, who met her later. He called the meeting "
        "“useful but slow.”",
        published="2024-06-01",
    )
    assert said == [
        ("Arla Venn", "Oskaria", "We came to listen"),
        ("Arla Venn", "Oskaria", "a first step."),
        ("Tomas Brekk", "Veldania", "Nothing has been agreed"),
        ("Tomas Brekk", "Veldania", "useful but slow."),
    ]


def test_split_quote_and_continuation() -> None:
    said = _said(
        "“We want peace,” Venn said, “but not at any price.” "
        "“The door stays open.”\n“A paragraph that goes on quoting her.”\n"
        "Observers in Dorn were doubtful.\n“Nobody expects a deal before spring.”"
    )
    assert said == [
        ("Arla Venn", "Oskaria", "We want peace"),
        ("Arla Venn", "Oskaria", "but not at any price."),
        ("Arla Venn", "Oskaria", "The door stays open."),
        ("Arla Venn", "Oskaria", "A paragraph that goes on quoting her."),
        # after a paragraph of narration, an unattributed quote is kept without a speaker
        (None, "Unknown", "Nobody expects a deal before spring."),
    ]


def test_introduced_by_the_previous_paragraph_and_after_an_exclamation() -> None:
    said = _said(
        "Brekk said in a televised address:\n“We will not give up the harbour.”\n"
        "“Enough delays!” Venn wrote, adding that she expected an answer.",
        published="2024-06-01",
    )
    assert said == [
        ("Tomas Brekk", "Veldania", "We will not give up the harbour."),
        ("Arla Venn", "Oskaria", "Enough delays!"),
    ]


def test_titles_resolve_by_date() -> None:
    text = "“We will sign,” the Veldanian president said."
    assert _said(text, "2024-01-10")[0][0] == "Tomas Brekk"
    assert _said(text, "2026-01-10")[0][0] == "Ines Marr"


def test_colon_according_to_institutions_and_it() -> None:
    said = _said(
        "Venn: “The offer is serious.”\n"
        "The deal is near, according to the Chancellery. It said in a note: “Signing is set "
        "for Friday.”\n"
        "Vessa said it had “no objection to the timetable.”"
    )
    assert said == [
        ("Arla Venn", "Oskaria", "The offer is serious."),
        ("Veldanian Chancellery", "Veldania", "Signing is set for Friday."),
        ("Vessa", "Oskaria", "no objection to the timetable."),
    ]


def test_unknown_speakers_keep_their_name() -> None:
    said = _said("“We are watching closely,” said Pell Oranto, an observer.")
    assert said == [("Pell Oranto", "Unknown", "We are watching closely")]


def test_scare_quotes_are_skipped_but_speech_is_kept() -> None:
    said = _said(
        "The so-called “peace plan” was debated. Critics of the “roadmap” were loud.\n"
        "“Everyone in the room wanted the fighting to stop today.”"
    )
    assert said == [(None, "Unknown", "Everyone in the room wanted the fighting to stop today.")]


def test_quote_running_over_paragraphs() -> None:
    text = "Venn said: “The first point is the border.\n“The second point is trade,” she said."
    (row,) = extract_statements(_articles(text), FICTIONAL).itertuples()
    assert row.speaker == "Arla Venn"
    assert row.text == "The first point is the border. The second point is trade"


def test_missing_closing_mark_does_not_swallow_the_article() -> None:
    text = (
        "Venn said: “We will return next week.\n"
        "Delegates left the hall in the evening. Brekk later said “it went well.”"
    )
    said = _said(text, "2024-06-01")
    assert said[0] == ("Arla Venn", "Oskaria", "We will return next week.")
    assert said[1] == ("Tomas Brekk", "Veldania", "it went well.")


def test_straight_quotes() -> None:
    said = _said('"We have a framework," Venn told reporters.')
    assert said == [("Arla Venn", "Oskaria", "We have a framework")]


def test_find_quotes_spans() -> None:
    text = "He said “one” and ‘two’ then “three ‘four’ five”."
    spans = [text[q.start : q.end] for q in find_quotes(text)]
    assert spans == ["one", "two", "three ‘four’ five"]


def test_needs_the_article_columns() -> None:
    with pytest.raises(ColumnError, match="extract_statements: missing column"):
        extract_statements(pd.DataFrame({"text": ["x"]}))


def test_empty_corpus_gives_an_empty_frame_with_the_columns() -> None:
    frame = extract_statements(_articles("No quotes here at all."), FICTIONAL)
    assert frame.empty and list(frame.columns) == list(STATEMENT_COLUMNS)


def test_names_never_run_over_a_line_break() -> None:
    said = _said(
        "“We are ready.” — Oskarian Foreign Minister Arla Venn\n"
        "Veldanian President Tomas Brekk said: “So are we.”",
        published="2024-06-01",
    )
    assert said == [
        ("Arla Venn", "Oskaria", "We are ready."),
        ("Tomas Brekk", "Veldania", "So are we."),
    ]


def test_pronouns_prefer_the_person_who_speaks() -> None:
    said = _said(
        "On a summit with Tomas Brekk, which Pell Oranto confirmed this week, Ivo Dask said "
        "the president was “ready to meet”.\nBut, he added, once it came to “signing "
        "something”, there were problems.",
        published="2024-06-01",
    )
    assert [s for s, _, _ in said] == ["Ivo Dask", "Ivo Dask"]


def test_quoted_as_saying_who_clauses_and_communiques() -> None:
    said = _said(
        "The Chancellery quoted Arla Venn as saying “the door is open”.\n"
        "Brekk, who in a first reaction posted online, called it “a useful step”.\n"
        "Leaders of the Veldanian Chancellery met on Sunday.\n"
        "“The parties reaffirmed their commitment,” the final communiqué said.",
        published="2024-06-01",
    )
    assert said == [
        ("Arla Venn", "Oskaria", "the door is open"),
        ("Tomas Brekk", "Veldania", "a useful step"),
        ("Veldanian Chancellery", "Veldania", "The parties reaffirmed their commitment"),
    ]


def test_a_quote_over_paragraphs_reads_as_one_in_its_context() -> None:
    text = "Venn said: “We are ready to talk.\n\n“We will keep going until the end.”"
    statements = extract_statements(_articles(text), FICTIONAL)
    (words,) = statements["text"]
    assert words == "We are ready to talk. We will keep going until the end."
    assert statements["context"].iloc[0] == "Venn said: “" + words + "”"


def test_statements_keep_the_sentence_each_quote_stands_in() -> None:
    # Fictional text written for this test.
    text = (
        "Talks resumed in Varen on Monday.\n\n"
        "Foreign Minister Arla Venn called the draft “a road to nowhere” after the session. "
        "“We will not sign it,” she said."
    )
    articles = _articles(text)
    statements = extract_statements(articles, FICTIONAL)
    assert statements["context"].tolist() == [
        "Foreign Minister Arla Venn called the draft “a road to nowhere” after the session.",
        "“We will not sign it,” she said.",
    ]


def test_a_quote_paragraph_after_a_reported_statement_is_from_that_statement() -> None:
    # Fictional text written for this test.
    text = (
        "Foreign Minister Arla Venn said in a statement that the talks had stalled.\n\n"
        "“The delegations will not meet again before the summer recess.”\n\n"
        "“That is a shame.”"
    )
    articles = _articles(text)
    statements = extract_statements(articles, FICTIONAL)
    assert statements["speaker"].tolist() == ["Arla Venn", "Arla Venn"]
    assert statements["attribution"].tolist() == ["continuation", "continuation"]
    # without a statement reported, a bare quote paragraph keeps no speaker
    plain = articles.assign(text=[text.replace(" in a statement", "")])
    assert extract_statements(plain, FICTIONAL)["speaker"].isna().iloc[0]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # a leading he/she is the subject of a coordinated speech verb, not the object
        (
            "Brekk met the delegation in Dorn.\n\nHe thanked Venn for her patience and said "
            "progress came “because both sides kept talking.”",
            ["Tomas Brekk"],
        ),
        # a participle hangs on the nearest clause with a finite verb
        (
            "Vessa is uneasy that Brekk weighed in on the vote, saying “there is no room for "
            "compromise.”",
            ["Tomas Brekk"],
        ),
        # "Dorn has said the move …" is a new statement, not the attribution of the quote
        (
            "Venn called the plan “a show of resolve towards Veldania.” Dorn has said the "
            "move would end the talks.",
            ["Arla Venn"],
        ),
        # "it" is the institution that is the subject nearby, not one that spoke long before
        (
            "“We are ready,” the Chancellery said.\n\nTalks resumed in Dorn. Oskaria's "
            "parliament met on Monday, yet it states that the treaty is “a dead letter for now.”",
            ["Veldanian Chancellery", "Oskaria’s parliament"],
        ),
        # a place that names an event is not a speaker
        (
            "The Vessa summit ended without a text, and it stated that more time was “needed "
            "by all the delegations.”",
            [None],
        ),
        # a possessive speech noun: the possessor said it, even after a preposition
        (
            "Dorn reacted coolly to Venn's boast that she could end the dispute “within a week "
            "or two.”",
            ["Arla Venn"],
        ),
        # someone speaking for a person: the person's ally, in the person's party
        (
            "These problems, Brekk’s closest ally said, “will have to be solved first.”",
            ["Tomas Brekk’s ally"],
        ),
        # "the spokesman": a name the dictionary lacks, introduced by that noun
        (
            "Oskarian government spokesman Pell Oranto spoke after the call.\n“The talks will "
            "resume in Dorn,” the spokesman said.",
            ["Pell Oranto"],
        ),
        # a conjunction after "the" is no speaker noun
        (
            "Talks ended, but Dara Molk gave no details. The spokeswoman, Nadia Brask, met the "
            "envoy but said Oskaria was “not in a hurry at all.”",
            ["Nadia Brask"],
        ),
        # a person's ally is a person: "he" can refer to the ally
        (
            "Brekk’s closest ally said “we are close to a deal now.” He added: “The rest is "
            "detail.”",
            ["Tomas Brekk’s ally", "Tomas Brekk’s ally"],
        ),
        # a run of premodifiers starts at a word boundary, so the place before stays a mention
        (
            "Talks in Dorn senior Oskarian officials said “the text is nearly ready for signing.”",
            ["senior Oskarian officials"],
        ),
        # a pronoun after the verb
        ("Brekk met reporters in Dorn. “We will not give up,” said he.", ["Tomas Brekk"]),
        # "labelling" is a speech verb
        ("Venn attacked the plan, labelling it “destructive.”", ["Arla Venn"]),
        # a quote paragraph after a sentence that only mentions a statement is not from it
        (
            "Brekk dismissed the Oskarian statement as a lie.\n\n“Sanctions are working as "
            "intended.” Analysts in Dorn disagree.",
            [None],
        ),
        # but "Venn wrote on her channel." after a quote attributes it
        (
            "“We will not sign this text.” Venn wrote on her channel late on Sunday evening.",
            ["Arla Venn"],
        ),
    ],
)
def test_clause_subjects_and_attribution_tails(text: str, speakers: list[str]) -> None:
    # Fictional texts written for this test.
    assert [speaker for speaker, _, _ in _said(text)] == speakers


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # a platform after "posted on" is where the post appeared, not who posted it
        (
            "Castrovan President Pell Oranto has just posted on Murmur: “Our delegation has my "
            "full confidence.” pic.murmur.com/Lv8aQ2",
            ["Pell Oranto"],
        ),
        # the agency quoting a minister is not the speaker
        (
            "Deputy Foreign Minister Ilko Varn was quoted by the state news agency Zhel-Inform as "
            "saying the decision was “not a concession but a choice”.",
            ["Ilko Varn"],
        ),
        # a link fragment before a colon is no speaker
        (
            "Pell Oranto shared a photograph, pic.murmur.com/Lv8aQ2: “We will win this.”",
            ["Pell Oranto"],
        ),
        # a venue before a colon is no speaker
        ("Pell Oranto said in the Commons: “We will not be rushed.”", ["Pell Oranto"]),
        # nor is a name that is the object of a preposition
        (
            "Venn listened to the reply. She said, turning to Brekk: “We should have done this "
            "years ago.”",
            ["Arla Venn"],
        ),
        # a parliament named after "of" does not speak for the member described before it:
        # "who" is the member
        (
            "The post came from Ruslan Brevko, a deputy of the People's Convocation, who wrote: "
            "“If they want the ship back, they can come and get it.”",
            ["Ruslan Brevko"],
        ),
        # a party label is no person; a member introduced by it is
        (
            "“We will vote against it,” the Iron Banner faction said. “So will I,” Labour MP "
            "Jane Dorrit said.",
            [None, "Jane Dorrit"],
        ),
    ],
)
def test_a_speaker_is_a_person_an_institution_a_government_or_a_document(
    text: str, speakers: list[str | None]
) -> None:
    # Fictional texts written for this test: media, venues and parties are invented.
    assert [speaker for speaker, _, _ in _said(text)] == speakers


@pytest.mark.slow
@pytest.mark.parametrize("hash_seed", ["0", "5"])
def test_unknown_names_with_particles_are_whole_whatever_the_hash_seed(hash_seed: str) -> None:
    # the name particles are a set: before they were ordered, "de" could be tried before "der"
    # and cut "Ilse von der Maar" to "Ilse" under some hash seeds (0 and 5 among them)
    import os
    import subprocess
    import sys

    probe = (
        "import pandas as pd\n"
        "from stance.extract import extract_statements\n"
        "text = '“We will not sign this text,” said Ilse von der Maar, a delegate of Oskaria.'\n"
        "articles = pd.DataFrame({'article_id': ['a'], 'text': [text],\n"
        "    'published': [pd.Timestamp('2026-01-01', tz='UTC')]})\n"
        "print(extract_statements(articles)['speaker'].iloc[0])\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    run = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "Ilse von der Maar"
