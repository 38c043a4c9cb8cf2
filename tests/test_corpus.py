"""Loading corpora: formats, metadata, and bad records reported with file, record and reason."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from stance import CorpusError, load_corpus, read_corpus, rejects_frame, write_rejects
from stance.schema import ARTICLE_COLUMNS

from .fixtures import SEEDS, write_jsonl

# Example data written for these tests; the speakers and countries are fictional.
GOOD = {"text": "“We are close,” said Minister Arla Venn of Oskaria.", "published": "2026-03-02"}


def test_seed_loads_with_its_date_and_title() -> None:
    articles = load_corpus(SEEDS)
    assert list(articles.columns) == list(ARTICLE_COLUMNS)
    assert len(articles) == 1
    row = articles.iloc[0]
    assert row["published"] == pd.Timestamp("2025-11-23", tz="UTC")
    assert row["title"].startswith("Rubio Says Russia-Ukraine Talks")
    assert row["text"].startswith("Secretary of State Marco Rubio on Sunday")
    assert articles.attrs["rejects"] == []


def test_jsonl_fields_and_stable_ids(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {**GOOD, "id": "x1", "url": "https://news.example/a", "title": "Close"},
            {"text": "Second article.", "published": "2026-03-01T10:30:00+02:00"},
        ],
    )
    first = load_corpus(path)
    again = load_corpus(path)
    assert first["article_id"].tolist() == again["article_id"].tolist()
    assert first["article_id"].is_unique
    # sorted by date; offsets of time zones are converted to UTC
    assert first["published"].iloc[0] == pd.Timestamp("2026-03-01T08:30:00", tz="UTC")
    by_title = first.set_index("title")
    assert by_title.loc["Close", "source"] == "news.example"  # the URL's host when no source
    assert str(first["published"].dt.tz) == "UTC"


def test_bad_jsonl_records_are_rejected_and_good_ones_load(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps(GOOD),
        "{not json",
        json.dumps({"text": "Undated piece.", "published": "last Tuesday-ish"}),
        json.dumps({"text": "   ", "published": "2026-03-03"}),
        json.dumps({"text": "No date at all."}),
        json.dumps(GOOD),  # the same article again
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"text": "\xff\xfe", "published": 1}\n')
    corpus = read_corpus(path)
    assert len(corpus.articles) == 1
    reasons = {r.record: r.reason for r in corpus.rejects}
    assert set(reasons) == {"line 2", "line 3", "line 4", "line 5", "line 6", "line 7"}
    assert "broken JSON" in reasons["line 2"]
    assert "unparseable `published` date 'last Tuesday-ish'" in reasons["line 3"]
    assert "empty" in reasons["line 4"] and "text" in reasons["line 4"]
    assert "missing `published`" in reasons["line 5"]
    assert "duplicate of the article at" in reasons["line 6"] and "line 1" in reasons["line 6"]
    assert "not valid UTF-8" in reasons["line 7"]
    assert all(r.file == str(path) for r in corpus.rejects)
    # every record is either loaded or rejected
    assert len(corpus.articles) + len(corpus.rejects) == 7


def test_strict_mode_raises_on_the_first_bad_record(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(GOOD) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.jsonl: line 2: broken JSON"):
        read_corpus(path, strict=True)


def test_csv_and_parquet(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        [
            {**GOOD, "source": "Wire"},
            {"text": "Another report.", "published": "not a date", "source": "Wire"},
        ]
    )
    frame.to_csv(tmp_path / "a.csv", index=False)
    frame.to_parquet(tmp_path / "b.parquet", index=False)
    csv = read_corpus(tmp_path / "a.csv")
    assert len(csv.articles) == 1 and csv.rejects[0].record == "line 3"
    parquet = read_corpus(tmp_path / "b.parquet")
    assert len(parquet.articles) == 1 and parquet.rejects[0].record == "row 2"


def test_table_without_required_columns_is_rejected_whole(tmp_path: Path) -> None:
    pd.DataFrame({"body": ["x"], "date": ["2026-01-01"]}).to_csv(tmp_path / "t.csv", index=False)
    write_jsonl(tmp_path / "ok.jsonl", [GOOD])
    corpus = read_corpus(tmp_path)
    assert len(corpus.articles) == 1
    (reject,) = corpus.rejects
    assert reject.record == "(file)" and "missing column(s) text, published" in reject.reason


def test_text_files_take_dates_from_front_matter_sidecar_or_manifest(tmp_path: Path) -> None:
    (tmp_path / "front.md").write_text(
        "---\npublished: 2026-02-01\nsource: Gazette\n---\n# Talks resume\n\nBody one.\n",
        encoding="utf-8",
    )
    (tmp_path / "side.txt").write_text("Headline two\nBody two.\n", encoding="utf-8")
    (tmp_path / "side.meta.yaml").write_text(
        "published: 2026-02-02\nurl: https://x.example/2\n", encoding="utf-8"
    )
    (tmp_path / "listed.txt").write_text("Headline three\nBody three.\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,published,source\nlisted.txt,2026-02-03,Post\n", encoding="utf-8"
    )
    (tmp_path / "undated.txt").write_text("Headline four\nBody four.\n", encoding="utf-8")
    corpus = read_corpus(tmp_path)
    articles = corpus.articles.set_index("title")
    assert articles.loc["Talks resume", "source"] == "Gazette"
    assert articles.loc["Talks resume", "text"].strip() == "Body one."
    assert articles.loc["Headline two", "published"] == pd.Timestamp("2026-02-02", tz="UTC")
    assert articles.loc["Headline two", "url"] == "https://x.example/2"
    assert articles.loc["Headline three", "source"] == "Post"
    (reject,) = corpus.rejects
    assert reject.file.endswith("undated.txt") and "no publication date" in reject.reason


def test_undecodable_text_file_and_unsupported_type_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"---\npublished: 2026-01-01\n---\nCaf\xe9 talks\n")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    write_jsonl(tmp_path / "ok.jsonl", [GOOD])
    corpus = read_corpus(tmp_path)
    reasons = sorted(r.reason for r in corpus.rejects)
    assert len(corpus.articles) == 1
    assert reasons[0].startswith("not valid UTF-8 at byte")
    assert "unsupported file type '.docx'" in reasons[1] and ".jsonl" in reasons[1]


def test_rejects_table_and_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(GOOD) + "\n[1, 2]\n", encoding="utf-8")
    articles = load_corpus(path)
    table = rejects_frame(articles)
    assert table.to_dict("records") == [
        {"file": str(path), "record": "line 2", "reason": "expected a JSON object"}
    ]
    out = write_rejects(articles.attrs["rejects"], tmp_path / "out" / "rejects.csv")
    assert pd.read_csv(out)["record"].tolist() == ["line 2"]


def test_missing_path_and_empty_directory_are_errors(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file or directory"):
        load_corpus(tmp_path / "nowhere")
    with pytest.raises(CorpusError, match="no corpus files found; supported types"):
        load_corpus(tmp_path)


def test_a_malformed_csv_row_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "text,published\n"
        '"First, with a comma.",2026-01-01\n'
        "Second,2026-01-02,an extra field\n"
        '"Third,\nover two lines.",2026-01-03\n',
        encoding="utf-8",
    )
    corpus = read_corpus(path)
    assert corpus.articles["text"].tolist() == ["First, with a comma.", "Third,\nover two lines."]
    (reject,) = corpus.rejects
    assert (reject.record, reject.reason) == ("line 3", "3 fields where the header has 2")


def test_manifest_with_a_byte_order_mark_and_numeric_dates(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Headline\nBody.\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,published\na.txt,2026-02-03\n", encoding="utf-8-sig"
    )
    write_jsonl(tmp_path / "b.jsonl", [{"text": "x", "published": 1700000000}])
    corpus = read_corpus(tmp_path)
    assert corpus.articles["title"].tolist() == ["Headline"]
    (reject,) = corpus.rejects
    assert "`published` is the number 1700000000" in reject.reason


def test_a_quoted_lede_is_not_taken_for_a_headline(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "---\npublished: 2026-01-05\n---\n“We are hopeful,” Minister Arla Venn said.\n"
        "The talks resume on Monday.\n",
        encoding="utf-8",
    )
    article = load_corpus(tmp_path / "a.txt").iloc[0]
    assert article["title"] == "" and article["text"].startswith("“We are hopeful,”")


def test_a_csv_field_over_the_limit_rejects_its_row_and_the_rest_of_the_file_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csv

    from stance import corpus as corpus_module

    # a small limit stands in for the 16 MB one (the csv module's limit is process-wide)
    monkeypatch.setattr(corpus_module, "MAX_FIELD_CHARS", 1000)
    old = csv.field_size_limit(1000)
    try:
        path = tmp_path / "a.csv"
        path.write_text(
            f'text,published\n"{"x" * 5000}",2026-01-01\nSecond,2026-01-02\nThird,2026-01-03\n',
            encoding="utf-8",
        )
        corpus = read_corpus(path)
    finally:
        csv.field_size_limit(old)
    assert corpus.articles["text"].tolist() == ["Second", "Third"]
    (reject,) = corpus.rejects
    assert reject.record == "line 2"
    assert reject.reason == "cannot parse: a field longer than 1,000 characters"


def test_implausible_dates_and_an_empty_jsonl_file_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "dates.jsonl"
    lines = [
        json.dumps({"text": "A fictional piece.", "published": "2026-03-03"}),
        json.dumps({"text": "A placeholder date.", "published": "9999-12-31"}),
        json.dumps({"text": "A typo in the year.", "published": "2300-01-01"}),
        json.dumps({"text": "Before any newspaper we read.", "published": "1850-06-01"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert corpus.articles["text"].tolist() == ["A fictional piece."]
    reasons = {(Path(r.file).name, r.record): r.reason for r in corpus.rejects}
    assert reasons == {
        ("dates.jsonl", "line 2"): "`published` date '9999-12-31' is in the future",
        ("dates.jsonl", "line 3"): "`published` date '2300-01-01' is in the future",
        ("dates.jsonl", "line 4"): "`published` date '1850-06-01' is before 1900",
        ("empty.jsonl", "(file)"): "empty file",
    }


def test_control_characters_never_reach_an_article(tmp_path: Path) -> None:
    path = tmp_path / "nul.jsonl"
    record = {
        "text": "A fictional\u0000 statement\u0007 was made.\nSecond line.",
        "published": "2026-03-03",
        "title": "Title\u0000 with NUL",
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (article,) = read_corpus(path).articles.itertuples()
    assert article.text == "A fictional statement was made.\nSecond line."
    assert article.title == "Title with NUL"


def test_a_manifest_changed_between_two_loads_is_read_again(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A fictional piece of news.\n", encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,published\na.txt,2026-03-03\n", encoding="utf-8")
    first = read_corpus(tmp_path).articles["published"].iloc[0]
    manifest.write_text("file,published\na.txt,2026-04-14T09:30:00\n", encoding="utf-8")
    second = read_corpus(tmp_path).articles["published"].iloc[0]
    assert (first.date().isoformat(), second.date().isoformat()) == ("2026-03-03", "2026-04-14")
