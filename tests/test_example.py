"""The fictional example corpus: deterministic, well formed, and its planted trends recoverable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import stance
from stance.example import (
    EXAMPLE_PARTIES,
    FICTIONAL_MARKER,
    FRUSTRATION_SENTENCES,
    NEUTRAL_SENTENCES,
    OPTIMISM_SENTENCES,
    PLANTED_TRENDS,
    example_actors_path,
    write_example_corpus,
)

from .fixtures import REPO

# A trend counts as recovered when the mean monthly net tone of the last months differs from that
# of the first months by at least this much (net tone runs from -1 to 1).
CLEAR_MARGIN = 0.2


@pytest.fixture(scope="module")
def corpus_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_example_corpus(tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="module")
def corpus(corpus_path: Path) -> stance.corpus.Corpus:
    return stance.read_corpus(corpus_path)


@pytest.fixture(scope="module")
def records(corpus_path: Path) -> list[dict[str, Any]]:
    """The good records of the file, in file order."""
    good = []
    for line in corpus_path.read_text(encoding="utf-8").splitlines():
        try:
            good.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return good[:-1]  # the last parseable record is the one with a bad date


@pytest.fixture(scope="module")
def statements(corpus: stance.corpus.Corpus) -> pd.DataFrame:
    return stance.extract_statements(corpus.articles, stance.load_actors(example_actors_path()))


def _half_means(frame: pd.DataFrame, value: str) -> dict[str, tuple[float, float]]:
    """Per party: the mean over its first and last months (the middle month of an odd number is
    left out) of the monthly means of `value`."""
    periods = sorted(frame["period"].unique())
    half = len(periods) // 2
    first, last = set(periods[:half]), set(periods[-half:])
    means = {}
    for party in EXAMPLE_PARTIES:
        rows = frame[frame["party"] == party]
        means[party] = (
            float(rows.loc[rows["period"].isin(first), value].mean()),
            float(rows.loc[rows["period"].isin(last), value].mean()),
        )
    return means


def _assert_trends(means: dict[str, tuple[float, float]]) -> None:
    change = {party: second - first for party, (first, second) in means.items()}
    assert PLANTED_TRENDS == {"Norvania": "rising", "Kestria": "falling", "Valmora": "steady"}
    assert change["Norvania"] >= CLEAR_MARGIN, means
    assert change["Kestria"] <= -CLEAR_MARGIN, means
    assert abs(change["Valmora"]) < min(change["Norvania"], -change["Kestria"]) / 2, means


# ---- the file ----------------------------------------------------------------------------


def test_same_seed_same_file_other_seed_other_file(tmp_path: Path, corpus_path: Path) -> None:
    again = write_example_corpus(tmp_path / "again", seed=0)
    other = write_example_corpus(tmp_path / "other", seed=1)
    assert again.name == corpus_path.name == "example_articles.jsonl"
    assert again.read_bytes() == corpus_path.read_bytes()
    assert other.read_bytes() != corpus_path.read_bytes()


def test_enough_articles_over_the_months_and_exactly_two_rejects(
    corpus: stance.corpus.Corpus,
) -> None:
    articles = corpus.articles
    assert len(articles) >= 70
    months = articles["published"].dt.strftime("%Y-%m").unique()
    assert len(months) >= 6
    assert articles["published"].min() >= pd.Timestamp("2025-01-06", tz="UTC")
    assert articles["published"].max() < pd.Timestamp("2025-08-01", tz="UTC")
    # several a week, at irregular intervals
    weeks = articles["published"].dt.tz_convert(None).dt.to_period("W")
    weekly = articles.groupby(weeks).size()
    assert weekly.median() >= 2 and weekly.nunique() > 1
    reasons = sorted(r.reason for r in corpus.rejects)
    assert len(reasons) == 2
    assert reasons[0].startswith("broken JSON")
    assert reasons[1] == "unparseable `published` date 'the Tuesday after the summit'"
    # the last two lines of the file
    assert {r.record for r in corpus.rejects} == {f"line {len(articles) + k}" for k in (1, 2)}


def test_every_article_is_marked_fictional_and_well_formed(
    corpus: stance.corpus.Corpus, corpus_path: Path
) -> None:
    for line in corpus_path.read_text(encoding="utf-8").splitlines():
        assert FICTIONAL_MARKER in line  # the bad records too
    for article in corpus.articles.itertuples():
        assert article.text.startswith(FICTIONAL_MARKER + "\n\n")
        assert 120 <= len(article.text.removeprefix(FICTIONAL_MARKER).split()) <= 300
        assert article.source == "Example Wire (fictional)"
        assert article.url.startswith("https://example.org/wire/")
        assert article.title
    assert corpus.articles["url"].is_unique


def test_planted_statements_cover_parties_tones_and_imperfections(
    records: list[dict[str, Any]],
) -> None:
    planted = pd.DataFrame([p for r in records for p in r["planted"]])
    assert all(2 <= len(r["planted"]) <= 5 for r in records)
    assert set(planted.columns) == {"speaker", "party", "tone"}
    assert set(planted["party"]) == {*EXAMPLE_PARTIES, "Unknown"}
    assert set(planted["tone"]) == {"optimism", "frustration", "neutral"}
    unnamed = planted["speaker"].str.contains("official|diplomat|negotiator")
    assert unnamed.sum() >= 5
    assert set(planted.loc[planted["party"] == "Unknown", "speaker"]) <= {
        "Henrik Sollen",
        "Jonas Tervel",
    }
    assert 1 <= (planted["party"] == "Unknown").sum() <= 0.1 * len(planted)
    # Kestria's chief negotiator changes hands in April
    assert {"Dario Vukan", "Selma Rautio"} <= set(planted["speaker"])


def test_sentence_pools_are_large_distinct_and_not_the_training_data() -> None:
    pools = (OPTIMISM_SENTENCES, FRUSTRATION_SENTENCES, NEUTRAL_SENTENCES)
    for pool in pools:
        assert len(set(pool)) == len(pool) >= 40
    assert len({s for pool in pools for s in pool}) == sum(len(pool) for pool in pools)
    training = REPO / "data" / "training" / "tone_statements.csv"
    if training.exists():
        seen = set(pd.read_csv(training)["text"])
        assert not seen & {s for pool in pools for s in pool}


def test_planted_tones_carry_the_trends(records: list[dict[str, Any]]) -> None:
    # Without any model: net tone of the planted labels (+1 optimism, -1 frustration).
    rows = [
        {
            "period": pd.Timestamp(str(r["published"])).strftime("%Y-%m"),
            "party": p["party"],
            "net": {"optimism": 1.0, "frustration": -1.0, "neutral": 0.0}[p["tone"]],
        }
        for r in records
        for p in r["planted"]
    ]
    monthly = pd.DataFrame(rows).groupby(["party", "period"], as_index=False)["net"].mean()
    _assert_trends(_half_means(monthly, "net"))


def test_other_start_and_length(tmp_path: Path) -> None:
    path = write_example_corpus(tmp_path, seed=3, start="2024-10-01", months=2)
    corpus = stance.read_corpus(path)
    published = corpus.articles["published"]
    assert len(published) >= 70 and len(corpus.rejects) == 2
    assert published.min() >= pd.Timestamp("2024-10-01", tz="UTC")
    assert published.max() < pd.Timestamp("2024-12-01", tz="UTC")
    with pytest.raises(stance.StanceError, match="months"):
        write_example_corpus(tmp_path, months=0)
    with pytest.raises(stance.StanceError, match="not a date"):
        write_example_corpus(tmp_path, start="early 2025")


# ---- the pipeline on the corpus ----------------------------------------------------------


def test_example_actors_dictionary_knows_the_cast() -> None:
    actors = stance.load_actors(example_actors_path(), default=False)
    assert set(actors.parties) == set(EXAMPLE_PARTIES)
    assert "fictional" in example_actors_path().read_text(encoding="utf-8").lower()
    assert actors.get("Drovik") is not None
    assert actors.get("Henrik Sollen") is None  # left out on purpose


def test_statements_are_attributed_to_the_planted_parties(
    corpus: stance.corpus.Corpus, records: list[dict[str, Any]], statements: pd.DataFrame
) -> None:
    planted_by_url = {r["url"]: r["planted"] for r in records}
    right = total = 0
    for article in corpus.articles.itertuples():
        planted = planted_by_url[article.url]
        found = statements[statements["article_id"] == article.article_id]
        total += len(planted)
        if len(found) == len(planted):
            right += sum(
                p["party"] == party for p, party in zip(planted, found["party"], strict=True)
            )
    assert total >= 200
    assert right / total >= 0.9
    assert set(statements["party"]) == {*EXAMPLE_PARTIES, "Unknown"}


@pytest.mark.slow
def test_default_model_recovers_the_planted_trends(statements: pd.DataFrame) -> None:
    scored = stance.score_statements(statements, progress=False)
    series = stance.party_series(scored, freq="month")
    assert len(series["period"].unique()) == 7
    _assert_trends(_half_means(series, "net"))
