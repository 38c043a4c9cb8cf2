"""Attribution by construction of English news: each case is a construction, written here as
invented text about fictional countries (Oskaria, Veldania) and people, never an excerpt."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from stance import extract_statements, load_actors

FICTIONAL = load_actors(Path(__file__).with_name("fictional_actors.yaml"), default=False)


def _statements(text: str) -> pd.DataFrame:
    articles = pd.DataFrame(
        {"article_id": ["a"], "published": pd.to_datetime(["2026-03-02"], utc=True), "text": [text]}
    )
    return extract_statements(articles, FICTIONAL)


def _said(text: str) -> list[tuple[str | None, str]]:
    frame = _statements(text)
    return [
        (None if pd.isna(s) else s, p)
        for s, p in zip(frame["speaker"], frame["party"], strict=True)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # speech verbs that take "as", and verbs after the quote other than "said"
        (
            "Foreign Minister Arla Venn condemned the levy as “a tax on patience.”",
            [("Arla Venn", "Oskaria")],
        ),
        ("“We are not bargaining,” Brekk shot back.", [("Tomas Brekk", "Veldania")]),
        ("Brekk retorted that Venn “mistakes volume for strength”.", [("Tomas Brekk", "Veldania")]),
        (
            "Venn, closing the debate, fired back: “We know exactly what we are doing.”",
            [("Arla Venn", "Oskaria")],
        ),
        (
            "Brekk assured the chamber that the coast guard would “keep every lane open” for now.",
            [("Tomas Brekk", "Veldania")],
        ),
        # a capital that retorts speaks for its country
        (
            "Dorn did not wait long. “The line stays where the treaty drew it,” Dorn retorted.",
            [("Dorn", "Veldania")],
        ),
        # a clause after "after" has its own subject
        (
            "The envoys met hours after Brekk described the bloc as “a club of nervous clerks”.",
            [("Tomas Brekk", "Veldania")],
        ),
    ],
)
def test_speech_verbs_beyond_said(text: str, expected: list[tuple[str, str]]) -> None:
    assert _said(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a long aside between an anonymous source and its verb
        (
            "A senior Veldanian official, speaking on condition of anonymity because he was not "
            "authorised to discuss the talks, said the crew were “fed, rested and in no danger”.",
            [("senior Veldanian official", "Veldania")],
        ),
        # a nationality word, then a compound noun: "a … government source", "… trade official"
        (
            "In Vessa, an Oskarian government source said officials saw “very few open doors”.",
            [("Oskarian government source", "Oskaria")],
        ),
        # a body named by a country's possessive
        (
            "Veldania's Defence Ministry wrote on its channel that the ship had entered "
            "“Veldanian waters without notice”.",
            [("Veldania’s Defence Ministry", "Veldania")],
        ),
        # a place after the subject, in a prepositional phrase, is skipped whole
        (
            "The Veldanian embassy in Vessa said in a statement that it “welcomed the vote”.",
            [("Veldanian embassy", "Veldania")],
        ),
        # a named body the dictionary lacks, with a nationality word at its start
        (
            "The Oskarian Salt Farmers' Association, which has 4,000 members, condemned the "
            "ruling as “a fine for being efficient.”",
            [("Oskarian Salt Farmers' Association", "Oskaria")],
        ),
        # a known person's adviser, without the possessive 's
        (
            "A Brekk adviser, reached through an intermediary, insisted the president had “no "
            "interest in keeping sailors”.",
            [("Tomas Brekk’s adviser", "Veldania")],
        ),
    ],
)
def test_sources_and_bodies(text: str, expected: list[tuple[str, str]]) -> None:
    assert _said(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a description standing for the person named last
        (
            "Envoy Pell Oranto, who travelled with the crew, said he was tired.\n\n“Now the "
            "hard part begins,” the 67-year-old cautioned.",
            [("Pell Oranto", "Unknown")],
        ),
        (
            "Veldania named Ansel Korr as defence minister. The former general, who led a "
            "mission a decade ago, said his priority would be “readiness, not rhetoric”.",
            [("Ansel Korr", "Unknown")],
        ),
        (
            "Ansel Korr, head of the Veldanian delegation, arrived on foot. “Bring coffee, it "
            "will be a long day,” the veteran negotiator quipped.",
            [("Ansel Korr", "Veldania")],
        ),
        # a description opening the sentence is the subject of its coordinated verbs too
        (
            "Pell Oranto runs the inspectors.\n\nThe veteran "
            'inspector, 59, describes the standoff as "the hardest test yet," but says he is '
            '"not in the business of predictions."',
            [("Pell Oranto", "Unknown"), ("Pell Oranto", "Unknown")],
        ),
        # a possessive is not part of the person named last
        (
            "Nikos Vell’s farm lies on the plain.\n\n“I never held a banner before,” the "
            "64-year-old said.",
            [("Nikos Vell", "Unknown")],
        ),
        # but a document or a body after "the" is not the person named last
        (
            "Ansel Korr signed the text on Monday. “All parties shall refrain from force,” the "
            "treaty reads.",
            [(None, "Unknown")],
        ),
    ],
)
def test_descriptors_stand_for_the_person_named_last(
    text: str, expected: list[tuple[str | None, str]]
) -> None:
    assert _said(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an unknown name in apposition to a known person's role takes that person's party
        (
            "Venn's chief of staff, Pell Oranto, said the president wanted “a minister who "
            "knows ships”.",
            [("Pell Oranto", "Oskaria")],
        ),
        (
            "Brekk's deputy, Ansel Korr, tells the state news agency the decision is "
            "“acceptable, because it changes nothing.”",
            [("Ansel Korr", "Veldania")],
        ),
        # a description after the name: ", head of the Veldanian delegation,"
        (
            "Ansel Korr, head of the Veldanian delegation, said the maps were “on the table”.",
            [("Ansel Korr", "Veldania")],
        ),
        # "who" is a person, past the body named inside the apposition
        (
            "The anger came from Ansel Korr, a Veldanian lawmaker and deputy chair of the "
            "defence committee of the People's Convocation, who wrote: “Come and get it.”",
            [("Ansel Korr", "Veldania")],
        ),
        # an adverb after the apposition's closing comma
        (
            "Ansel Korr, the Veldanian ministry’s spokesman, later told television that the "
            "text was “an offer, not an ultimatum”.",
            [("Ansel Korr", "Veldania")],
        ),
        # a list is not an apposition
        (
            "Venn, Ansel Korr and two aides left early. Korr said only: “Good night.”",
            [("Ansel Korr", "Unknown")],
        ),
    ],
)
def test_party_of_people_the_dictionary_lacks(
    text: str, expected: list[tuple[str | None, str]]
) -> None:
    assert _said(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "was quoted by <medium> as saying": the subject was quoted, not the medium
        (
            "Veldanian Deputy Foreign Minister Ansel Korr was quoted by the agency Dorn-Inform as "
            "saying the decision was “not a concession”.",
            [("Ansel Korr", "Veldania")],
        ),
        # another speaker's remarks inside a sentence are what the speaker talks about
        (
            "The Veldanian Chancellery said in a statement that Venn's remarks were "
            "“sentimental propaganda”.",
            [("Veldanian Chancellery", "Veldania")],
        ),
        ("Brekk dismissed Venn's comments as “theatre”.", [("Tomas Brekk", "Veldania")]),
    ],
)
def test_who_is_quoted_and_who_is_talked_about(
    text: str, expected: list[tuple[str | None, str]]
) -> None:
    assert _said(text) == expected


def test_a_quote_paragraph_continues_after_a_long_attribution() -> None:
    text = (
        "“We will not accept our sailors held as chips,” Foreign Minister Arla Venn said in a "
        "televised address from the palace in the evening.\n\n“Every one of them comes home.”"
    )
    assert _said(text) == [("Arla Venn", "Oskaria"), ("Arla Venn", "Oskaria")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an interview answer: a bare quote, and "I said" inside it, are the one answering
        (
            "Q: What did you tell him?\n\nVenn: I said to Minister Brekk in May: “Release them "
            "first.” He has not replied.",
            [("Arla Venn", "Oskaria")],
        ),
        (
            "Q: And your answer?\n\nVenn: Our answer was “not now, and not like this.”",
            [("Arla Venn", "Oskaria")],
        ),
        # but a quote whose verb has another subject is not the answer's
        (
            "Venn: I have met the families. One mother asked me: “Do you have children at all?”",
            [(None, "Unknown")],
        ),
        # a pronoun after an embedded post's link is the person the paragraph is about
        (
            "Brekk spoke after the vote.\n\nAnalysts in Vessa doubt it. pic.chirp.com/Xy12Ab — "
            "Some terms seemed “acceptable,” he said.",
            [("Tomas Brekk", "Veldania")],
        ),
        # a live-blog fragment without a verb, before a colon
        (
            "16:30 — Brekk again, leaving the building: “June 15. We will be at the gate.”",
            [("Tomas Brekk", "Veldania")],
        ),
        # a body's document: "the chancellery’s statement calls …"
        (
            "The Veldanian Chancellery met at noon.\n\nThe chancellery’s statement calls the "
            "deadline “final and not renewable.”",
            [("Veldanian Chancellery", "Veldania")],
        ),
    ],
)
def test_interviews_live_blogs_and_documents(
    text: str, expected: list[tuple[str | None, str]]
) -> None:
    assert _said(text) == expected


def test_quotation_marks_around_a_name_are_not_a_statement() -> None:
    text = (
        "Brekk told the daily “Dorn Evening” that the crew were held “in better cabins than "
        "their own”. The commission said both sides accepted its “Six-Point Framework” as a "
        "basis."
    )
    assert _statements(text)["text"].tolist() == ["in better cabins than their own"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a datelined story's unqualified officials and residents are local
        (
            "DORN, May 4 (Example Wire) - Deputy Defence Minister Ansel Korr assured lawmakers "
            "that the navy would “patrol every metre of our waters”.",
            [("Ansel Korr", "Veldania")],
        ),
        (
            "LESKA, Oskaria - The bakery opens at five.\n\n“I bake his bread every morning,” "
            "said Mara Lind, 54.",
            [("Mara Lind", "Oskaria")],
        ),
        # a paragraph that sets its own scene wins over the dateline
        (
            "DORN - Talks resumed.\n\nIn the Oskarian village of Ruska, where the school was "
            "shelled, resident Pell Oranto said his neighbours made “a real sacrifice”.",
            [("Pell Oranto", "Oskaria")],
        ),
        # independent experts and the press speak for no party wherever they are
        (
            "DORN - “The ship was never the point,” said Nils Aker, director of the Dorn Policy "
            "Centre, an independent think tank.",
            [("Nils Aker", "Unknown")],
        ),
        # a story with two datelines sets no scene
        (
            "DORN/VESSA - Deputy Minister Ansel Korr said the line was “not negotiable”.",
            [("Ansel Korr", "Unknown")],
        ),
        # a place inside a relative clause is not the subject of the verb after it
        (
            "Water Minister Ansel Korr, who visited Ruska on Saturday, told farmers the "
            "government would “not sign anything that leaves this plain dry.”",
            [("Ansel Korr", "Unknown")],
        ),
    ],
)
def test_where_the_story_is_set(text: str, expected: list[tuple[str | None, str]]) -> None:
    assert _said(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a sentence may open with "And"; "from" before a colon names a source
        ("And Brekk said the deal was “dead on arrival”.", [("Tomas Brekk", "Veldania")]),
        (
            "Statement from the Veldanian Chancellery: “We regret the decision and will appeal.”",
            [("Veldanian Chancellery", "Veldania")],
        ),
        # a possessed speaker is no speech noun: "Venn's spokesman said" is the spokesman
        (
            "Asked about Brekk's claims, Venn's spokesman said the ships would “stay put”.",
            [("Arla Venn’s spokesman", "Oskaria")],
        ),
        # a description nothing ties to the person named last is nobody named
        (
            "Pell Oranto was sentenced to six years on Friday. “You showed no remorse at any "
            "point,” the judge said.",
            [(None, "Unknown")],
        ),
        (
            "Brekk visited the ward. “I waited nine hours for a doctor,” the woman said.",
            [(None, "Unknown")],
        ),
        (
            "Brekk defended the budget. “It robs the poor to pay the navy,” the opposition said.",
            [(None, "Unknown")],
        ),
        # a person before "of" is not part of the body after it
        (
            "“The levy is a tax on bread,” Pell Oranto of the Oskarian Fisheries Council said.",
            [("Pell Oranto", "Unknown")],
        ),
        # a heading with a colon is no interview label; a possessive is no live-blog speaker
        (
            "Vessa: Crowds outside parliament chanted “no deal without the crews” until midnight.",
            [(None, "Unknown")],
        ),
        (
            "Venn's critics, in a letter to the editor: “Resign now, and take the cabinet too.”",
            [(None, "Unknown")],
        ),
        (
            "16:40 — Venn walks past protesters chanting: “Free the crews! Free them all now!”",
            [(None, "Unknown")],
        ),
        # a rival is not a role: no party from "Brekk's rival"
        (
            "Brekk's rival, Pell Oranto, said the move was “reckless and late”.",
            [("Pell Oranto", "Unknown")],
        ),
        # a full name seen once after a noun, then speaking; a surname that is also a place word
        (
            "Venn phoned Pell Oranto 48 hours before the vote.\n\n“We had a deal,” said Pell "
            "Oranto, a fisherman.",
            [("Pell Oranto", "Unknown")],
        ),
        ("“We will not be moved,” said Pell Field, a fisherman.", [("Pell Field", "Unknown")]),
        # a scene inside quoted words, or mid-sentence, sets no scene; an apposition's place wins
        (
            "“In Dorn, nobody believes the radio,” said Pell Oranto, a fisherman.",
            [("Pell Oranto", "Unknown")],
        ),
        (
            "Speaking at a conference in Dorn, Pell Oranto said the talks were “too slow”.",
            [("Pell Oranto", "Unknown")],
        ),
        (
            "DORN - “We came to listen,” said Pell Oranto, the mayor of Vessa.",
            [("Pell Oranto", "Oskaria")],
        ),
    ],
)
def test_what_the_rules_must_not_do(text: str, expected: list[tuple[str | None, str]]) -> None:
    assert _said(text) == expected


def test_long_adversarial_text_is_read_quickly_and_without_error() -> None:
    # many possessed speech nouns in one sentence, and a long run of relative clauses
    owned = "Venn dismissed " + " and ".join(["Brekk's comments"] * 1200) + " as “theatre”."
    assert _said(owned) == [("Arla Venn", "Oskaria")]
    clauses = "the man, who waited, " * 3000 + "so all said “we go on and on”."
    assert _said(clauses) == [(None, "Unknown")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a clause ending in a colon before the quote: its subject, a pronoun included
        (
            "Brekk spoke at the dam. He went further in an address that evening: “Every drop "
            "that falls here is ours.”",
            [("Tomas Brekk", "Veldania")],
        ),
        (
            "Venn wrote on her channel at noon. Her post: “We have not walked out.”",
            [("Arla Venn", "Oskaria")],
        ),
        # "the Chancellery said" after the body was named: the body, capital letter and all
        (
            "The Veldanian Chancellery met. “We are monitoring closely,” the Chancellery said "
            "in a note.",
            [("Veldanian Chancellery", "Veldania")],
        ),
        # quoted words after "the headline", "the slogan" are a title, whatever their case
        ("The ministry posted it under the headline “Facts, not emotions”.", []),
        # unnamed sources: placed by the body their words name, the institution named last in
        # the paragraph, or the story's setting; a city says only where a diplomat is
        (
            "The Veldanian Foreign Ministry held a briefing.\n\nIt ended after an hour. A "
            "ministry official later said the text would be “published in full”.",
            [("a ministry official", "Veldania")],
        ),
        (
            "DORN - Police said the march was calm. “There were no arrests at all,” a police "
            "spokesman said.",
            [("a police spokesman", "Veldania")],
        ),
        (
            "“If he gets a date, that is a good week for him,” said a diplomat in Vessa.",
            [("a diplomat", "Unknown")],
        ),
    ],
)
def test_clauses_titles_and_unnamed_sources(
    text: str, expected: list[tuple[str | None, str]]
) -> None:
    assert _said(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a member of a body, and the description that echoes it later
        (
            "A senior member of the Oskarian delegation, speaking on condition of anonymity, "
            "said ratification would be “noisy, but certain.”",
            [("senior member of the Oskarian delegation", "Oskaria")],
        ),
        (
            "Whatever Brekk says, a member of the Oskarian delegation told us the team left. "
            "“They went to call home,” the delegate said.",
            [("member of the Oskarian delegation", "Oskaria")],
        ),
        # "His ministry … issued a statement saying": the ministry of the man meant
        (
            "Brekk left by a side door. His ministry later issued a statement saying Veldania "
            "had “formally requested a session”.",
            [("Tomas Brekk’s ministry", "Veldania")],
        ),
        # a description that only a sentence about someone else shares is not that person
        (
            "A person briefed on the call said it was the idea of the envoy, Pell Oranto. “Both "
            "needed to say they had tried,” the person said.",
            [(None, "Unknown")],
        ),
    ],
)
def test_members_bodies_and_descriptions(text: str, expected: list[tuple[str | None, str]]) -> None:
    assert _said(text) == expected
