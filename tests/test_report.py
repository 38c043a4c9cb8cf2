"""Report pieces: the quotes behind the numbers, the archive index, windows and re-runs."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd
import pytest

from stance import CorpusError, run_report
from stance.cli import main
from stance.extract import extract_statements
from stance.report import quotes_behind_html, summary_html, write_index

from .fixtures import write_jsonl

# Example articles written for these tests: fictional officials of fictional countries.
ARTICLES = [
    {
        "id": "a1",
        "published": "2026-02-02",
        "url": "https://example.org/a1",
        "title": "Talks open",
        "text": "“This is wonderful progress and I am grateful,” said Arla Venn of Oskaria.",
    },
    {
        "id": "a2",
        "published": "2026-02-03",
        "title": "A setback <b>",
        "text": "“This is a terrible, shameful betrayal,” said Arla Venn of Oskaria.",
    },
    {
        "id": "a3",
        "published": "2026-03-10",
        "title": "Later talks",
        "text": "“The delegations will meet on Thursday,” said Arla Venn of Oskaria.",
    },
]


def _scored() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a1", "a2"],
            "published": pd.to_datetime(["2026-02-02", "2026-02-03"], utc=True),
            "speaker": ["Arla Venn", None],
            "party": ["Oskaria", "Oskaria"],
            "text": ["We made <progress>", "A shameful betrayal"],
            "optimism": [0.9, 0.1],
            "frustration": [0.05, 0.8],
        }
    )


def test_quotes_behind_the_numbers_show_both_ends_with_links() -> None:
    articles = pd.DataFrame(
        {
            "article_id": ["a1", "a2"],
            "url": ["https://example.org/a1", ""],
            "title": ["Talks open", "A setback <b>"],
            "source": ["", ""],
        }
    )
    page = quotes_behind_html(_scored(), articles, freq="W")
    assert "<h3>Oskaria</h3>" in page
    assert "“We made &lt;progress&gt;”" in page and "optimism 0.90" in page
    assert "“A shameful betrayal”" in page and "frustration 0.80" in page
    assert "<a href='https://example.org/a1'>Talks open</a>" in page
    assert "A setback &lt;b&gt;" in page and "<em>no speaker found</em>" in page


def _listed_as_unknown(page: str) -> str:
    row = page.split("Speakers not in the actor dictionary</th>")[1]
    return row.split("<td style='text-align:left'>")[1].split("</td>")[0]


def test_the_summary_lists_only_real_speakers_the_dictionary_lacks() -> None:
    # Invented text: a president posting on an invented platform, a minister quoted by an
    # invented agency, a speech in a chamber, a party label and an unknown analyst.
    text = (
        "Castrovan President Pell Oranto has just posted on Murmur: “Our delegation has my full "
        "confidence.” pic.murmur.com/Lv8aQ2\n\n"
        "Deputy Foreign Minister Ilko Varn was quoted by the state news agency Zhel-Inform as "
        "saying the decision was “not a concession but a choice”.\n\n"
        "Tamsin Rell said in the Commons: “We will not be rushed by anyone.”\n\n"
        "“We will vote against it, every one of us,” the Iron Banner faction said."
    )
    articles = pd.DataFrame(
        {
            "article_id": ["x1"],
            "published": pd.to_datetime(["2026-02-02"], utc=True),
            "text": [text],
        }
    )
    statements = extract_statements(articles, Path(__file__).with_name("fictional_actors.yaml"))
    page = summary_html(articles, statements, [], corpus_label="c", model_label="m")
    assert _listed_as_unknown(page) == "Ilko Varn, Pell Oranto, Tamsin Rell"


def test_the_summary_leaves_out_links_media_venues_and_party_labels_of_older_files() -> None:
    # A statements file written before extraction kept these out: the list still shows only
    # the names a dictionary can take.
    speakers = [
        "Pell Oranto",
        "pic.murmur.com/Lv8aQ2",
        "Lv8aQ2",
        "@OrantoOffice",
        "Strait Wire",
        "Radio Nord",
        "Commons",
        "Labour",
        "National Renewal party",
        "Oranto’s",
        "Harbour Monitoring Mission",
        None,
    ]
    scored = pd.DataFrame({"speaker": speakers, "party": ["Unknown"] * len(speakers)})
    articles = pd.DataFrame({"published": pd.to_datetime(["2026-02-02"], utc=True)})
    page = summary_html(articles, scored, [], corpus_label="c", model_label="m")
    assert _listed_as_unknown(page) == "Harbour Monitoring Mission, Pell Oranto"


def test_index_lists_reports_newest_first(tmp_path: Path) -> None:
    for name, date in (("2026-01-05_talks", "2026-01-05"), ("2026-02-01_talks", "2026-02-01")):
        (tmp_path / f"{name}.html").write_text("<html></html>", encoding="utf-8")
        (tmp_path / f"{name}.report.json").write_text(
            json.dumps(
                {
                    "name": name,
                    "title": f"Talks <{date}>",
                    "date": date,
                    "window": [date, date],
                    "articles": 3,
                    "statements": 5,
                    "rejected": 1,
                    "model": "vader",
                    "generated": "x",
                }
            ),
            encoding="utf-8",
        )
    (tmp_path / "2026-03-01_orphan.report.json").write_text("{}", encoding="utf-8")
    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert page.index("2026-02-01_talks.html") < page.index("2026-01-05_talks.html")
    assert "Talks &lt;2026-02-01&gt;" in page and "orphan" not in page


@pytest.mark.slow
def test_windows_archive_names_and_reruns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", ARTICLES[:2])
    out = tmp_path / "reports"
    cache = tmp_path / "cache.sqlite"
    with caplog.at_level(logging.INFO, logger="stance"):
        first = run_report(
            corpus, out, model="vader", cache=cache, title="Oskaria watch", freq="day"
        )
    assert first.name == "2026-02-03_oskaria-watch.html"
    assert "scored 2 new text(s)" in caplog.text
    # the corpus grows: a re-run scores only the new statement
    write_jsonl(corpus, ARTICLES)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="stance"):
        second = run_report(
            corpus, out, model="vader", cache=cache, title="Oskaria watch", until="2026-02-03"
        )
    assert second == first  # same window, same name: replaced, not duplicated
    assert "scored 0 new text(s)" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="stance"):
        third = run_report(
            corpus, out, model="vader", cache=cache, title="Oskaria watch", since="2026-03-01"
        )
    assert third.name == "2026-03-10_oskaria-watch.html"
    assert "scored 1 new text(s)" in caplog.text and "2 from the cache" not in caplog.text
    meta = json.loads((out / "2026-03-10_oskaria-watch.report.json").read_text())
    assert meta["window"] == ["2026-03-01", "2026-03-10"] and meta["articles"] == 1
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("oskaria-watch.html") == 2
    with pytest.raises(CorpusError, match="none of its 3 articles falls between 2027-01-01"):
        run_report(corpus, out, model="vader", since="2027-01-01")


def _cli_report(corpus: Path, out: Path, *options: str) -> int:
    return main(
        ["report", "--corpus", str(corpus), "--out", str(out), "--model", "vader", *options]
    )


@pytest.mark.slow
def test_cli_report_writes_a_log_and_logs_failures(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", ARTICLES)
    out = tmp_path / "out"
    assert _cli_report(corpus, out, "--no-cache", "--since", "2026-03-01") == 0
    log = (out / "stance.log").read_text(encoding="utf-8")
    assert "1 articles, 1 statements, 0 rejected" in log and "report written to" in log
    events = tmp_path / "events.csv"
    events.write_text("date,label\nnever,x\n", encoding="utf-8")
    assert _cli_report(corpus, out, "--events", str(events)) == 1
    log = (out / "stance.log").read_text(encoding="utf-8")
    assert "ERROR stance: failed:" in log and "unreadable date 'never'" in log


def test_a_bad_period_fails_before_anything_is_scored(tmp_path: Path) -> None:
    from stance import StanceError

    corpus = write_jsonl(tmp_path / "corpus.jsonl", ARTICLES)
    with pytest.raises(StanceError, match="unknown period 'fortnight'"):
        run_report(corpus, tmp_path / "out", model="vader", freq="fortnight")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ({"smooth": 1}, "smoothing must be 0 .none. or a number of periods of 2 or more, got 1"),
        ({"min_n": 0}, "minimum number of statements per period must be 1 or more"),
        ({"since": "2026-03-01", "until": "2026-02-01"}, r"starts \(2026-03-01\) after it ends"),
        ({"until": "soon"}, "not a date: 'soon'"),
        ({"freq": "0D"}, "unknown period '0D'"),
        ({"notebook": "missing.ipynb"}, "missing.ipynb: report notebook not found"),
        # a name is confined to the output folder
        ({"name": "../../elsewhere"}, "a report name is a file name, without folders"),
        ({"name": "/tmp/elsewhere"}, "a report name is a file name, without folders"),
        ({"name": ".."}, "a report name is a file name, without folders"),
    ],
)
def test_every_parameter_is_checked_before_the_corpus_is_read(
    tmp_path: Path, option: dict[str, object], message: str
) -> None:
    from stance import StanceError

    # a corpus that cannot be read: the parameter must be refused before anyone looks at it
    with pytest.raises(StanceError, match=message):
        run_report(tmp_path / "no-such-corpus", tmp_path / "out", model="vader", **option)
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_events_are_read_once_and_drawn_from_the_notebook_parameter(tmp_path: Path) -> None:
    import nbformat

    corpus = write_jsonl(tmp_path / "corpus.jsonl", ARTICLES)
    events = tmp_path / "events.csv"
    events.write_text("date,label\n2026-02-20,Fictional summit\n", encoding="utf-8")
    html = run_report(corpus, tmp_path / "out", model="vader", events=events, name="r")
    notebook = nbformat.read(str(html.with_suffix(".ipynb")), as_version=4)
    tags = [cell.metadata.get("tags", []) for cell in notebook.cells]
    injected = notebook.cells[next(i for i, t in enumerate(tags) if "injected-parameters" in t)]
    # what the notebook drew came from the run's one reading, not from the file
    assert 'events = [["2026-02-20T00:00:00+00:00", "Fictional summit"]]' in injected.source
    assert "events_path" not in injected.source


@pytest.mark.slow
def test_a_failed_cell_is_named_in_the_error_fields(tmp_path: Path) -> None:
    import nbformat

    from stance.errors import ReportError
    from stance.report import execute_notebook

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("1 / 0")]
    source = tmp_path / "fails.ipynb"
    nbformat.write(notebook, str(source))
    out = tmp_path / "fails.out.ipynb"
    with pytest.raises(ReportError) as failed:
        execute_notebook(source, out, {}, kernel_name="python3")
    assert (failed.value.notebook, failed.value.cell, failed.value.error) == (
        str(out),
        2,
        "ZeroDivisionError",
    )


def test_heat_map_of_nothing_says_so() -> None:
    import matplotlib

    matplotlib.use("Agg")
    from stance import party_series
    from stance.plot import plot_heatmap

    empty = party_series(
        pd.DataFrame(
            {
                "published": pd.to_datetime([], utc=True),
                "party": [],
                "optimism": [],
                "frustration": [],
            }
        )
    )
    fig = plot_heatmap(empty)
    assert "no statements to plot" in [t.get_text() for t in fig.axes[0].texts]


def test_model_line_gives_held_out_and_other_measured_figures() -> None:
    from types import SimpleNamespace

    from stance.report import describe_model

    scorer = SimpleNamespace(
        key="mine:0123",
        config={
            "encoder": "enc",
            "heldout": {"macro_f1": 0.884, "accuracy": 0.881, "n": 721},
            "adapter": {"file": "adapter.safetensors", "kind": "lora", "rank": 16},
            "training": {"data": ["data/training/written.csv"]},
            "other_evaluations": [
                {  # the training file's held-out rows again: not another set
                    "data": "data/training/written.csv",
                    "model": {"macro_f1": 0.884, "n": 721},
                },
                {
                    "data": "../gold/real_quotes.jsonl",
                    "model": {"macro_f1": 0.749, "n": 183, "macro_f1_95": [0.684, 0.809]},
                },
            ],
        },
    )
    line = describe_model(scorer)  # type: ignore[arg-type]
    assert "(encoder enc, fine-tuned with a low-rank adapter, linear head)" in line
    assert "held-out macro-F1 0.88, accuracy 0.88 on 721 written statements" in line
    assert "written.csv" not in line
    assert line.endswith(
        "; macro-F1 0.75 (95% interval 0.68–0.81) on 183 other labelled statements "
        "(real_quotes.jsonl)"
    )


@pytest.mark.slow
def test_a_stalled_notebook_cell_fails_the_report_instead_of_hanging(tmp_path: Path) -> None:
    import nbformat

    from stance.errors import ReportError
    from stance.report import execute_notebook

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("ready = True"),
        nbformat.v4.new_code_cell("import time\ntime.sleep(60)"),  # a stall, as a scheduler sees it
    ]
    source = tmp_path / "stalls.ipynb"
    nbformat.write(notebook, str(source))
    out = tmp_path / "stalls.out.ipynb"
    with pytest.raises(ReportError, match=r"stalls.ipynb: a cell ran longer than 2 s and was stop"):
        execute_notebook(source, out, {}, kernel_name="python3", cell_timeout=2)
    assert out.is_file()  # the notebook as far as it ran is kept, as the message says


@pytest.mark.slow
def test_what_the_kernel_process_prints_goes_to_the_log_not_the_terminal(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    # libzmq can print an assertion message as the kernel's sockets close at exit; a scheduled
    # run that succeeded must still print nothing, and the message must not be lost
    import nbformat

    from stance.report import execute_notebook

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "import atexit, os\n"
            "atexit.register(lambda: os.write(2, b'closing sockets: fictional warning\\n'))"
        )
    ]
    source = tmp_path / "noisy.ipynb"
    nbformat.write(notebook, str(source))
    with caplog.at_level(logging.INFO, logger="stance"):
        execute_notebook(source, tmp_path / "noisy.out.ipynb", {}, kernel_name="python3")
    assert capfd.readouterr().err == ""
    assert "kernel: closing sockets: fictional warning" in caplog.text


def test_a_title_is_a_heading_without_control_characters_and_not_a_page_long(
    tmp_path: Path,
) -> None:
    from stance.report.run import TITLE_LIMIT, check_parameters

    common = dict(
        freq="W",
        name=None,
        since=None,
        until=None,
        events=None,
        smooth=0,
        min_n=3,
        notebook=None,
        cell_timeout=None,
    )
    long = check_parameters(tmp_path / "c", tmp_path / "o", title="word " * 20_000, **common)
    assert long.title is not None and len(long.title) <= TITLE_LIMIT and long.title.endswith("…")
    nul = check_parameters(tmp_path / "c", tmp_path / "o", title="Talks\u0000 in\tDorn", **common)
    assert nul.title == "Talks in Dorn"


def test_concurrent_index_rebuilds_keep_every_report(tmp_path: Path) -> None:
    # many runs finishing at once: each writes its record, then rebuilds the index under a lock
    import json
    from concurrent.futures import ThreadPoolExecutor

    from stance.report.archive import write_index

    def finish(i: int) -> None:
        (tmp_path / f"r{i:02d}.html").write_text("<html></html>", encoding="utf-8")
        record = {"name": f"r{i:02d}", "title": f"Example report {i}", "date": "2026-03-01"}
        (tmp_path / f"r{i:02d}.report.json").write_text(json.dumps(record), encoding="utf-8")
        write_index(tmp_path)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(finish, range(30)))
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert all(f"Example report {i}<" in index for i in range(30))
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    from stance._frames import replaced_atomically

    target = tmp_path / "report.html"
    target.write_text("the old report", encoding="utf-8")
    with pytest.raises(RuntimeError), replaced_atomically(target) as temporary:
        temporary.write_text("half a new rep", encoding="utf-8")
        raise RuntimeError("killed half-way")
    assert target.read_text(encoding="utf-8") == "the old report"
    assert list(tmp_path.iterdir()) == [target]
