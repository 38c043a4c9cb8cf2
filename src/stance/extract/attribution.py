"""Who said each quote: the speaker, their party and the words that attribute the quote.

Each rule is written for a construction of English news, not for a phrase, and tested on invented
text (`tests/test_constructions.py`, `tests/test_quotes.py`). Quotation marks around a name are
not speech (`names_something`: up to six capitalised words right after a possessive or a naming
noun, the daily “Dorn Evening”, its “Six-Point Framework”, a campaign called “…”): statements skip
them. Otherwise the speaker is found by the first rule that applies:

0. A dash attribution right after the quote: “…” — Foreign Minister Arla Venn.
1. A speech verb right after the quote: “…,” Rubio said / said Rubio / Venn shot back / the
   statement read / according to the ministry (or to "a readout released by" a body: the body);
   also after a quote that ends its sentence, when the next sentence opens with the speaker and
   the verb: “…!” Zelensky wrote, adding …
2. A colon after a speaker just before the quote: Rubio: “…” (not after a preposition: “turning
   to Stoy: …”); or after a live-blog fragment with no verb that opens with the speaker: 16:30 —
   Venn again, leaving the building: “…”.
3. "The agency quoted the minister as saying “…”": the one quoted; "Venn was quoted by the agency
   as saying": the subject.
4. The nearest speech verb before the quote in its sentence, with its subject: Rubio added that
   … “…”; He emphasized that … “…”; It continued, “…”; Kesk, who has governed since 2016, said
   …; Venn welcomed the offer but said …; said Rubio: “…”; verbs that take *as* (described,
   condemned, dismissed X as “…”) and partial quotes inside reported speech (assured lawmakers
   that the navy would “…”). For participles (calling, saying, adding) the subject is the
   sentence's subject. A possessed speech noun inside another speaker's sentence ("the ministry
   said that Venn's remarks were “…”", "Brekk dismissed Venn's comments as “…”") is what that
   speaker talks about, not who speaks. A quote that opens its paragraph after one that ends
   with "… said in a statement:" takes that sentence's speaker.
5. A quote that opens a sentence, with no attribution of its own, continues the speaker of the
   quote before it in the same paragraph, or of the quote that ended the previous paragraph
   with its attribution (the convention for quotes running on over paragraphs).
6. A paragraph that is only a quote, after a paragraph whose last sentence reports a statement
   ("Hebestreit said in a statement that …"), is taken to be from that statement.
7. In an interview transcript, a quote with no speech verb before it in a paragraph labelled
   with a speaker ("Venn: Our answer was “never.”") is the one answering; so is "I said …: “…”"
   there.

The subject of a speech verb: the nearest mention before it with only small words between
("Rubio also said"), or one followed by an aside between commas of up to 140 characters ("A senior
official, speaking on condition of anonymity because …, said"); a place in a prepositional phrase
between is skipped ("The Oskarian embassy in Dorn said"), and a mention after "after" or "before"
opens a clause ("hours after Venn described …"). "who" takes a person, past the bodies named in an
apposition ("Korr, a lawmaker and deputy chair of the Assembly's committee, who wrote").

Subjects are resolved through the actor dictionary (`mentions`): names, titles by the article's
date, institutions, capitals and countries and the bodies they own ("Oskaria's Defence Ministry"),
nationality phrases ("a senior Ukrainian official", "an Oskarian government source"), named bodies
the dictionary lacks ("the Veldanian Farmers' Association"), and capitalised names it does not
know (kept as written, with the party of a nationality word that describes them, of a known
speaker whose role they hold — "Venn's deputy, Pell Oranto", "Commission spokesman Pell Oranto" —
else ``Unknown``). He/she go to the nearest earlier sentence with a person of that gender outside
quotes, preferring the person a speech verb takes as subject there, then the sentence's subject;
it/they go to an institution that is a subject in the same sentence or the two before (one that
speaks first), else to the latest institution that spoke. A description standing for a person
("the 71-year-old said", "the veteran negotiator quipped", "The former general, who …, said") is
the latest person it names ("the spokesman" → "spokesman Pell Oranto"), else the person named last
(a full name, not a lone capitalised word); a document, body or event after "the" never is ("the
treaty reads"). A possessive speech noun names its speaker ("reacted to Trump's boast that …"), a
body's document names the body ("the commission's statement calls"), and a place that names an
event ("the Washington summit") is not a speaker. "The statement" (post, communiqué, readout) goes
to whoever issued the latest statement, else to the institution named last; "the diplomat", "the
ministry" go to the latest speaker mentioned under that noun, or introduced by it ("government
spokesman Pell Oranto" … "the spokesman said"). "Putin's closest ally", "Venn's envoy", "a Venn
adviser" speak in the party of the person named.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..schema import UNKNOWN_PARTY
from .lexicon import (
    ABBREVIATIONS,
    ATTRIBUTION_TAIL_WORDS,
    AUXILIARIES,
    CONJUNCTIONS,
    DOCUMENT_NOUNS,
    FILLER_WORDS,
    IRREGULAR_PAST,
    NAMING_WORDS,
    NOMINAL_NOUNS,
    NOT_DESCRIPTORS,
    POSSESSED_NOUNS,
    POSSESSED_PEOPLE,
    PREPOSITIONS,
    PRONOUNS,
    QUOTE_MARKS,
    SINGLE_OPEN,
    SPEAKER_NOUNS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    TITLE_NOUNS,
    TITLE_WORDS,
    VERBS_BEFORE_SUBJECT,
)
from .mentions import Actors, Mention
from .quotes import Quote, find_quotes

__all__ = ["NO_SPEAKER", "Document", "Speaker", "attribute", "names_something"]

_DASH_RE = re.compile(r"[ \t]*[—–][ \t]*|[ \t]+-{1,2}[ \t]+")
_STOP_RE = re.compile(r"[.!?\n]")
# Patterns of the attribution rules, compiled once (they run for every quote and mention).
_LAST_WORD_RE = re.compile(r"([\w.]+)$")
_INITIALS_RE = re.compile(r"(?:[A-Z]\.)*[A-Z]")
# How far back a reference may reach (characters): several articles' length, so that a
# pathological page of megabytes is read in linear time
_REACH = 20_000
# the last word before a position, within its sentence
_WORD_BEFORE_RE = re.compile(r"(\w+)[^\w.!?;:\n]*$")
_PRONOUNS = "(" + "|".join(PRONOUNS) + ")"
_PRONOUN_BEFORE_VERB_RE = re.compile(
    r"(?<![\w])" + _PRONOUNS + r"\s*(?:,[^,]*,\s*)?$", re.IGNORECASE
)
_WHO_RE = re.compile(r"\bwho\b[^,.;:“”\"\u2591]{0,60}$")
_COMMAS_RE = re.compile(r"[\s,]*")
_CLAUSE_END_RE = re.compile(r"\s*(?:[,:;—–]|$)")
_SPACED_PRONOUN_RE = re.compile(r"\s*" + _PRONOUNS + r"\b", re.IGNORECASE)
_LEADING_PRONOUN_RE = re.compile(r"\W*" + _PRONOUNS + r"\b", re.IGNORECASE)
_VERB_BEFORE_RE = re.compile(
    r"(?:\b(?:" + "|".join(VERBS_BEFORE_SUBJECT) + r"))\s+$", re.IGNORECASE
)
_RELATIVE_OPENER_RE = re.compile(r"\b(?:which|who|whom|whose|that)\s+(?:[\w-]+\s+){0,3}$")
_WH_RELATIVE_RE = re.compile(r"\b(?:which|who|whom|whose)\s+(?:[\w-]+\s+){0,3}$")
_LEAD_RE = re.compile(r"(?:\s*,[^,.;“”\"]{1,60},)?\s*(?:(?:also|later|then|again|on \w+)\s+)*")
_TAIL_LEAD_RE = re.compile(r"[\s,;:—–-]*")
_DASH_GAP_RE = re.compile(r"[ \t]*[—–-]?[ \t]*")
_COLON_END_RE = re.compile(r":\s*$")
_ATTRIBUTION_TAIL_RE = re.compile(
    r"\s*(?:[,.;:!?]|$|(?:" + "|".join(ATTRIBUTION_TAIL_WORDS) + r")\b)", re.IGNORECASE
)
# A finite verb after a subject: an auxiliary, a past tense in -ed, or a common irregular one.
_FINITE_VERB_RE = re.compile(
    r"(?:(?:" + "|".join(AUXILIARIES) + r")\s+)*(?:[a-z]+ed|" + "|".join(IRREGULAR_PAST) + r")\b"
)
_POSSESSIVE_GAP_RE = re.compile(r"[’']s\s+(?:[a-z-]+\s+)?")
# "said in a statement", "issued a statement", "released a readout"
_REPORTED_STATEMENT_RE = re.compile(
    r"\b(?:in|issued|released|published|put out)\s+(?:a|an|the|its|his|her|their)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:statement|communiqu[eé]|readout|declaration)\b",
    re.IGNORECASE,
)


def _alternation(words: Iterable[str]) -> str:
    """A regular expression matching exactly the phrases `words` ("a", "ab", "bc", "bd"), written
    as a trie ("(?:a(?:b)?|b(?:c|d))"), so the engine tries one branch per letter instead of every
    word at every position: scanning for speech verbs is about three times faster."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(node[char]) for char in sorted(node) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_VERB_RE = re.compile(r"(?<![\w’'-])(?:" + _alternation(SPEECH_VERBS) + r")(?![\w])", re.IGNORECASE)
_PARTICIPLE_RE = re.compile(r"ing$", re.IGNORECASE)
_NOMINAL_RE = re.compile(
    r"(?<![\w])(?:the|a|an|its|his|her|their)\s+(?:[\w-]+\s+){0,2}?("
    + "|".join(NOMINAL_NOUNS)
    + r")(?![\w])",
    re.IGNORECASE,
)
_FILLER_RE = re.compile(
    r"^[\s,]*(?:(?:" + "|".join(FILLER_WORDS) + r")\b[\s,]*){0,4}$", re.IGNORECASE
)
# "the diplomat", "the Kremlin's spokesman", "the mission" right before a speech verb
_DEFINITE_RE = re.compile(
    r"(?<![\w])[Tt]he\s+(?:[\w’'-]+\s+){0,2}?([A-Za-z][a-z-]+)[\s,]*(?:also\s+|later\s+|then\s+)?$"
)
# Modifiers of a description that tie it to nobody ("the former general": only "general" does)
_PLAIN_MODIFIERS = frozenset(
    (
        "former",
        "veteran",
        "senior",
        "longtime",
        "long-time",
        "young",
        "old",
        "elderly",
        "new",
        "top",
        "then",
        "current",
        "outgoing",
        "incoming",
        "the",
    )
)
_WORDS_RE = re.compile(r"[a-z][a-z-]+")
# Nouns of political roles ("the negotiator", "the envoy"), which stand for a person named in the
# same paragraph even when nothing else ties them (unlike "the judge", "the woman")
_ROLE_NOUNS = SPEAKER_NOUNS | TITLE_WORDS
_NAMED_HOWS = frozenset(("named", "variant", "unknown", "title"))
# A description standing for a person before a speech verb: "The 71-year-old", "the veteran
# negotiator", "the union leader", "The former general, who led the mission, " (its head noun)
_DESCRIPTION = r"[Tt]he\s+(?P<mods>(?:[\w’'-]+\s+){0,3}?)(?P<head>\d+-year-old|[a-z][a-z-]+)"
_DESCRIPTOR_RE = re.compile(
    r"(?<![\w])"
    + _DESCRIPTION
    + r"(?:,\s*\d+,)?(?:,\s+(?:who|whose)\b[^“”\"\u2591]*,)?[\s,]*(?:also\s+|later\s+|then\s+)?$"
)
# Prepositions whose object before a colon is not the speaker ("turning to Stoy: “…”"); "from"
# and "by" name a source ("Reaction from Brekk: “…”")
_COLON_OBJECT_PREPOSITIONS = PREPOSITIONS - {"from", "by"}
# "His post:", "Her words to reporters:" before a colon
_OWNED_WORDS_RE = re.compile(
    r"\s*(His|Her)\s+(?:[a-z-]+\s+)?(?:"
    + "|".join(
        sorted(DOCUMENT_NOUNS | {"words", "answer", "reply", "message"}, key=len, reverse=True)
    )
    + r")\b[^.!?:\u2591]{0,60}?\s*"
)
# The time stamp and dash that open a live-blog entry: "16:30 — "
_FRAGMENT_LEAD_RE = re.compile(r"[\s\W]*?(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?\s*(?:[—–-]\s*)?)?")
# What may follow the speaker in such a fragment: adverbs, then a participle phrase after a comma
# ("Venn again, leaving the building"; not "Venn's critics, in a letter", "Venn walks past …")
_FRAGMENT_REST_RE = re.compile(
    r"(?:[ \t]+(?:again|too|also|later|now|then|once more))*"
    r"(?:,[ \t]*[a-z]+ing\b[^:\u2591]*)?[ \t]*"
)
_FIRST_PERSON_RE = re.compile(r"(?<![\w])(?:I|[Ww]e)\s*(?:,[^,]*,\s*)?$")
# The label of an interview answer at a paragraph's start: "Venn: …", "Q: …"
_LABEL = r"[ \t]*([A-Z][\w’'.-]*(?:[ \t]+[A-Z][\w’'.-]*){0,3})[ \t]*:[ \t]"
_LABEL_RE = re.compile(_LABEL)
_LABEL_LINE_RE = re.compile("^" + _LABEL, re.MULTILINE)
# "the commission’s statement calls": the owner of a document before a speech verb
_OWNED_DOCUMENT_RE = re.compile(
    r"(?<![\w])[Tt]he\s+([a-z][a-z-]+)[’']s\s+(?:[a-z-]+\s+)?(?:"
    + "|".join(sorted(DOCUMENT_NOUNS, key=len, reverse=True))
    + r")\s*$"
)
# small words that may stand inside a name in quotation marks ("the Council of the Isles")
_TITLE_CASE_JOINERS = frozenset(
    ("of", "the", "and", "for", "on", "in", "a", "to", "by", "at", "-", "&")
)
_LEADING_DESCRIPTOR_RE = re.compile(
    r"\W*"
    + _DESCRIPTION
    + r"(?=,\s*\d+,|,\s+who\b|\s+[a-z]+(?:s|ed)\b|\s+(?:has|had|was|is|said|told|spoke|wrote)\b)"
)
# "… welcomed the offer but said", "… and added"
_COORDINATED_RE = re.compile(r"[\w,”\"’]\s+(?:but|and|yet|then)\s+(?:also\s+|later\s+)?$")
_AS_SAYING_RE = re.compile(r"\bquot(?:ed|ing|es)\s+(.{2,80}?)\s+as\s+saying\b[^“”\"]*$")
# A possessive before a speech noun: "Brekk’s| remarks", "Venn's blunt| comments"
_POSSESSOR_BEFORE_RE = re.compile(r"[\w.]+[’']s\s+(?:[a-z-]+\s+)?$")
# "… issued by the Prime Minister's Office| in Dorn |said": where the issuer sits
_PLACE_TAIL_RE = re.compile(r"\s+(?:in|at)\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?\s*")
# "His ministry", "Her spokeswoman" opening a sentence
_OWNED_BODY_RE = re.compile(
    r"\W*(His|Her)\s+(" + "|".join(sorted(POSSESSED_NOUNS, key=len, reverse=True)) + r")\b"
)
_PASSIVE_RE = re.compile(r"\b(?:was|were|is|are|been|being)\s+$")
_ISSUER_RE = re.compile(
    r"\s+(?:of|from|by|out of|issued by|released by|published by|posted by)\s+[^,.;:“”\"]{1,50}?"
    r"(?=\s+\S+\s*$|\s*$|[\s,]+(?:also|later|then|on|in)\b)",
    re.IGNORECASE,
)
# (an adverb may follow the closing comma: "Korr, the ministry's spokesman, later told")
_CLAUSE_CLOSE = r",\s*(?:(?:also|later|then|again|previously|earlier|once more)\s+){0,2}$"
_RELATIVE_RE = re.compile(r"^,\s+(?:who|which|whose)\b[^.;“”\"]*" + _CLAUSE_CLOSE)
_APPOSITIVE_RE = re.compile(r"^,\s+[^.;,“”\"]{1,140}" + _CLAUSE_CLOSE)


@dataclass
class Speaker:
    """Who said a quote: `name` (None when no one was found), `party`, `how` they were found (the
    statements frame's ``attribution``), and `kind` and `gender` for later pronouns."""

    name: str | None
    party: str
    how: str
    kind: str = "person"
    gender: str | None = None


NO_SPEAKER = Speaker(None, UNKNOWN_PARTY, "none")


class Document:
    """One article prepared for attribution: quotes, masked text, sentences and mentions."""

    def __init__(self, text: str, when: dt.date | None, actors: Actors) -> None:
        self.text = text
        self.when = when
        self.actors = actors
        self.quotes = find_quotes(text)
        pieces, last = [], 0
        for quote in self.quotes:
            for start, end in quote.segments:
                pieces.append(text[last:start])
                # quoted words become blocks, keeping their line breaks and offsets
                pieces.append(
                    "\n".join("\u2591" * len(line) for line in text[start:end].split("\n"))
                )
                last = end
        pieces.append(text[last:])
        self.masked = "".join(pieces)
        # One pass over the text finds every mention; those in quoted words are kept apart (for
        # the statement's target), the rest can be speakers.
        found = actors.find(text, when)
        self.mentions = [m for m in found if "\u2591" not in self.masked[m.start : m.end]]
        self._mention_starts = [m.start for m in self.mentions]
        self.quoted_mentions = [m for m in found if self.masked[m.start] == "\u2591"]
        self._quoted_starts = [m.start for m in self.quoted_mentions]
        self.bounds = self._sentence_bounds()
        self.spoken: list[tuple[int, Speaker]] = []  # (offset, speaker) of attributed quotes
        self._labels: list[str] | None = None  # paragraph labels ("Q", "Venn"), read when asked

    # -- sentences -------------------------------------------------------------------------

    def _sentence_bounds(self) -> list[int]:
        """Sorted offsets where sentences start (0 included)."""
        text, masked = self.text, self.masked
        bounds = {0}
        for match in _STOP_RE.finditer(masked):
            k = match.start()
            if masked[k] == "\n" or self._ends_sentence(k):
                bounds.add(k + 1)
        for quote in self.quotes:
            if quote.close is None:
                continue
            last = text[quote.end - 1] if quote.end > 0 else ""
            nxt = masked[quote.close + 1 : quote.close + 3].lstrip()
            if last in ".!?" and (not nxt or nxt[0].isupper() or nxt[0] in QUOTE_MARKS):
                bounds.add(quote.close + 1)
        return sorted(bounds)

    def _ends_sentence(self, k: int) -> bool:
        masked = self.masked
        rest = masked[k + 1 : k + 3]
        if not rest or not rest[0].isspace():
            return False
        nxt = rest.lstrip()[:1]
        if nxt and not (nxt.isupper() or nxt in QUOTE_MARKS or nxt == SINGLE_OPEN):
            return False
        word = _LAST_WORD_RE.search(masked, max(0, k - 12), k)
        if word:
            token = word.group(1)
            if token.lower() in ABBREVIATIONS or _INITIALS_RE.fullmatch(token):
                return False
        return True

    def sentence_of(self, offset: int) -> tuple[int, int]:
        idx = bisect.bisect_right(self.bounds, offset) - 1
        start = self.bounds[idx]
        end = self.bounds[idx + 1] if idx + 1 < len(self.bounds) else len(self.text)
        return start, end

    def context_of(self, quote: Quote, words: str) -> str:
        """The sentences from the quote's opening mark to its end, whitespace collapsed, with the
        statement's `words` in place of the quoted spans (a quote over paragraphs reads as one)."""
        start = self.sentence_of(quote.open)[0]
        end = self.sentence_of(max(quote.open, quote.after - 1))[1]
        around = self.text[start : quote.start] + words + self.text[quote.end : end]
        return " ".join(around.split())

    # -- subjects --------------------------------------------------------------------------

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions (outside quotes) that lie within ``[start, end)``, in order."""
        lo = bisect.bisect_left(self._mention_starts, start)
        hi = bisect.bisect_left(self._mention_starts, end, lo)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def quoted_in(self, start: int, end: int) -> list[Mention]:
        """Mentions inside quoted words that lie within ``[start, end)``, in order."""
        lo = bisect.bisect_left(self._quoted_starts, start)
        hi = bisect.bisect_left(self._quoted_starts, end, lo)
        return [m for m in self.quoted_mentions[lo:hi] if m.end <= end]

    def mention_at(self, start: int, end: int) -> Mention | None:
        mentions = self.mentions
        for k in range(bisect.bisect_left(self._mention_starts, start), len(mentions)):
            m = mentions[k]
            if m.start >= end:
                return None
            if m.end <= end:
                return m
        return None

    def _word_before(self, m: Mention) -> str:
        """The word just before a mention, in lower case, past an article ("" when there is
        none in its sentence)."""
        return self._word_and_offset_before(m.start)[0]

    def _word_and_offset_before(self, pos: int) -> tuple[str, int]:
        """The word before `pos` in its sentence, in lower case, past an article ("of the
        Assembly" gives "of"), and where it starts; ("", pos) when there is none."""
        before = _WORD_BEFORE_RE.search(self.masked, max(0, pos - 20), pos)
        if before is None:
            return "", pos
        word = before.group(1).lower()
        if word in ("the", "a", "an"):
            article = before
            before = _WORD_BEFORE_RE.search(
                self.masked, max(0, article.start() - 20), article.start()
            )
            if before is None:
                return "", pos
            word = before.group(1).lower()
        if word == "and" and (
            self.masked[before.start(1)] == "A"
            or self.masked[max(0, before.start(1) - 20) : before.start(1)].rstrip().endswith(",")
        ):
            return "", pos  # "And Venn said", "talks ran late, and Venn said": a new clause
        return word, before.start(1)

    def _preceded_by_preposition(self, m: Mention) -> bool:
        return self._word_before(m) in PREPOSITIONS

    def subject_before(self, verb_start: int, sent_start: int) -> Speaker | None:
        """The subject of a speech verb that follows it: "Rubio said", "He added"."""
        segment = self.masked[sent_start:verb_start]
        # A pronoun or nominal right before the verb.
        pron = _PRONOUN_BEFORE_VERB_RE.search(segment)
        if pron and _FILLER_RE.match(segment[pron.end() :]):
            return self.resolve_pronoun(pron.group(1), sent_start + pron.start())
        candidates = self.mentions_in(sent_start, verb_start)
        who = _WHO_RE.search(segment)
        if who:
            # "…, Zelensky, who warned that …": the antecedent of `who`.
            # "who" is a person: "Brekk, a lawmaker and deputy chair of the Veldanian
            # Assembly, who wrote" is Brekk, past the body inside the apposition
            who_at = sent_start + who.start()
            inner: Mention | None = None  # a person inside a phrase ("… of the Assembly")
            for m in reversed(candidates):
                if m.end > who_at or m.kind != "person":
                    continue
                gap = self.masked[m.end : who_at]
                if not (_COMMAS_RE.fullmatch(gap) or _APPOSITIVE_RE.match(gap)):
                    continue
                if inner is None and (m.how == "group" or self._preceded_by_preposition(m)):
                    inner = m
                    continue
                return _from_mention(m)
            if inner is not None:
                return _from_mention(inner)
        nearest = True
        gap_end = verb_start  # where the gap after a candidate ends: the verb, or a phrase
        for m in reversed(candidates):
            gap = self.masked[m.end : gap_end]
            if "\u2591" in gap:
                break
            if nearest and _POSSESSIVE_GAP_RE.fullmatch(gap):
                # "Trump's remarks that …", "(reacted to) Venn's blunt comments"
                return _from_mention(m)
            before, before_at = self._word_and_offset_before(m.start)
            if before in PREPOSITIONS:
                if nearest and "," not in gap and _FILLER_RE.match(gap):
                    if before in CONJUNCTIONS:
                        # "hours after Venn described …": a clause's subject, not an object
                        return _from_mention(m)
                    # "The Oskarian embassy in Vessa said": the phrase is skipped whole
                    gap_end = before_at
                continue
            if nearest and _FILLER_RE.match(gap):
                if "," in gap and self._in_relative(m):
                    continue  # "Korr, who visited Dorn on Saturday, told": Dorn is in the clause
                return _from_mention(m)
            # "Kesk, who has governed Veldania since 2016, said": skip the clause's mentions.
            if _RELATIVE_RE.match(gap) or _APPOSITIVE_RE.match(gap):
                return _from_mention(m)
            nearest = False
        definite = _DEFINITE_RE.search(segment)
        if definite and definite.group(1).lower() not in DOCUMENT_NOUNS:
            # "the diplomat said", "the mission said": the latest speaker called that.
            found = self.resolve_nominal(definite.group(1), sent_start + definite.start())
            if found is not None:
                return found
        tail = max(0, len(segment) - 300)  # (descriptions are short: no search of a long text)
        owner = _OWNED_DOCUMENT_RE.search(segment, tail)
        if owner:
            # "the commission’s statement calls …": the body called that
            found = self.resolve_nominal(owner.group(1), sent_start + owner.start())
            if found is not None:
                return found
        descriptor = _DESCRIPTOR_RE.search(segment, tail)
        if descriptor and _describes_a_person(descriptor.group("head")):
            # "the 71-year-old said", "the veteran negotiator quipped", "The former general,
            # who …, said": a description of a person named before.
            found = self.described_person(descriptor, sent_start + descriptor.start())
            if found is not None:
                return _with_how(found, "descriptor")
        coordinated = _COORDINATED_RE.search(segment)
        if coordinated:
            # "Venn welcomed the offer but said …": the subject of the first verb.
            subject = self.sentence_subject(sent_start, sent_start + coordinated.start())
            if subject is not None:
                return subject
        nominals = list(_NOMINAL_RE.finditer(segment))
        if nominals:
            nominal = nominals[-1]
            rest = segment[nominal.end() :]
            issuer = _ISSUER_RE.match(rest)
            after = rest[issuer.end() :] if issuer else ""
            if issuer and (_FILLER_RE.match(after) or _PLACE_TAIL_RE.fullmatch(after)):
                # "a statement from the Kremlin said": the issuer, when it is a known speaker.
                at = sent_start + nominal.end()
                by = self._issued_by(at, at + issuer.end())
                return by or self.resolve_nominal(nominal.group(1), sent_start + nominal.start())
            if _FILLER_RE.match(rest):
                return self.resolve_nominal(nominal.group(1), sent_start + nominal.start())
        return None

    def subject_after(self, pos: int, limit: int, *, closed: bool = False) -> Speaker | None:
        """The subject right after an inverted speech verb: "said Rubio", "according to X".

        With `closed`, the subject must end the phrase ("said Rubio:", "said Rubio, “…"), so
        that "said Oskaria would not …" (a reported clause) is not read as inverted.
        """
        segment = self.masked[pos:limit]
        lead = len(segment) - len(segment.lstrip(" ,"))
        m = self.mention_at(pos + lead, limit)
        if m is not None and self.masked[pos : m.start].strip(" ,").lower() in ("", "the"):
            if not closed or _CLAUSE_END_RE.match(self.masked[m.end : limit]):
                return _from_mention(m)
            return None
        nominal = _NOMINAL_RE.match(segment, lead)
        if nominal:
            # "according to a readout released by the Oskarian Foreign Ministry": its issuer
            issuer = _ISSUER_RE.match(segment, nominal.end())
            by = self._issued_by(pos + nominal.end(), pos + issuer.end() + 1) if issuer else None
            return by or self.resolve_nominal(nominal.group(1), pos + nominal.start())
        pron = _SPACED_PRONOUN_RE.match(segment)
        if pron:
            return self.resolve_pronoun(pron.group(1), pos + pron.start(1))
        return None

    def _issued_by(self, start: int, end: int) -> Speaker | None:
        """The known speaker that issued a document, named in ``[start, end)`` ("… from the
        Kremlin", "… released by the Oskarian Foreign Ministry")."""
        by = self.mention_at(start, end)
        return _with_how(_from_mention(by), "nominal") if by is not None else None

    def clause_subject(self, sent_start: int, before: int) -> Speaker | None:
        """The subject of the clause a participle hangs on: the nearest mention before it that a
        finite verb follows ("Vance weighed in …, saying"; "Trump had kicked off … by saying")."""
        for m in reversed(self.mentions_in(sent_start, before)):
            # ("uneasy that Vance weighed in": a "that" clause still has its own subject)
            relative = _WH_RELATIVE_RE.search(self.masked, max(0, m.start - 40), m.start)
            if self._preceded_by_preposition(m) or relative:
                continue
            if _FINITE_VERB_RE.match(self.masked, m.end + len(_lead(self.masked, m.end)), before):
                return _from_mention(m)
        return None

    def sentence_subject(self, sent_start: int, before: int) -> Speaker | None:
        owned = _OWNED_BODY_RE.match(self.masked, sent_start, before)
        if owned:
            # "His ministry …", "Her spokesman …": the body or aide of the person meant
            pronoun = "he" if owned.group(1).lower() == "his" else "she"
            person = self.resolve_pronoun(pronoun, owned.start(1))
            if person is not None and person.name:
                role = owned.group(2).lower()
                kind = "person" if role in POSSESSED_PEOPLE else "institution"
                return Speaker(f"{person.name}’s {role}", person.party, "pronoun", kind)
        pron = _LEADING_PRONOUN_RE.match(self.masked, sent_start, before)
        if pron and pron.group(1).lower() in ("he", "she"):
            # "He thanked the UAE … and said": a leading he/she is the subject, not the object
            return self.resolve_pronoun(pron.group(1), pron.start(1))
        first = bisect.bisect_left(self._mention_starts, sent_start)
        for m in self.mentions[first:]:
            if m.end > before:
                break
            if not self._preceded_by_preposition(m):
                return _from_mention(m)
        if pron:
            return self.resolve_pronoun(pron.group(1), pron.start(1))
        # "The veteran inspector, 59, describes … but says": a description opening the sentence
        descriptor = _LEADING_DESCRIPTOR_RE.match(self.masked, sent_start, before)
        if descriptor and _describes_a_person(descriptor.group("head")):
            found = self.described_person(descriptor, sent_start)
            if found is not None:
                return _with_how(found, "descriptor")
        return None

    # -- reference -------------------------------------------------------------------------

    def _speaks(self, m: Mention) -> bool:
        """Whether a speech verb takes `m` as its subject: "Rubio said", "Rubio, 64, added",
        "said Rubio", "according to Rubio"."""
        after = _VERB_RE.match(self.masked, m.end + len(_lead(self.masked, m.end)))
        if after is not None and after.group(0).lower() != "according to":
            return True
        return _VERB_BEFORE_RE.search(self.masked, max(0, m.start - 20), m.start) is not None

    def _in_relative(self, m: Mention) -> bool:
        """Whether `m` opens a relative clause: "…, which Trump confirmed, …"."""
        return _RELATIVE_OPENER_RE.search(self.masked, max(0, m.start - 40), m.start) is not None

    def _sentences_back(self, pos: int, count: int) -> Iterator[tuple[int, int]]:
        """The spans of the sentence at `pos` (up to `pos`) and of the `count` - 1 before it,
        latest first."""
        idx = bisect.bisect_right(self.bounds, pos) - 1
        for k in range(idx, max(-1, idx - count), -1):
            a = self.bounds[k]
            b = min(pos, self.bounds[k + 1] if k + 1 < len(self.bounds) else len(self.text))
            yield a, b

    def resolve_pronoun(self, pronoun: str, pos: int) -> Speaker | None:
        pronoun = pronoun.lower()
        if pronoun in ("he", "she"):
            gender = "m" if pronoun == "he" else "f"
            # Walk back sentence by sentence; in each, prefer the subject (the first person
            # mention not inside a prepositional phrase) to other people mentioned.
            for a, b in self._sentences_back(pos, 12):
                people = [m for m in self.mentions_in(a, b) if _is_person(m, gender)]
                if not people:
                    continue
                # A person who speaks in the sentence ("Lavrov said", "said Brekk", "according
                # to Peskov") is the likeliest referent; then its subject; then anyone.
                speakers = [m for m in people if self._speaks(m) and not self._in_relative(m)]
                subjects = [m for m in people if not self._preceded_by_preposition(m)]
                chosen = (speakers or subjects or people[::-1])[0]
                return _with_how(_from_mention(chosen), "pronoun")
            return None
        # it / they: an institution that is a subject in this sentence or the two before (one
        # that speaks first), else the latest institution that spoke, else the latest mentioned.
        for a, b in self._sentences_back(pos, 3):
            bodies = [
                m
                for m in self.mentions_in(a, b)
                if m.kind == "institution" and not self._preceded_by_preposition(m)
            ]
            if bodies:
                speaking = [m for m in bodies if self._speaks(m)]
                return _with_how(_from_mention((speaking or bodies)[0]), "pronoun")
        earliest = max(0, pos - _REACH)
        for _, speaker in self._spoken_before(pos, earliest):
            if speaker.kind == "institution" and speaker.name:
                return _with_how(speaker, "pronoun")
        for m in reversed(self.mentions_in(earliest, pos)):
            if m.kind == "institution":
                return _with_how(_from_mention(m), "pronoun")
        return None

    def paragraph_label(self, pos: int) -> Speaker | None:
        """The person named as the label of the paragraph at `pos` in an interview transcript
        ("Venn: We never said that."): an article with a question paragraph ("Q: …") or a label
        that opens two paragraphs or more. (A label once, "Vessa: crowds chanted …", "Fact
        check: …", is a heading.)"""
        para_start = self.masked.rfind("\n", 0, pos) + 1
        label = _LABEL_RE.match(self.masked, para_start, pos)
        if label is None or not self._is_interview(label.group(1)):
            return None
        m = self.mention_at(label.start(1), label.end(1))
        if m is None or m.end != label.end(1) or m.kind != "person":
            return None
        return _from_mention(m)

    def _is_interview(self, label: str) -> bool:
        if self._labels is None:
            self._labels = [m.group(1) for m in _LABEL_LINE_RE.finditer(self.masked)]
        return "Q" in self._labels or self._labels.count(label) >= 2

    def described_person(self, description: re.Match[str], pos: int) -> Speaker | None:
        """The person a description before `pos` stands for ("the 71-year-old", "the veteran
        negotiator", "the union leader"): the latest speaker called that (`resolve_nominal`);
        else, for an age, the person named last; else the latest person whose own sentences
        share a word with the description ("the veteran negotiator" after "Ansel Korr, who
        negotiated the 2009 border"; "the union leader" after "Korr, secretary of the Workers'
        Union"). A description nothing ties to anyone ("the judge", "the woman") is nobody
        named, and gets no speaker."""
        head = description.group("head")
        found = self.resolve_nominal(head, pos)
        if found is not None:
            return found
        words = [w.lower() for w in description.group("mods").split()] + [head]
        if head.endswith("year-old"):
            return self._latest_person(pos, lambda m: True)
        stems = {_stem(w) for w in words if w not in _PLAIN_MODIFIERS}
        if not stems:
            return None
        # a mention whose own words the description echoes: "a member of the Oskarian
        # delegation" … "the delegate said"
        head_stem = _stem(head.lower())
        k = bisect.bisect_left(self._mention_starts, pos) - 1
        while len(head) >= 5 and k >= 0 and self.mentions[k].start > pos - 1500:
            m = self.mentions[k]
            k -= 1
            surface = self.masked[m.start : m.end].lower()
            if m.how == "group" and head_stem in {_stem(w) for w in _WORDS_RE.findall(surface)}:
                return _from_mention(m)

        def described(m: Mention) -> bool:
            # the words from the person's name to the end of its sentence, each time named
            said = " ".join(
                self.masked[other.start : self.sentence_of(other.start)[1]]
                for other in self.mentions_in(max(0, pos - _REACH), pos)
                if other.speaker == m.speaker
            )
            return not stems.isdisjoint(_stem(w) for w in _WORDS_RE.findall(said.lower()))

        found = self._latest_person(pos, described)
        if found is None and head in _ROLE_NOUNS:
            # a political role ("the veteran negotiator") in the paragraph of the person named
            # last: "Ansel Korr, head of the delegation, arrived. “…,” the negotiator quipped."
            para_start = self.masked.rfind("\n", 0, pos) + 1
            found = self._latest_person(pos, lambda m: True, reach=pos - para_start)
        return found

    def _latest_person(
        self, pos: int, accept: Callable[[Mention], bool], reach: int = 1500
    ) -> Speaker | None:
        """The latest person named before `pos` (by name or title, not a group, a pronoun or a
        lone capitalised word the dictionary lacks), within `reach` characters, that `accept`
        takes."""
        k = bisect.bisect_left(self._mention_starts, pos) - 1
        seen: set[str] = set()
        while k >= 0 and self.mentions[k].start >= pos - reach:
            m = self.mentions[k]
            k -= 1
            lone = m.how == "unknown" and " " not in m.speaker
            if m.kind != "person" or m.how not in _NAMED_HOWS or lone or m.speaker in seen:
                continue
            seen.add(m.speaker)
            if accept(m):
                return _from_mention(m)
        return None

    def resolve_nominal(self, noun: str, pos: int) -> Speaker | None:
        """ "the statement" → whoever issued the latest statement before `pos`; "the diplomat",
        "the ministry" → the latest speaker mentioned under that noun, or (for a speaker noun) a
        name the dictionary lacks that the noun introduced ("spokesman Pell Oranto")."""
        head = noun.lower().split()[-1]
        earliest = max(0, pos - _REACH)
        if head not in DOCUMENT_NOUNS:
            for m in reversed(self.mentions_in(earliest, pos)):
                surface = self.masked[m.start : m.end].lower()
                if head in surface.split() or head in m.speaker.lower().split():
                    return _with_how(_from_mention(m), "nominal")
                # a name the dictionary lacks, introduced by a speaker noun: "government
                # spokesman Steffen Hebestreit" … "the spokesman said"
                before = self.masked[max(0, m.start - 30) : m.start].lower().split()
                if head in SPEAKER_NOUNS and m.how == "unknown" and before and before[-1] == head:
                    return _with_how(_from_mention(m), "nominal")
            return None
        pattern = re.compile(r"(?<![\w])" + re.escape(head) + r"(?![\w])", re.IGNORECASE)
        hits = [
            h for h in pattern.finditer(self.masked, earliest, pos) if h.start() < pos - len(head)
        ]
        for hit in reversed(hits):
            s_start, _ = self.sentence_of(hit.start())
            subject = self.sentence_subject(s_start, hit.start())
            if subject is not None and subject.name:
                kind = subject.kind
                return Speaker(subject.name, subject.party, "nominal", kind, subject.gender)
        # No statement was issued earlier: an institution that spoke, else the institution
        # named last ("… the NATO summit. “…,” the communiqué said"), else whoever spoke last.
        spoken = [(o, sp) for o, sp in self._spoken_before(pos, earliest) if sp.name]
        for _, speaker in spoken:
            if speaker.kind == "institution":
                return _with_how(speaker, "nominal")
        for m in reversed(self.mentions_in(max(0, pos - 600), pos)):
            if m.kind == "institution" and m.how != "place":
                return _with_how(_from_mention(m), "nominal")
        return _with_how(spoken[0][1], "nominal") if spoken else None

    def _spoken_before(self, pos: int, earliest: int) -> Iterator[tuple[int, Speaker]]:
        """The attributed quotes' (offset, speaker) before `pos` back to `earliest`, latest
        first."""
        for offset, speaker in reversed(self.spoken):
            if offset < earliest:
                return
            if offset < pos:
                yield offset, speaker


def _lead(text: str, pos: int) -> str:
    """The filler between a subject and its verb at `pos`: spaces, "also", "on Sunday", an
    apposition between commas."""
    match = _LEAD_RE.match(text, pos, pos + 90)
    return match.group(0) if match else ""


def _is_person(m: Mention, gender: str) -> bool:
    """Whether `m` can be the referent of he (gender m) or she (f)."""
    if m.kind != "person" or m.how == "group":
        return False
    return m.gender in (None, gender)


def _stem(word: str) -> str:
    """A crude stem for matching a description to a person's sentences: the first six letters
    ("negotiator", "negotiated" → "negoti"; "union" → "union")."""
    return word[:6]


def _describes_a_person(noun: str) -> bool:
    """Whether a description's head noun can stand for a person: singular, and not a document,
    a body or an event ("the 64-year-old", "the veteran"; not "the ministry", "the plan")."""
    noun = noun.lower()
    if noun.endswith("s") and not noun.endswith(("ss", "us")):
        return False
    return noun not in NOT_DESCRIPTORS


def _from_mention(m: Mention) -> Speaker:
    return Speaker(m.speaker, m.party, m.how, m.kind, m.gender)


def _with_how(speaker: Speaker, how: str) -> Speaker:
    return Speaker(speaker.name, speaker.party, how, speaker.kind, speaker.gender)


def _speaker_from_verbs(doc: Document, start: int, end: int) -> tuple[Speaker, str] | None:
    """The speaker of the nearest speech verb before `end` in ``[start, end)`` with a subject.

    A speech noun owned by someone inside another speaker's sentence ("Venn dismissed Brekk's
    remarks as …", "the ministry said that Brekk's comments were …") is what that speaker talks
    about: the verb before it is tried first, and the noun's owner only when none has a subject.
    """
    owned: tuple[Speaker, str] | None = None
    for verb in reversed(list(_VERB_RE.finditer(doc.masked, start, end))):
        found = _subject_of_verb(doc, verb, start, end)
        if found is None:
            continue
        owner = _POSSESSOR_BEFORE_RE.search(doc.masked, max(start, verb.start() - 40), verb.start())
        if owner is not None and verb.group(0).lower() in SPEECH_NOUNS:
            owned = owned or found
            continue
        return found
    return owned


def _subject_of_verb(
    doc: Document, verb: re.Match[str], start: int, end: int
) -> tuple[Speaker, str] | None:
    """The subject of one speech verb in ``[start, end)``, with the verb as cue."""
    word = verb.group(0).lower()
    if word == "according to":
        speaker = doc.subject_after(verb.end(), end)
    elif _PARTICIPLE_RE.search(word):
        if _REPORTED_STATEMENT_RE.search(doc.masked, start, verb.start()):
            # "His ministry later issued a statement saying …": who issued it
            speaker = doc.sentence_subject(start, verb.start()) or doc.subject_before(
                verb.start(), start
            )
        else:
            speaker = (
                doc.subject_before(verb.start(), start)
                or doc.clause_subject(start, verb.start())
                or doc.sentence_subject(start, verb.start())
            )
    else:
        speaker = doc.subject_before(verb.start(), start) or doc.subject_after(
            verb.end(), end, closed=True
        )
        if speaker is None and _FIRST_PERSON_RE.search(
            doc.masked, max(start, verb.start() - 200), verb.start()
        ):
            # "Venn: … I said to him: “…”": in an interview answer, the one answering
            speaker = doc.paragraph_label(verb.start())
    return (speaker, word) if speaker is not None else None


def attribute(
    doc: Document, quote: Quote, previous: Quote | None, previous_speaker: Speaker | None
) -> tuple[Speaker, str]:
    """Speaker and cue of one quote: those of the first rule (module docstring) that finds a
    speaker; else no speaker, with the last speech verb before the quote in its sentence as cue.
    `previous` is the article's quote before this one and `previous_speaker` its speaker."""
    s_start, s_end = doc.sentence_of(quote.open)
    found = (
        _dash_after(doc, quote)
        or _verb_after(doc, quote, max(s_end, quote.after))
        or _verb_in_next_sentence(doc, quote, s_end)
        or _colon_before(doc, quote, s_start)
        or _quoted_as_saying(doc, quote, s_start)
        or _verb_before(doc, quote, s_start)
        or _continuation(doc, quote, s_start, previous, previous_speaker)
        or _after_reported_statement(doc, quote)
        or _interview_answer(doc, quote, s_start)
    )
    if found is not None:
        return found
    verbs = list(_VERB_RE.finditer(doc.masked, s_start, quote.open))
    cue = verbs[-1].group(0).lower() if verbs else ""
    return NO_SPEAKER, cue


def names_something(doc: Document, quote: Quote) -> bool:
    """Whether the quotation marks hold a name, not words said: a few capitalised words, without
    closing punctuation, right after a possessive or a noun that names things ("the daily “Dorn
    Evening”", "its “Six-Point Framework”", "a campaign called “Home by Spring”")."""
    if quote.close is None or len(quote.segments) > 1 or quote.end - quote.start > 80:
        return False
    tail = doc.masked[max(0, quote.open - 30) : quote.open].split()
    before = tail[-1].strip(",;—–-(").lower() if tail else ""
    if before in TITLE_NOUNS:
        return len(doc.text[quote.start : quote.end].split()) <= 8  # "the headline “…”"
    if before not in NAMING_WORDS or not doc.text[quote.start : quote.start + 1].isupper():
        return False
    words = doc.text[quote.start : quote.end].split()
    if not 0 < len(words) <= 6 or words[-1][-1:] in ".!?,;:…":
        return False
    if not all(w[:1].isupper() or w[:1].isdigit() or w in _TITLE_CASE_JOINERS for w in words):
        return False
    return words[0][:1].isupper() and words[-1][:1].isupper()


def _interview_answer(doc: Document, quote: Quote, s_start: int) -> tuple[Speaker, str] | None:
    """Rule 7, a quote without a speech verb before it in its sentence, inside an interview
    answer (a paragraph that opens with the speaker's name and a colon: "Venn: Our answer was
    “never.”"): that speaker. (One whose verb has another subject, "A mother asked me: “…”",
    is not the answer's.)"""
    if _VERB_RE.search(doc.masked, s_start, quote.open):
        return None
    speaker = doc.paragraph_label(quote.open)
    return (_with_how(speaker, "interview"), ":") if speaker is not None else None


def _dash_after(doc: Document, quote: Quote) -> tuple[Speaker, str] | None:
    """Rule 0, a dash attribution: “…” — Foreign Minister Arla Venn."""
    dash = _DASH_RE.match(doc.masked, quote.after)
    if dash:
        m = doc.mention_at(dash.end(), dash.end() + 120)
        if m is not None and m.start == dash.end():
            return _from_mention(m), "—"
    return None


def _verb_after(doc: Document, quote: Quote, tail_end: int) -> tuple[Speaker, str] | None:
    """Rule 1, a speech verb right after the quote, before `tail_end`: “…,” said Rubio / “…,”
    Rubio said."""
    masked = doc.masked
    tail = masked[quote.after : tail_end]
    lead = _TAIL_LEAD_RE.match(tail)
    offset = quote.after + (lead.end() if lead else 0)
    verb = _VERB_RE.match(masked, offset)
    if verb:
        speaker = doc.subject_after(verb.end(), tail_end)
        if speaker is not None:
            return speaker, verb.group(0).lower()
    for verb in _VERB_RE.finditer(masked, offset, min(tail_end, offset + 120)):
        speaker = doc.subject_before(verb.start(), offset)
        if speaker is not None:
            return speaker, verb.group(0).lower()
        break
    return None


def _verb_in_next_sentence(doc: Document, quote: Quote, s_end: int) -> tuple[Speaker, str] | None:
    """Rule 1, a closed quote that ends its sentence (at `s_end`), then "Zelensky wrote" on the
    same line: “…!” Zelensky wrote. / “…war.” he said. / “…” Trump posted, adding …"""
    if quote.close is None or s_end != quote.after:
        return None
    masked = doc.masked
    gap = _DASH_GAP_RE.match(masked, quote.after)
    n_start = gap.end() if gap else quote.after
    _, n_end = doc.sentence_of(n_start)
    nxt = masked[n_start:n_end]
    verb = _VERB_RE.search(nxt, 0, 80)
    if verb and "\u2591" not in nxt:
        rest = nxt[verb.end() :]
        loud = doc.text[quote.end - 1 : quote.end] in ("!", "?", "…")
        first = doc.mention_at(n_start, n_start + verb.start())
        leads = first is not None and first.start == n_start
        # "Zelensky wrote on Telegram." attributes the quote; "Moscow has said the move
        # could …" is a statement of its own, reported in indirect speech
        attributes = leads and _ATTRIBUTION_TAIL_RE.match(rest) is not None
        if loud or attributes or rest.lstrip().startswith(",") or len(rest.split()) <= 4:
            speaker = doc.subject_before(n_start + verb.start(), n_start)
            if speaker is None and verb.start() == 0:
                speaker = doc.subject_after(n_start + verb.end(), n_end)
            if speaker is not None:
                return speaker, verb.group(0).lower()
    return None


def _colon_before(doc: Document, quote: Quote, s_start: int) -> tuple[Speaker, str] | None:
    """Rule 2, a speaker and a colon just before the quote: Rubio: “…”; a name that is the
    object of a preposition is no speaker ("He added, turning to Stoy: “…”")."""
    masked = doc.masked
    colon = _COLON_END_RE.search(masked[s_start : quote.open])
    if not colon:
        return None
    colon_at = s_start + colon.start()
    inside = doc.mentions_in(s_start, colon_at)  # (only the last can end at the colon)
    m = inside[-1] if inside and not masked[inside[-1].end : colon_at].strip() else None
    if m is not None and doc._word_before(m) in _COLON_OBJECT_PREPOSITIONS:
        return None  # "He added, turning to Stoy: “…”", "she posted on Chirp: “…”"
    if m is None:
        # a live-blog fragment without a verb: "16:30 — Venn again, leaving the building: “…”"
        lead = _FRAGMENT_LEAD_RE.match(masked, s_start, colon_at)
        lead_end = lead.end() if lead else s_start
        first = doc.mention_at(lead_end, colon_at)
        if (
            first is not None
            and first.start == lead_end
            and _FRAGMENT_REST_RE.fullmatch(masked, first.end, colon_at)
        ):
            m = first
    if m is None:
        return _colon_after_clause(doc, s_start, colon_at)
    return _from_mention(m), ":"


def _colon_after_clause(doc: Document, s_start: int, colon_at: int) -> tuple[Speaker, str] | None:
    """A sentence whose subject speaks and which ends in a colon before the quote: "He went
    further in an address: “…”", "His post: “…”" (the person's), "Venn put it bluntly: “…”"."""
    masked = doc.masked
    owned = _OWNED_WORDS_RE.fullmatch(masked, s_start, colon_at)
    if owned:
        # "His post:", "Her words to reporters:": the person the pronoun stands for
        person = doc.resolve_pronoun("he" if owned.group(1).lower() == "his" else "she", s_start)
        return (person, ":") if person is not None else None
    lead = _LEADING_PRONOUN_RE.match(masked, s_start, colon_at)
    if (
        lead
        and lead.group(1).lower() in ("he", "she")
        and _FINITE_VERB_RE.match(masked, lead.end() + len(_lead(masked, lead.end())))
    ):
        person = doc.resolve_pronoun(lead.group(1), lead.start(1))
        return (person, ":") if person is not None else None
    return None


def _quoted_as_saying(doc: Document, quote: Quote, s_start: int) -> tuple[Speaker, str] | None:
    """Rule 3, "… quoted the top diplomat as saying “…”": the one quoted, not the one quoting."""
    as_saying = _AS_SAYING_RE.search(doc.masked, s_start, quote.open)
    if not as_saying:
        return None
    if _PASSIVE_RE.search(doc.masked, max(s_start, as_saying.start() - 12), as_saying.start()):
        # "Venn was quoted by the agency Dorn-Inform as saying": the subject was quoted
        subject = doc.sentence_subject(s_start, as_saying.start())
        return (subject, "quoted as saying") if subject is not None else None
    a, b = as_saying.span(1)
    m = doc.mention_at(a, b)
    if m is not None:
        return _from_mention(m), "quoted as saying"
    nominal = _DEFINITE_RE.search(doc.masked[a:b] + " ")
    if nominal:
        speaker = doc.resolve_nominal(nominal.group(1), a)
        if speaker is not None:
            return speaker, "quoted as saying"
    return None


def _verb_before(doc: Document, quote: Quote, s_start: int) -> tuple[Speaker, str] | None:
    """Rule 4, the nearest speech verb before the quote in its sentence; for a quote that opens
    its paragraph, one that introduced it at the end of the paragraph before: "Borrell said in a
    statement:"."""
    found = _speaker_from_verbs(doc, s_start, quote.open)
    if found is not None:
        return found
    para_start = _paragraph_opened(doc.masked, quote)
    if para_start is not None:
        last = len(doc.masked[:para_start].rstrip()) - 1
        if last >= 0 and doc.masked[last] == ":":
            p_start, _ = doc.sentence_of(last)
            return _speaker_from_verbs(doc, p_start, last)
    return None


def _continuation(
    doc: Document,
    quote: Quote,
    s_start: int,
    previous: Quote | None,
    previous_speaker: Speaker | None,
) -> tuple[Speaker, str] | None:
    """Rule 5, a further quote of the speaker of the previous quote: opening a sentence in the
    same paragraph, or opening the paragraph right after one that ended with that quote's
    attribution."""
    if previous is None or previous_speaker is None or not previous_speaker.name:
        return None
    masked = doc.masked
    between = masked[previous.after : quote.open]
    inner = between.strip()
    same_paragraph = "\n" not in between
    next_paragraph = (
        _paragraph_opened(masked, quote) is not None
        and "\n" not in between.rstrip()
        and len(inner.split()) <= 20
        and not re.search(r"[.!?]\s+\S", inner)
    )
    opens_sentence = masked[s_start : quote.open].strip(" \t—–-") == ""
    if opens_sentence and (same_paragraph or next_paragraph):
        return _with_how(previous_speaker, "continuation"), "continuation"
    return None


def _after_reported_statement(doc: Document, quote: Quote) -> tuple[Speaker, str] | None:
    """Rule 6, a paragraph that is only a quote, after one reporting a statement ("Hebestreit
    said in a statement that …"): the quote is taken to be from that statement."""
    masked = doc.masked
    para_start = _paragraph_opened(masked, quote)
    if para_start is None:
        return None
    last = len(masked[:para_start].rstrip()) - 1
    para_end = masked.find("\n", quote.after)
    whole = not masked[quote.after : para_end if para_end >= 0 else len(masked)].strip(" \t.,;:!?")
    if last >= 0 and whole:
        p_start, _ = doc.sentence_of(last)
        if _REPORTED_STATEMENT_RE.search(masked, p_start, last + 1):
            found = _speaker_from_verbs(doc, p_start, last + 1)
            if found is not None:
                return _with_how(found[0], "continuation"), found[1]
    return None


def _paragraph_opened(masked: str, quote: Quote) -> int | None:
    """Where the quote's paragraph starts when the quote opens it (None for the first paragraph
    or when words come before the quote)."""
    para_start = masked.rfind("\n", 0, quote.open) + 1
    if para_start > 0 and masked[para_start : quote.open].strip() == "":
        return para_start
    return None
