"""The actor dictionary: who a speaker is and which party they speak for.

The default dictionary ships as ``stance/data/actors.yaml``; `load_actors` reads it and any number
of user YAML files in the same schema, later files extending or overriding earlier ones (an actor
with the same ``name`` replaces the earlier entry; ``parties`` entries are merged). The schema is
documented at the top of the shipped file:

- ``parties``: party name -> ``adjectives`` (``Ukrainian``: "a Ukrainian official") and ``places``
  (capitals and metonyms used as speakers: "Kyiv said").
- ``actors``: ``name``, ``party``, ``kind`` (person or institution), ``gender`` (m or f, persons
  only, for he/she), ``aliases`` and ``roles`` (``titles`` with ``from``/``to`` dates, so that "the
  US president" is resolved by the article's date).

`Actors.find` returns every mention of an actor, title, institution, place, party adjective phrase
or capitalised unknown name in a text, each with the speaker and party it stands for.

Spelling variants
-----------------
News spells one person several ways (Zelenskiy / Zelenskyy / Zelensky, Witkoff / Witcoff). A
capitalised name the dictionary does not know exactly is a known person, with ``how="variant"``,
when its words match one of that person's aliases: a lone surname matches a one-word alias, a
name of several words matches a full-name alias by its last word (and its first word must fit
the alias's first name). Words match when

- their transliteration keys (`_translit_key`: no diacritics or apostrophes, lower case, -iy,
  -yy, -yi, -ii endings as -y, sch as sh, kh as h, dj as j, y as i, doubled letters single) are
  equal: Voskresch / Voskresh, Pantuwidjaya / Pantuwijaya, Vollenhoff / Vollenhof; or else
- the keys differ by at most 1 edit (Levenshtein, from `rapidfuzz`) when the shorter is 5 to 9
  letters long, at most 2 when it is 10 or longer, and not at all when it is shorter than 5
  (Sybiga / Sybiha, Witcoff / Witkoff; "Lee" never becomes "Li").

A first name fits when its key has the same first letter as the key of the alias's first name
and is within 1 edit of it (2 from 5 letters: Yevgen / Yevhan, Pavel / Pavlo); "Irina Ostryn" is
not Pavel Ostrin. Only persons are matched this way, on the name's words without the titles and
nationality words before it. Guards against naming the wrong person:

- equal keys win over near ones; two actors at the same step (two persons a surname is equally
  close to, and whose first names both fit) leave the name unknown;
- an exact alias always wins: only names the exact tables did not claim are tried;
- keys of which only one ends in -a are not one name: a feminine ending names another person
  (Zelenska is not Zelensky, Petrova not Petrov);
- a nationality word or title that gives the name another party than the actor's leaves the name
  unknown ("Estrelian lawyer Pieter Saltrenco" is not the Morvanian Pieter Saltrenko);
- a lone capitalised word opening a sentence, which is often not a name, needs equal keys
  ("Voskresch retorted", but not "Urban voters" for Orban).

Non-speakers
------------
A speaker is a person, an institution, a government or a document. So links, handles and hashtags
("pic.murmur.com/Lv8aQ2", "@VennOffice") hold no mention, and a capitalised name the dictionary
lacks is not taken for a person when the words around it make it a medium or a vessel ("posted on
Murmur", "the news agency Zhel-Inform", "the survey ship Aldebarra"), a place or a venue ("in
Tarnholm", "the Commons", "at the Guild Hall"), a party label ("Labour", "the National Renewal
party") or a word describing a noun ("a Veldanian official"); after "the" it is an institution
("the Harbour Mission said"). `plausible_speaker` reads a name alone, for lists of speakers.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import resources
from itertools import accumulate, compress
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..errors import StanceError
from ..schema import UNKNOWN_PARTY
from .lexicon import (
    AUXILIARIES,
    EVENT_NOUNS,
    FILLER_WORDS,
    GROUP_NOUNS,
    INSTITUTION_NOUNS,
    IRREGULAR_PAST,
    LOCATIVE_PREPOSITIONS,
    MEDIA_WORDS,
    MODIFIED_NOUNS,
    NAME_PARTICLES,
    NOT_NAMES,
    NOT_PERSON_WORDS,
    ORGANISATION_WORDS,
    PARTY_LABEL_NOUNS,
    PARTY_LABEL_WORDS,
    POSSESSED_NOUNS,
    POSSESSED_PEOPLE,
    POSSESSIVE_MODIFIERS,
    POSTING_WORDS,
    PREMODIFIER_WORDS,
    PREPOSITIONS,
    SPEAKER_NOUNS,
    SPEECH_VERBS,
    THING_NOUNS,
    TITLE_WORDS,
    VENUE_NOUNS,
)

__all__ = [
    "Actor",
    "Actors",
    "Mention",
    "Role",
    "default_actors_path",
    "load_actors",
    "plausible_speaker",
]

log = logging.getLogger(__name__)

_POSSESSED_PEOPLE = tuple(POSSESSED_PEOPLE)
_NOT_PLACES = {"Other", "Others", UNKNOWN_PARTY}
KINDS = ("person", "institution")


@dataclass(frozen=True)
class Role:
    """Titles an actor holds from `start` to `end` (either may be None: open-ended)."""

    titles: tuple[str, ...]
    start: dt.date | None = None
    end: dt.date | None = None

    def active(self, when: dt.date | None) -> bool:
        """Whether the role is held on `when` (always, when `when` is None)."""
        if when is None:
            return True
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class Actor:
    """A known speaker: a person or an institution with a party."""

    name: str
    party: str
    kind: str = "person"
    gender: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A span of text that may name a speaker.

    `how` says how the speaker was recognised: ``named`` (name or alias), ``title`` (a role title
    resolved by date), ``institution``, ``place`` (a capital used as a metonym), ``group`` (a
    phrase with a party adjective: "a Ukrainian official"), ``variant`` (a known person's name
    spelt differently: "Zelenskiy" for an actor listed as "Zelensky"), ``unknown`` (a capitalised
    name not in the dictionary: a person, or an institution when "the" comes before it).
    """

    start: int
    end: int
    speaker: str
    party: str
    how: str
    kind: str = "person"
    gender: str | None = None
    actor: Actor | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class _Party:
    name: str
    adjectives: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


def default_actors_path() -> Path:
    """Path of the actor dictionary shipped with the package."""
    return Path(str(resources.files("stance") / "data" / "actors.yaml"))


def load_actors(*paths: str | os.PathLike[str], default: bool = True) -> Actors:
    """Load the default actor dictionary, extended or overridden by the YAML files in `paths`.

    With ``default=False`` only `paths` are read.
    """
    sources = ([default_actors_path()] if default else []) + [Path(p) for p in paths]
    if not sources:
        raise StanceError("load_actors: no dictionary to load (default=False and no paths)")
    parties: dict[str, _Party] = {}
    actors: dict[str, Actor] = {}
    where: dict[str, Path] = {}  # the file each actor came from, for messages
    for source in sources:
        doc = _read_yaml(source)
        declared = doc.get("parties") or {}
        if not isinstance(declared, dict):
            raise StanceError(
                f"{source}: `parties` is a mapping of party names to their adjectives and "
                f"places, got {declared!r}"
            )
        listed = doc.get("actors") or []
        if not isinstance(listed, list):
            raise StanceError(f"{source}: `actors` is a list of actors, got {listed!r}")
        for name, spec in declared.items():
            if not str(name).strip():
                raise StanceError(f"{source}: a party with an empty name")
            old = parties.get(str(name), _Party(str(name)))
            spec = spec or {}
            if not isinstance(spec, dict):
                raise StanceError(
                    f"{source}: party {name!r}: expected a mapping with `adjectives` and "
                    f"`places`, got {spec!r}"
                )
            parties[str(name)] = _Party(
                str(name),
                _merge(old.adjectives, _strings(spec.get("adjectives"), source, name)),
                _merge(old.places, _strings(spec.get("places"), source, name)),
            )
        for index, spec in enumerate(listed, start=1):
            actor = _parse_actor(spec, source, index)
            actors[actor.name] = actor
            where[actor.name] = source
    for actor in actors.values():
        if actor.party not in parties:
            # (kept, so that a dictionary still loads; a misspelt party is worth a line)
            log.warning(
                "%s: actor %r: party %r is not declared under `parties` (no adjectives or "
                "places for it)",
                where[actor.name],
                actor.name,
                actor.party,
            )
            parties[actor.party] = _Party(actor.party)
    return Actors(list(actors.values()), list(parties.values()))


class Actors:
    """A compiled actor dictionary: finds mentions of speakers in text."""

    def __init__(self, actors: Sequence[Actor], parties: Sequence[_Party] = ()) -> None:
        self.actors: tuple[Actor, ...] = tuple(actors)
        self._parties = {p.name: p for p in parties}
        for actor in self.actors:
            self._parties.setdefault(actor.party, _Party(actor.party))

    def __len__(self) -> int:
        return len(self.actors)

    def __repr__(self) -> str:
        return f"Actors({len(self.actors)} actors, parties={list(self.parties)})"

    @property
    def parties(self) -> tuple[str, ...]:
        """The party names the dictionary knows."""
        return tuple(self._parties)

    def get(self, name: str) -> Actor | None:
        """The actor whose canonical name or alias is `name`, if any."""
        return self._by_alias.get(name)

    # -- compiled tables -----------------------------------------------------------------

    @cached_property
    def _by_alias(self) -> dict[str, Actor]:
        table: dict[str, Actor] = {}
        for actor in self.actors:
            for alias in (actor.name, *actor.aliases):
                table.setdefault(alias, actor)
                if alias.lower().startswith("the "):
                    table.setdefault(alias[4:], actor)
        return table

    @cached_property
    def _name_index(self) -> _PhraseIndex:
        return _PhraseIndex(self._by_alias, ignore_case=False)

    @cached_property
    def _titles(self) -> dict[str, list[tuple[Actor, Role]]]:
        table: dict[str, list[tuple[Actor, Role]]] = {}
        for actor in self.actors:
            for role in actor.roles:
                for title in role.titles:
                    table.setdefault(title.lower(), []).append((actor, role))
        return table

    @cached_property
    def _title_index(self) -> _PhraseIndex:
        return _PhraseIndex(self._titles, ignore_case=True)

    @cached_property
    def _adjectives(self) -> dict[str, str]:
        return {a.lower(): p.name for p in self._parties.values() for a in p.adjectives}

    @cached_property
    def _places(self) -> dict[str, str]:
        # A party named after a country ("Ukraine", "Russia") is also a place-like speaker.
        places = {
            p.name: p.name
            for p in self._parties.values()
            if p.name not in _NOT_PLACES and p.name[:1].isupper()
        }
        places.update({pl: p.name for p in self._parties.values() for pl in p.places})
        return places

    @cached_property
    def _adjective_index(self) -> _PhraseIndex:
        return _PhraseIndex(self._adjectives, ignore_case=True)

    @cached_property
    def _first_words(self) -> tuple[frozenset[str], frozenset[str]]:
        """Words that can start a name or place (as written), or a title or adjective (lower)."""
        exact = self._name_index.firsts | self._place_index.firsts
        return frozenset(exact), frozenset(self._title_index.firsts | self._adjective_index.firsts)

    @cached_property
    def _place_index(self) -> _PhraseIndex:
        return _PhraseIndex(self._places, ignore_case=False)

    @cached_property
    def _variants(self) -> _Variants:
        return _Variants(self.actors)

    # -- finding mentions ----------------------------------------------------------------

    def find(self, text: str, when: dt.date | None = None) -> list[Mention]:
        """All speaker mentions in `text`, in order, without overlaps (longest wins).

        `when` is the article's date; it decides which actor a bare title ("the Kremlin leader",
        "the US secretary of state") refers to. Kinds of mention are found in turn, each keeping
        only what the ones before left free: known names and titles, party adjective phrases,
        places, then capitalised names the dictionary does not know.
        """
        words = _Words.of(text)
        # one scan per letter case finds where any phrase of the case-sensitive indexes (names,
        # places) or of the case-blind ones (titles, adjectives) can start
        exact, blind = self._first_words
        starts_exact = list(compress(range(len(words.words)), map(exact.__contains__, words.words)))
        starts_blind = list(compress(range(len(words.lower)), map(blind.__contains__, words.lower)))
        claims = _Claims(len(text))
        # Links, handles and hashtags name no one: nothing inside them is a mention.
        for l_start, l_end in _link_spans(text):
            claims.taken[l_start:l_end] = b"\x01" * (l_end - l_start)
        # The longest of overlapping names and titles wins: "Kremlin spokesman Dmitry Peskov" is
        # Peskov, not the Kremlin.
        known = self._names_and_titles(text, words, starts_exact, starts_blind, when)
        for mention in sorted(known, key=lambda m: (m.start - m.end, m.start)):
            claims.add(mention)
        adjectives = self._adjective_index.find(words, starts_blind)
        for mention in self._group_phrases(text, adjectives):
            claims.add(mention)
        for mention in self._place_mentions(text, words, starts_exact):
            claims.add(mention)
        for mention in self._organisations(text, words, adjectives):
            claims.add(mention)
        # (the unknown names are found against the spans claimed so far, as they are claimed)
        owners = {m.end: m for m in claims.found if m.party != UNKNOWN_PARTY}
        setting = _Setting(text, self._setting_party)
        for mention in self._unknown_names(text, words, claims.taken, adjectives, owners, setting):
            claims.add(mention)
        claims.found.sort(key=lambda m: m.start)
        if not _SOURCE_NOUNS.isdisjoint(words.lower):
            for mention in _unnamed_sources(text, claims.found, setting):
                claims.add(mention)
            claims.found.sort(key=lambda m: m.start)
        return claims.found

    def _names_and_titles(
        self,
        text: str,
        words: _Words,
        starts_exact: list[int],
        starts_blind: list[int],
        when: dt.date | None,
    ) -> list[Mention]:
        """Names and aliases, absorbing a title just before them ("Secretary of State Marco
        Rubio") and a possessed noun just after ("Zelensky's office"); then titles, with a name
        after them or alone (resolved by the date `when`). They may overlap."""
        titles = self._title_index.find(words, starts_blind)
        candidates: list[Mention] = []
        title_ends = {t_end: t_start for t_start, t_end, _ in titles}
        for n_start, n_end, alias in self._name_index.find(words, starts_exact):
            actor = self._by_alias[alias]
            start = n_start
            if start - 1 in title_ends and text[start - 1 : start] == " ":
                start = title_ends[start - 1]  # "Secretary of State |Marco Rubio"
            elif start in title_ends:
                start = title_ends[start]
            start = _absorb_article(text, start)
            candidates.append(self._named(actor, start, n_end, text))
        for t_start, t_end, title in titles:
            mention = self._title_mention(text, t_start, t_end, title, when)
            if mention is not None:
                candidates.append(mention)
        return candidates

    def _group_phrases(
        self, text: str, adjectives: list[tuple[int, int, str]]
    ) -> Iterator[Mention]:
        """Phrases with a party adjective (found at `adjectives`): "a senior Ukrainian official"."""
        for a_start, a_end, adjective in adjectives:
            noun = _GROUP_TAIL_RE.match(text, a_end)
            if noun is None:
                continue
            start = _premodifiers_before(text, a_start)
            kind = "institution" if _is_institution_noun(noun.group("noun")) else "person"
            member = _MEMBER_OF_RE.search(text, max(0, start - 40), start)
            if member is not None:
                # "a senior member of the Oskarian delegation": a person of that body
                start, kind = member.start(), "person"
            party = self._adjectives[adjective]
            surface = _strip_determiners(text[start : noun.end()])
            yield Mention(start, noun.end(), surface, party, "group", kind)

    def _place_mentions(
        self, text: str, words: _Words, starts_exact: list[int]
    ) -> Iterator[Mention]:
        """Places used as speakers: "Kyiv", "Moscow"; with a possessive, the body they own:
        "Oskaria's Defence Ministry", "Vessa's embassy" (an institution of the place's party)."""
        for p_start, p_end, place in self._place_index.find(words, starts_exact):
            if _EVENT_AFTER_PLACE_RE.match(text, p_end):
                continue  # "the Washington summit", "the Minsk agreements": a name, not a speaker
            body = _PLACE_BODY_RE.match(text, p_end) if text[p_end : p_end + 1] in "’'" else None
            if body is not None:
                speaker = f"{place}’s {body.group(1)}"
                party = self._places[place]
                yield Mention(p_start, body.end(), speaker, party, "institution", "institution")
                continue
            yield Mention(p_start, p_end, place, self._places[place], "place", "institution")

    def _organisations(
        self, text: str, words: _Words, adjectives: list[tuple[int, int, str]]
    ) -> Iterator[Mention]:
        """Named bodies the dictionary does not know: capitalised words ending in an
        organisation word ("the Veldanian Farmers' Association", "the Oskarian Atomic Energy
        Agency", "the Aldessan Ministry of Fisheries"), institutions in the party of a
        nationality word or place at their start (else ``Unknown``)."""
        tokens, gaps = words.words, words.gaps
        for i in compress(range(len(tokens)), map(_ORGANISATION_LAST_WORDS.__contains__, tokens)):
            end = words.ends[i]
            if gaps[i] not in _NAME_GAPS or text[end : end + 1] in ("’", "'", "-"):
                continue  # at a line's start, or "the Union’s …"
            j = i  # back over the name's capitalised words, and "of (the)" after a body's word
            while j > 0 and gaps[j] in _NAME_GAPS:
                if tokens[j - 1][:1].isupper():
                    j -= 1
                elif (
                    tokens[j - 1] in _BODY_JOINERS
                    and j >= 2
                    and gaps[j - 1] in _NAME_GAPS
                    and tokens[j - 2] in _ORGANISATION_LAST_WORDS
                ):
                    j -= 2  # "the Council of |Fisheries", "the Ministry for |Trade"
                elif (
                    tokens[j - 1] == "the"
                    and j >= 3
                    and tokens[j - 2] in _BODY_JOINERS
                    and tokens[j - 3] in _ORGANISATION_LAST_WORDS
                ):
                    j -= 3  # "the Union of the |Coastal States"
                else:
                    break
            names = list(tokens[j:i])
            while (
                names
                and (
                    names[0] in NOT_NAMES
                    or not names[0][:1].isupper()
                    # "President of the Commission" is a person's title, not a body
                    or (names[0].lower() in TITLE_WORDS and names[1:2] == ["of"])
                )
            ):
                names.pop(0)
                j += 1
            if not names:
                continue
            name_start = words.starts[j]
            of = _ORGANISATION_OF_RE.match(text, end)  # "… Ministry| of Fisheries"
            if of:
                end = of.end()
            name = " ".join(text[name_start:end].split())
            start = _absorb_article(text, name_start)
            party = self._adjectives.get(names[0].lower()) or self._places.get(names[0])
            if party is None:
                party = self._described_party(text, start, end, adjectives)
            yield Mention(start, end, name, party, "unknown", "institution")

    def _unknown_names(
        self,
        text: str,
        words: _Words,
        taken: bytearray,
        adjectives: list[tuple[int, int, str]],
        known: dict[int, Mention],
        setting: _Setting,
    ) -> Iterator[Mention]:
        """Capitalised names that the dictionary does not know, outside the spans `taken` (read
        as each mention is claimed), without the titles, party labels and nationality words
        before them ("Estonian Defence Minister Hanno Pevkur" is Hanno Pevkur, of the party of
        "Estonian"; "Kaldoran Prime Minister Ruslan Ketter" is Ruslan Ketter); a surname used
        later stands for the full name.

        A speaker is a person, an institution, a government or a document, so the words around a
        name (`_name_role`) keep out those that are none of these: venues ("the Commons", "at the
        Guild Hall"), media and vessels ("posted on Murmur", "the news agency Zhel-Inform", "the
        survey ship Aldebarra", and that name anywhere else in the text), places after "in",
        "at" ("in Tarnholm"; the dictionary's own places are found before), party labels ("the
        National Renewal party") and words describing a noun ("a Veldanian official"). A name
        after "the" ("the Harbour Mission") is kept as an institution, not as a person.

        A known person's name in another spelling is that person (``variant``, see the module
        docstring). A person's party comes from a nationality word or title before the name or a
        description after it, else from the known speaker whose role they hold
        (`_party_of_owner`), else from where the story is set (`_Setting`)."""
        # First the names and what the words around them make of them, so that a name seen as
        # a medium or a thing anywhere ("the survey ship Aldebarra") is no speaker anywhere.
        found: list[tuple[int, int, list[str], str, str]] = []
        things: set[str] = set()
        for start, end in _capitalised_names(text, taken):
            if any(taken[start:end]):
                continue
            tokens, party, titled = self._strip_titles(text[start:end].split())
            if not tokens:
                continue
            role = _name_role(words, start, end, single=len(tokens) == 1, titled=titled)
            if role == "thing":
                things.add(" ".join(tokens))
            found.append((start, end, tokens, party, role))
        surnames: dict[str, Mention] = {}
        for start, end, tokens, party, role in found:
            name = " ".join(tokens)
            if name in things:
                continue
            loose = True
            if len(tokens) == 1:
                earlier = surnames.get(name)
                if earlier is not None:
                    if earlier.actor is not None:  # a respelt known person: "Saltrenco’s office"
                        yield self._variant_mention(earlier.actor, start, end, text)
                    else:
                        yield replace(earlier, start=start, end=end)
                    continue
                if name in self._places:
                    continue
                # a word opening a sentence is a name only as a respelt known surname
                loose = _plausible_surname(text, text.find(name, start), name)
            if role not in ("person", "institution"):
                continue
            actor = self._variants.find(tokens, loose=loose) if role == "person" else None
            if actor is None and not loose:
                continue
            if party == UNKNOWN_PARTY:
                party = self._described_party(text, start, end, adjectives)
            if role == "institution":
                # the whole name, nationality word and all: "the Oskarian Grain Exporters’
                # Association" (a person's is without it: "Oskarian analyst Lena Fosk")
                whole = " ".join(text[start:end].split())
                yield Mention(_absorb_article(text, start), end, whole, party, "unknown", role)
                continue
            if party == UNKNOWN_PARTY:
                party = _party_of_owner(text, start, known)
            if party == UNKNOWN_PARTY and actor is None:
                party = setting.party_at(start, end)
            if actor is not None and party in (actor.party, UNKNOWN_PARTY):
                yield self._variant_mention(actor, start, end, text)
                surnames[_POSSESSIVE_END_RE.sub("", tokens[-1])] = Mention(
                    start, end, actor.name, actor.party, "variant", "person", actor.gender, actor
                )
                continue
            if not loose:
                continue
            mention = Mention(start, end, name, party, "unknown", "person")
            yield mention
            if len(tokens) > 1:
                surnames[tokens[-1]] = mention

    def _setting_party(self, words: str) -> str | None:
        """The party of a place or country as a dateline or a setting writes it ("CALEMAR",
        "Santa Liora, Aldessa", "the Veldanian town of"), or None."""
        for part in reversed([p.strip() for p in words.split(",") if p.strip()]):
            name = part if not part.isupper() else part.title()
            party = self._places.get(name) or self._adjectives.get(part.lower())
            if party is not None:
                return party
        return None

    def _strip_titles(self, tokens: list[str]) -> tuple[list[str], str, bool]:
        """The words of a name without the titles, party labels and nationality words before it,
        the party those words give (``Unknown`` when none does), and whether a title or a label
        was dropped."""
        party = UNKNOWN_PARTY
        titled = False
        adjectives = self._adjectives
        while tokens:
            low = tokens[0].lower()
            if low in adjectives:
                party = adjectives[low]
            elif low.rstrip(".") in TITLE_WORDS or low in PARTY_LABEL_WORDS:
                titled = True
            else:
                break
            tokens = tokens[1:]
        # words the dictionary does not know before a title: "Kaldoran Prime Minister Ruslan
        # Ketter", "Sanmarayan Fisheries Minister Arif Kelanang", "Veldanian President Kesk" (but
        # Carole King, Martin Luther King Jr)
        n = len(tokens)
        first = 1 if n > 1 and _is_title(tokens[1]) else 2 if n > 2 and _is_title(tokens[2]) else 0
        if first:
            k = first
            while k < len(tokens) and _is_title(tokens[k]):
                k += 1
            rest = len(tokens) - k
            if rest >= 2 or (rest == 1 and first == 1 and _DEMONYM_RE.search(tokens[0])):
                tokens, titled = tokens[k:], True
        return tokens, party, titled

    def _described_party(
        self, text: str, start: int, end: int, adjectives: list[tuple[int, int, str]]
    ) -> str:
        """The party of an unknown name from a description next to it: "Veldanian analyst Lena
        Fosk", "Lena Fosk, a Veldanian analyst," (UNKNOWN_PARTY when there is none)."""
        # (only the adjectives near the name: the list is in text order)
        for k in range(bisect_left(adjectives, (start - 80,)), len(adjectives)):
            a_start, a_end, adjective = adjectives[k]
            if a_start > end + 40:
                break
            before = (
                a_end <= start
                and start - a_end <= 40
                and _DESCRIBED_BEFORE.fullmatch(text, a_end, start)
            )
            after = (
                a_start >= end
                and a_start - end <= 40
                and _DESCRIBED_AFTER.fullmatch(text, end, a_start)
            )
            if before or after:
                return self._adjectives[adjective]
        return UNKNOWN_PARTY

    def _named(self, actor: Actor, start: int, end: int, text: str) -> Mention:
        possessed = _POSSESSED_RE.match(text, end) if text[end : end + 1] in "’'" else None
        if (
            possessed is None
            and actor.kind == "person"
            and _INDEFINITE_BEFORE_RE.search(text, max(0, start - 4), start)
        ):
            # "a Venn adviser", "an Oskarian-born Venn aide": the person's, without the 's
            possessed = _POSSESSED_BARE_RE.match(text, end)
        if possessed and actor.kind == "person":
            role = possessed.group(1)
            # "Putin's ally", "Putin's envoy" are people; "Putin's office", "Putin's team" are not
            kind = "person" if role in POSSESSED_PEOPLE else "institution"
            speaker = f"{actor.name}’s {role}"
            return Mention(start, possessed.end(), speaker, actor.party, "named", kind, None, actor)
        how = "institution" if actor.kind == "institution" else "named"
        return Mention(start, end, actor.name, actor.party, how, actor.kind, actor.gender, actor)

    def _variant_mention(self, actor: Actor, start: int, end: int, text: str) -> Mention:
        """`actor` named by a spelling variant at `start`…`end` (a possessive "’s" left out, and
        a possessed noun after it taken in, as for a name written as listed)."""
        possessive = _POSSESSIVE_END_RE.search(text, start, end)
        if possessive is not None:
            end = possessive.start()
        return replace(self._named(actor, start, end, text), how="variant")

    def _title_mention(
        self, text: str, start: int, end: int, title: str, when: dt.date | None
    ) -> Mention | None:
        following = _capitalised_name_at(text, end)
        candidates = self._titles[title.lower()]
        active = [(a, r) for a, r in candidates if r.active(when)]
        start = _absorb_article(text, start)
        if following is not None:
            # A title before a name the dictionary does not know: "Foreign Minister Ana Pol".
            name_end = following
            name = text[end:name_end].strip()
            party = active[0][0].party if active else self._party_of_phrase(title)
            variant = self._variants.find(name.split())
            if variant is not None and party in (variant.party, UNKNOWN_PARTY):
                return self._variant_mention(variant, start, name_end, text)
            return Mention(start, name_end, name, party, "unknown", "person")
        if not active:
            return None
        actor = active[0][0]
        return Mention(
            start, end, actor.name, actor.party, "title", actor.kind, actor.gender, actor
        )

    def _party_of_phrase(self, phrase: str) -> str:
        for word in re.findall(r"[\w.]+", phrase):
            party = self._adjectives.get(word.lower())
            if party:
                return party
        return UNKNOWN_PARTY


# --------------------------------------------------------------------------------------------


_WORD_RE = re.compile(r"\w+")
_SPLIT_WORDS_RE = re.compile(r"(\w+)")
_TOKEN_RE = re.compile(r"\S+")
_DESCRIBED_BEFORE = re.compile(
    r"(?:[ \t]+[a-z][\w-]*){0,3}[ \t]+"
)  # "Veldanian analyst |Lena Fosk"
# ", a |Veldanian", ", head of the |Veldanian (delegation)": a noun phrase (an article or a role
# noun first, no verb in -ed), not a clause (", arrived at the |Veldanian …")
_DESCRIBED_AFTER = re.compile(
    r",[ \t]+(?:a|an|the|"
    + "|".join(sorted(TITLE_WORDS | SPEAKER_NOUNS, key=len, reverse=True))
    + r")(?:[ \t]+(?![a-z]+ed\b)[a-z][\w-]*){0,4}[ \t]+"
)
# A party adjective's speaker phrase: premodifiers and a group noun ("Ukrainian |senior official")
_PREMODIFIERS = (
    r"(?:(?:" + "|".join(sorted(PREMODIFIER_WORDS, key=len, reverse=True)) + r")[ \t]+)*"
)
# and up to two lower-case words before the noun: "a Norlandic |trade official", "a Norlandic
# |government source" (the longest phrase that ends in a group noun)
_GROUP_TAIL_RE = re.compile(
    r"[ \t]+"
    + _PREMODIFIERS
    + r"(?:(?-i:[a-z][a-z-]*)[ \t]+){0,2}(?P<noun>"
    + "|".join(GROUP_NOUNS)
    + r")(?![\w])",
    re.IGNORECASE,
)
# The last word of a named body, capitalised ("… Farmers' |Association", "… Coast |Guard"); party
# labels and offices are left to the rules for names ("the National Renewal Party", "the Oval
# Office")
_ORGANISATION_LAST_WORDS = frozenset(
    w.split()[-1].title() for w in ORGANISATION_WORDS if w not in ("party", "office")
)
# what may stand between the words of a body's name ("Farmers' Association": "' ")
_NAME_GAPS = frozenset((" ", "\t", "' ", "’ "))
_BODY_JOINERS = frozenset(("of", "for"))  # "the Council |of| Fisheries"
_ORGANISATION_OF_RE = re.compile(r"[ \t]+(?:of|for)(?:[ \t]+the)?(?:[ \t]+[A-Z][\w-]*){1,3}")
# "Oskaria’s |Defence Ministry", "Vessa’s |embassy in Dorn": a place's own institution
_PLACE_BODY_RE = re.compile(
    r"[’']s[ \t]+((?:[\w-]+[ \t]+){0,3}?(?:"
    + "|".join(sorted(ORGANISATION_WORDS, key=len, reverse=True))
    + r"))(?![\w])",
    re.IGNORECASE,
)
_EVENT_AFTER_PLACE_RE = re.compile(r"[ \t]+(?:" + "|".join(EVENT_NOUNS) + r")\b", re.IGNORECASE)


# "(a senior) member of (the) |Oskarian delegation"
_MEMBER_OF_RE = re.compile(
    r"(?<![\w])(?:(?:an?|one|two|three|several|some|the)[ \t]+)?(?:senior[ \t]+|junior[ \t]+)?"
    r"members?[ \t]+of[ \t]+(?:the[ \t]+|its[ \t]+)?$",
    re.IGNORECASE,
)


def _premodifiers_before(text: str, pos: int) -> int:
    """Where the run of premodifier words ("a", "the", "two", "senior", …) ending at `pos`
    starts: "|two senior Ukrainian officials" from "two senior |Ukrainian officials"."""
    start = pos
    while start > 0 and text[start - 1] in " \t":
        end = start - 1
        while end > 0 and text[end - 1] in " \t":
            end -= 1
        begin = end
        while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "-"):
            begin -= 1
        if begin == end or text[begin:end].lower() not in PREMODIFIER_WORDS:
            break
        start = begin
    return start


def _norm_gap(gap: str) -> str:
    if gap == " ":
        return gap
    if "\n" in gap:  # no phrase runs over a line break
        return "\n"
    return " ".join(gap.replace("’", "'").split()) if gap.strip() else " " if gap else ""


class _Claims:
    """The mentions kept so far and the characters they cover: a mention that overlaps one kept
    earlier is dropped."""

    def __init__(self, size: int) -> None:
        self.taken = bytearray(size)
        self.found: list[Mention] = []

    def add(self, m: Mention) -> None:
        if any(self.taken[m.start : m.end]):
            return
        self.taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        self.found.append(m)


@dataclass(frozen=True)
class _Words:
    """The words of a text with their offsets, computed once for every phrase lookup."""

    text: str
    words: tuple[str, ...]
    lower: tuple[str, ...]
    starts: list[int]
    ends: list[int]
    gaps: tuple[str, ...]  # the text before each word (after the previous one)

    @classmethod
    def of(cls, text: str) -> _Words:
        # Splitting on words (kept) gives gap, word, gap, word, …, tail in one C call; offsets
        # are the running sums of the pieces' lengths. Nothing here loops in Python.
        parts = _SPLIT_WORDS_RE.split(text)
        words = tuple(parts[1::2])
        offsets = list(accumulate(map(len, parts)))
        return cls(
            text,
            words,
            tuple(map(str.lower, words)),
            offsets[0:-1:2],
            offsets[1::2],
            tuple(parts[0:-1:2]),
        )

    def gap(self, k: int) -> str:
        """The normalised text between word k-1 and word k."""
        return _norm_gap(self.gaps[k])


class _PhraseIndex:
    """Finds any of many fixed phrases in a text by looking up its words.

    A phrase matches where the text has its words, in order, separated by the same punctuation
    (any run of whitespace counts as one space; ’ and ' are the same). A large regular-expression
    alternation does the same work many times more slowly.
    """

    def __init__(self, phrases: Iterable[str], *, ignore_case: bool) -> None:
        self.ignore_case = ignore_case
        # (first word, second word or "") -> [(words, gaps, suffix, phrase)], longest first
        self._index: dict[
            tuple[str, str], list[tuple[tuple[str, ...], tuple[str, ...], str, str]]
        ] = {}
        for phrase in phrases:
            tokens = list(_WORD_RE.finditer(phrase))
            if not tokens:
                continue
            words = tuple(t.group(0).lower() if ignore_case else t.group(0) for t in tokens)
            gaps = tuple(
                _norm_gap(phrase[tokens[k].end() : tokens[k + 1].start()])
                for k in range(len(tokens) - 1)
            )
            suffix = phrase[tokens[-1].end() :]
            key = (words[0], words[1] if len(words) > 1 else "")
            self._index.setdefault(key, []).append((words, gaps, suffix, phrase))
        for entries in self._index.values():
            entries.sort(key=lambda e: (len(e[0]), len(e[2])), reverse=True)
        self._firsts = {key[0] for key in self._index}

    @property
    def firsts(self) -> set[str]:
        """The words phrases start with (lower case for a case-blind index)."""
        return self._firsts

    def find(
        self, words: _Words, candidates: Iterable[int] | None = None
    ) -> list[tuple[int, int, str]]:
        """(start, end, phrase) of the longest phrase starting at each word.

        `candidates`, when given, are the only word positions that may start a phrase (a
        superset of those whose word begins one: several indexes can share one scan).
        """
        found = []
        tokens = words.lower if self.ignore_case else words.words
        count = len(tokens)
        index, firsts = self._index, self._firsts
        if candidates is None:
            candidates = compress(range(count), map(firsts.__contains__, tokens))
        else:
            candidates = [i for i in candidates if tokens[i] in firsts]
        for i in candidates:
            first = tokens[i]
            second = tokens[i + 1] if i + 1 < count else ""
            # phrases of two words and more under (first, second), then one-word ones
            longer = index.get((first, second), ()) if second else ()
            match = _first_match(words, tokens, i, longer) or _first_match(
                words, tokens, i, index.get((first, ""), ())
            )
            if match is not None:
                found.append(match)
        return found


def _first_match(
    words: _Words,
    tokens: tuple[str, ...],
    i: int,
    entries: Sequence[tuple[tuple[str, ...], tuple[str, ...], str, str]],
) -> tuple[int, int, str] | None:
    """The first (longest) of `entries` that the text has at word `i`: (start, end, phrase)."""
    count, text = len(tokens), words.text
    for phrase_words, gaps, suffix, phrase in entries:
        n = len(phrase_words)
        if i + n > count:
            continue
        if n > 1 and (
            words.gap(i + 1) != gaps[0]
            or any(
                tokens[i + k] != phrase_words[k] or words.gap(i + k) != gaps[k - 1]
                for k in range(2, n)
            )
        ):
            continue
        end = words.ends[i + n - 1]
        if suffix and not text.startswith(suffix, end):
            continue
        return words.starts[i], end + len(suffix), phrase
    return None


# -- spelling variants of known names (see the module docstring) ------------------------------

_POSSESSIVE_END_RE = re.compile(r"[’']s$")
_VARIANT_ENDING_RE = re.compile(r"(?:iy|yy|yi|ii)$")
_DOUBLED_RE = re.compile(r"(.)\1+")
_TRANSLIT_PAIRS = (("sch", "sh"), ("kh", "h"), ("dj", "j"), ("y", "i"))
_SHORT = 5  # keys shorter than this match only when equal
_VARIANT_CACHE = 50_000  # names remembered per dictionary before the memory is cleared


def _translit_key(word: str) -> str:
    """The key under which one name's spellings by different transliteration conventions meet:
    lower case without diacritics or apostrophes (Lúcia, Zelens’kyy), the endings -iy, -yy, -yi
    and -ii as -y (Zelenskiy, Zelenskyy, Zelenskyi: zelensky), sch as sh (German: Voskresch), kh
    as h, dj as j (Pantuwidjaya), then y as i (Drobnyk, Drobnik) and doubled letters single
    (Vollenhoff, Aakerlind)."""
    if not word.isascii():
        word = unicodedata.normalize("NFKD", word)
        word = "".join(c for c in word if not unicodedata.combining(c))
    word = word.lower()
    word = _VARIANT_ENDING_RE.sub("y", word.replace("’", "").replace("'", ""))
    for spelling, key in _TRANSLIT_PAIRS:
        word = word.replace(spelling, key)
    return _DOUBLED_RE.sub(r"\1", word)


def _max_edits(length: int) -> int:
    """Edits allowed between two keys, the shorter `length` letters long."""
    return 0 if length < _SHORT else 1 if length < 10 else 2


def _first_name_fits(given: str, known: str) -> bool:
    """Whether the first name (key) `given` can be the alias's first name `known`: the same
    first letter and within 1 edit (2 from 5 letters): Yevgen / Yevhan, Pavel / Pavlo."""
    if not given or not known or given[0] != known[0]:
        return False
    if given == known:
        return True
    limit = 2 if min(len(given), len(known)) >= _SHORT else 1
    return Levenshtein.distance(given, known, score_cutoff=limit) <= limit


class _Variants:
    """The persons of a dictionary under the transliteration keys of their aliases' surnames,
    to find the one a name the dictionary does not know exactly is a spelling of."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        # one-word aliases: key -> actors; several words: last word's key -> (actor, first's key)
        self._lone: dict[str, dict[Actor, None]] = {}
        self._full: dict[str, list[tuple[Actor, str]]] = {}
        for actor in actors:
            if actor.kind != "person":
                continue
            for alias in (actor.name, *actor.aliases):
                words = alias.split()
                if words and words[0].lower() == "the":
                    words = words[1:]
                if len(words) == 1:
                    self._lone.setdefault(_translit_key(words[0]), {})[actor] = None
                elif words:
                    entry = (actor, _translit_key(words[0]))
                    self._full.setdefault(_translit_key(words[-1]), []).append(entry)
        # keys by length: a key more than k letters longer or shorter is more than k edits away
        self._lengths: dict[bool, dict[int, list[str]]] = {True: {}, False: {}}
        for lone, table in ((True, self._lone), (False, self._full)):
            for key in table:
                self._lengths[lone].setdefault(len(key), []).append(key)
        self._near: dict[tuple[bool, int], list[str]] = {}
        self._memory: dict[tuple[tuple[str, ...], bool], Actor | None] = {}

    def find(self, tokens: Sequence[str], *, loose: bool = True) -> Actor | None:
        """The one known person the name `tokens` (its words, without titles) is a spelling of,
        else None. Without `loose`, only equal keys match (no edits)."""
        memo = (tuple(tokens), loose)
        if memo in self._memory:
            return self._memory[memo]
        if len(self._memory) >= _VARIANT_CACHE:
            self._memory.clear()
        actor = self._memory[memo] = self._match(tokens, loose)
        return actor

    def _keys_near(self, lone: bool, length: int) -> list[str]:
        """The keys (of one-word aliases if `lone`) close enough in length to a key of `length`
        letters to be within its edits."""
        near = self._near.get((lone, length))
        if near is None:
            edits, lengths = _max_edits(length), self._lengths[lone]
            sizes = range(length - edits, length + edits + 1)
            near = [key for size in sizes for key in lengths.get(size, ())]
            self._near[(lone, length)] = near
        return near

    def _match(self, tokens: Sequence[str], loose: bool) -> Actor | None:
        # the name's words are those after any title ("Water Resources Minister |Ilario Zannetos")
        titles = [k for k, t in enumerate(tokens) if t.lower().rstrip(".") in TITLE_WORDS]
        tokens = tokens[titles[-1] + 1 :] if titles else tokens
        if not tokens:
            return None
        surname = _translit_key(_POSSESSIVE_END_RE.sub("", tokens[-1]))
        first = _translit_key(tokens[0]) if len(tokens) > 1 else None
        steps: list[list[str]] = [[surname]]
        if loose and len(surname) >= _SHORT:
            hits = process.extract(
                surname,
                self._keys_near(first is None, len(surname)),
                scorer=Levenshtein.distance,
                score_cutoff=_max_edits(len(surname)),
                limit=None,
            )
            # a feminine ending is another person, not a spelling: Zelenska, Petrova
            feminine = surname.endswith("a")
            steps.append(
                [
                    key
                    for key, edits, _ in hits
                    if 0 < edits <= _max_edits(min(len(key), len(surname)))
                    and key.endswith("a") == feminine
                ]
            )
        for step in steps:
            found: dict[Actor, None] = {}
            for key in step:
                if first is None:
                    found.update(self._lone.get(key, {}))
                else:
                    found.update(
                        (actor, None)
                        for actor, known in self._full.get(key, ())
                        if _first_name_fits(first, known)
                    )
            if len(found) == 1:
                return next(iter(found))
            if found:
                return None  # two persons: ambiguous
        return None


def _absorb_article(text: str, start: int) -> int:
    before = text[max(0, start - 4) : start]
    if before.lower() == "the ":
        return start - 4
    return start


def _strip_determiners(phrase: str) -> str:
    return re.sub(r"^(?:(?:a|an|the|one|some)\s+)+", "", phrase, flags=re.IGNORECASE).strip()


def _is_institution_noun(noun: str) -> bool:
    return noun.lower().split()[-1] in INSTITUTION_NOUNS


_CAP_TOKEN = r"[A-Z][\w’'\-]*[\w]"


_NAME_AFTER_RE = re.compile(r"[ \t]+(" + _CAP_TOKEN + r"(?:[ \t]+" + _CAP_TOKEN + r")*)")
# "Putin's office", "Putin's closest ally": speaks for the person, in the person's party
_POSSESSED_RE = re.compile(
    r"(?:’s|'s)\s+(?:(?:"
    + "|".join(POSSESSIVE_MODIFIERS)
    + r")\s+)?("
    + "|".join(POSSESSED_NOUNS)
    + r")\b"
)


# A dateline: "CALEMAR, Jan 12 (Strait Wire) - ", "SANTA LIORA, Aldessa - " (one place only: "DORN/
# VESSA" sets no scene)
_DATELINE_RE = re.compile(
    r"\s*([A-Z][A-Z'’. -]*[A-Z](?:,[ \t]+[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)*)?)"
    r"(?:,[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?(?:[ \t]*\([^)\n]{1,40}\))?[ \t]*[-—–][ \t]"
)
# A paragraph that sets its scene: "In the Veldanian village of Lesk, …", "In Dorn, …"
_SCENE_RE = re.compile(
    r"\b[Ii]n[ \t]+(?:the[ \t]+([A-Z][\w'’-]*)[ \t]+(?:town|village|city|port|region|province|"
    r"district|valley|countryside|capital|border town|hamlet)[ \t]+of[ \t]+[A-Z]|([A-Z][\w'’-]*"
    r"(?:[ \t]+[A-Z][\w'’-]*)?),)"
)
_QUOTE_OPENERS = frozenset('“„«"')
# ", the mayor of |Vessa", ", a resident of |Dorn", ", from |Dorn"
_APPOSITION_PLACE_RE = re.compile(
    r",[ \t]+(?:(?:a|an|the)[ \t]+)?(?:[a-z][\w-]*[ \t]+){0,3}(?:of|in|from)[ \t]+"
    r"([A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?)"
)
# Roles that speak for no party wherever they are: independent experts and the press
_NEUTRAL_ROLE_RE = re.compile(
    r"\b(?:analysts?|think[ -]tank|consultancy|consultant|research(?:er)?|fellow|professor|"
    r"lecturer|economist|expert|scholar|historian|academic|institute|university|journalist|"
    r"reporter|correspondent|editor|columnist|observer)\b",
    re.IGNORECASE,
)


class _Setting:
    """Where a story is set: its dateline, and paragraphs that set their own scene. A person the
    dictionary lacks, whom nothing else places, belongs where the story is set (the news
    convention: a datelined story's unqualified officials and residents are local), unless the
    sentence describes them as an independent expert or as press."""

    def __init__(self, text: str, party_of: Callable[[str], str | None]) -> None:
        self.text = text
        self._party_of = party_of
        dateline = _DATELINE_RE.match(text)
        self.dateline = party_of(dateline.group(1)) if dateline else None
        self._scenes: dict[int, list[tuple[int, str]]] = {}

    def party_at(self, start: int, end: int) -> str:
        text = self.text
        # a place in the name's own apposition speaks first: "said Pell Oranto, the mayor of
        # Vessa" is Vessa's, wherever the story is set
        own = _APPOSITION_PLACE_RE.match(text, end)
        if own is not None and (party := self._party_of(own.group(1))) is not None:
            return party
        para_start = text.rfind("\n", 0, start) + 1
        party = self._scene(para_start, start) or self.dateline
        if party is None:
            return UNKNOWN_PARTY
        para_end = text.find("\n", end)
        sentence_end = min(
            (k for k in (text.find(". ", end, end + 300), para_end) if k >= 0),
            default=min(len(text), end + 300),
        )
        if _NEUTRAL_ROLE_RE.search(text, max(para_start, start - 80), sentence_end):
            return UNKNOWN_PARTY
        return party

    def _scene(self, para_start: int, start: int) -> str | None:
        """The party of the first scene set in the paragraph before `start` (scenes found once
        per paragraph)."""
        scenes = self._scenes.get(para_start)
        if scenes is None:
            text = self.text
            para_end = text.find("\n", para_start)
            scenes = self._scenes[para_start] = []
            for match in _SCENE_RE.finditer(
                text, para_start, para_end if para_end >= 0 else len(text)
            ):
                # a scene opens the paragraph or a clause, outside anyone's quoted words ("In
                # Dorn, …", "Across the line, in the Veldanian village of …"; not "a conference
                # in Dorn", "“In Dorn, nobody …”")
                before = text[para_start : match.start()].rstrip()
                if _QUOTE_OPENERS.intersection(before):
                    continue
                if before and not before.endswith((",", ".", ";")):
                    continue
                party = self._party_of(match.group(1) or match.group(2))
                if party is not None:
                    scenes.append((match.start(), party))
        return next((party for at, party in scenes if at < start), None)


# An unnamed source without a nationality word: "a ministry official", "A spokesman", "a police
# spokesman", "a senior member of the delegation" (not "a person familiar with …": no party)
_SOURCE_HEADS = (
    "official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "diplomat",
    "aide",
    "adviser",
    "advisor",
    "negotiator",
    "delegate",
    "source",
)
_UNNAMED_SOURCE_RE = re.compile(
    r"(?<![\w])[Aa]n?[ \t]+(?:(?:senior|top|junior|high-ranking|former|government|ministry|"
    r"police|army|military|navy|embassy|party|commission|delegation|presidential|palace)[ \t]+)*"
    r"("
    + "|".join(_SOURCE_HEADS)
    + r"|member[ \t]+of[ \t]+the[ \t]+(?:[a-z]+[ \t]+)?(?:delegation|team|"
    r"government|cabinet|secretariat|commission))(?![\w])"
)
# the words such a source holds (a quick test of whether a text can hold one)
_SOURCE_NOUNS = frozenset((*_SOURCE_HEADS, "member"))
# where an unnamed source is: "a diplomat| in |Aubrel", "an official| at the |Oskarian embassy"
_SOURCE_PLACE_RE = re.compile(r"[ \t]+(?:in|at|from|of|with)[ \t]+(?:the[ \t]+)?(?=[A-Z])")
_SOURCE_BODY_WORDS = ("ministry", "embassy", "commission", "delegation", "government", "party")


def _party_named_before(
    text: str, found: list[Mention], starts: list[int], start: int, phrase: str
) -> str:
    """The party of an unnamed source from what was named before it: the body its own words
    name ("a ministry official" after "the Oskarian Foreign Ministry"), else the institution
    named last in its paragraph ("The secretariat declined to comment. A spokesman said …")."""
    body = next((w for w in _SOURCE_BODY_WORDS if w in phrase.lower()), None)
    para_start = text.rfind("\n", 0, start) + 1
    for k in range(bisect_left(starts, start) - 1, -1, -1):
        m = found[k]
        if m.start < start - 20_000:
            break  # (a long page is read in linear time)
        if m.end > start or m.party == UNKNOWN_PARTY:
            continue
        if body is not None:
            if body in text[m.start : m.end].lower():
                return m.party
        elif m.start < para_start:
            break
        elif m.kind == "institution":
            return m.party
    return UNKNOWN_PARTY


def _unnamed_sources(text: str, found: list[Mention], setting: _Setting) -> Iterator[Mention]:
    """Unnamed sources the words around them do not place: of the party of the institution
    named last in the paragraph ("The Commission secretariat declined to comment. A spokesman
    said …"), else of where the story is set; ``Unknown`` when neither tells."""
    starts = [m.start for m in found]
    for match in _UNNAMED_SOURCE_RE.finditer(text):
        start, end = match.span()
        where = _SOURCE_PLACE_RE.match(text, end)
        if where is not None:
            # "a diplomat in Aubrel", "a senior official in Venn's ministry": that place's or
            # body's party, or none
            k = bisect_left(starts, where.end())
            after = found[k] if k < len(found) and found[k].start == where.end() else None
            # (a city says where a diplomat is posted, not whose diplomat: "a diplomat in Dorn")
            placed = after is not None and after.how != "place"
            party = after.party if after is not None and placed else UNKNOWN_PARTY
        else:
            party = _party_named_before(text, found, starts, start, match.group(0))
            if party == UNKNOWN_PARTY:
                party = setting.party_at(start, end)
        phrase = " ".join(text[start:end].split())
        yield Mention(start, end, phrase[0].lower() + phrase[1:], party, "group", "person")


# What stands between a known speaker and an unknown name that belongs to them: a role after a
# possessive ("Venn’s deputy, |…", "Venn's chief of staff, |…"; not "Venn's rival, |…"), or a
# body's role noun ("Commission spokesman |…")
_POSSESSIVE_OWNER_GAP_RE = re.compile(
    r"[’']s[ \t]+(?:(?:"
    + "|".join(sorted(TITLE_WORDS | SPEAKER_NOUNS | POSSESSED_PEOPLE, key=len, reverse=True))
    + r")(?:[ \t]+(?:of|to|for)(?:[ \t]+[a-z]+){1,2})?),[ \t]+$",
    re.IGNORECASE,
)
_ROLE_WORDS = frozenset(TITLE_WORDS | SPEAKER_NOUNS)
_ROLE_OWNER_GAP_RE = re.compile(
    r"[ \t]+(?:(?:" + "|".join(sorted(_ROLE_WORDS, key=len, reverse=True)) + r")[ \t]+){1,3}$",
    re.IGNORECASE,
)


def _party_of_owner(text: str, start: int, known: dict[int, Mention]) -> str:
    """The party of the known speaker an unknown name at `start` belongs to: a possessive
    ("Venn’s deputy, Pell Oranto"), an apposition after a role the dictionary knows as
    possessed ("Venn’s chief of staff, Pell Oranto") or a body's role noun ("Commission
    spokesman Pell Oranto"); UNKNOWN_PARTY when there is none. `known` maps the end offsets of
    known mentions to them."""
    before = text[max(0, start - 50) : start]
    bare = before.rstrip(" \t")
    if not bare or len(bare) == len(before):
        return UNKNOWN_PARTY  # the name does not follow a word and a space
    if bare.endswith(","):
        comma = start - len(before) + len(bare) - 1
        owner = known.get(comma)
        # "Venn’s chief of staff, Pell Oranto"; not "Venn, Pell Oranto and …" (a list)
        if owner is not None and owner.speaker.endswith(_POSSESSED_PEOPLE):
            return owner.party
        gap = _POSSESSIVE_OWNER_GAP_RE.search(before)
    elif bare.rsplit(None, 1)[-1].lower() in _ROLE_WORDS:
        gap = _ROLE_OWNER_GAP_RE.search(before)
    else:
        return UNKNOWN_PARTY
    if gap is not None:
        owner = known.get(start - len(before) + gap.start())
        if owner is not None:
            return owner.party
    return UNKNOWN_PARTY


# "a |Venn| adviser": an indefinite article before a name, a person's noun after it
_INDEFINITE_BEFORE_RE = re.compile(r"(?<![\w])an?[ \t]+$", re.IGNORECASE)
_POSSESSED_BARE_RE = re.compile(
    r"[ \t]+(?:(?:"
    + "|".join(POSSESSIVE_MODIFIERS)
    + r")[ \t]+)?("
    + "|".join(sorted(POSSESSED_PEOPLE, key=len, reverse=True))
    + r")\b"
)


def _capitalised_name_at(text: str, pos: int) -> int | None:
    """End offset of a capitalised personal name starting right after `pos`, if there is one."""
    match = _NAME_AFTER_RE.match(text, pos)
    if not match:
        return None
    tokens = match.group(1).split()
    kept: list[str] = []
    for token in tokens:
        if token in NOT_NAMES:
            break
        kept.append(token)
    if not kept:
        return None
    end = match.start(1) + len(" ".join(kept))
    if text.startswith(("’s", "'s"), end - 2) and len(kept[-1]) > 3:
        end -= 2  # "Foreign Minister Ana Pol’s office": the name is Ana Pol
    return end


def _plausible_surname(text: str, start: int, name: str) -> bool:
    """A lone capitalised word may be a surname unless it opens a sentence ("Writing on X, …",
    "Asked about …" are not names)."""
    i = start  # walk back over spaces and opening marks, without copying the text before
    while i > 0 and text[i - 1] in " \t“‘\"'(":
        i -= 1
    return i > 0 and text[i - 1] not in ".!?:;\n"


# Longest first, and whole words only: with "de" tried before "der", "Ilse von der Maar" stopped
# at "Ilse von de" (a set's order changes with Python's hash seed).
_PARTICLE = "(?:" + "|".join(sorted(NAME_PARTICLES, key=lambda p: (-len(p), p))) + r")\b"
_NAME_WORD = _CAP_TOKEN + r"(?:[ \t]+" + _PARTICLE + r")*"  # a capitalised word and its particles
_CAPITALISED_NAME_RE = re.compile(_NAME_WORD + r"(?:[ \t]+" + _NAME_WORD + r")*")


def _capitalised_names(text: str, taken: bytearray | None = None) -> Iterable[tuple[int, int]]:
    """Spans of capitalised word sequences that look like personal names (none wholly inside
    `taken`, the spans already claimed by known speakers).

    A possessive splits a sequence and is left out of the name: "Tarvossa’s Foreign Minister
    Lúcia Tavener" gives Tarvossa and the minister, "Dorn’s demands" gives Dorn; a single word
    after a possessive is a thing ("the People's Convocation", "Veldania's Parliament"). A plural
    possessive joins what it owns into one name: "the Grain Exporters’ Association"."""
    owner = -1  # where a sequence before a plural possessive starts ("|Grain Exporters’ …")
    for match in _CAPITALISED_NAME_RE.finditer(text):
        start, end = match.span()
        if owner >= 0 and text[start - 2 : start] in ("’ ", "' "):
            start = owner
        owner = -1
        if text.startswith(("’ ", "' "), end) and text[end + 2 : end + 3].isupper():
            owner = start  # the rest follows in the next match
            continue
        if taken is not None and all(taken[start:end]):
            continue
        surface = text[start:end]
        if "’s" in surface or "'s" in surface:
            yield from _possessive_parts(text, start, end)
            continue
        words = surface.split()
        trimmed = _trim_name(words, codes=_DIGIT_RE.search(surface))
        if trimmed is None:
            continue
        lo, hi = trimmed
        if " ".join(words) == surface:  # single spaces, the common case: offsets by counting
            first = start + sum(len(w) + 1 for w in words[:lo])
            yield first, first + len(" ".join(words[lo:hi]))
        else:  # the words' own offsets, whatever spaces lie between
            spans = [t.span() for t in _TOKEN_RE.finditer(text, start, end)]
            yield spans[lo][0], spans[hi - 1][1]


def _trim_name(words: list[str], *, codes: object) -> tuple[int, int] | None:
    """The words of a capitalised sequence that may be a name, as (first, end) indexes: words
    capitalised for other reasons trimmed from either end; None when none is left, or when a word
    is in capitals ("NATO") or makes it a place, a body, an event or a medium ("Kursk Region",
    "Red Square", "Truth Social", "RIA Novosti"), or a word mixes letters and digits ("Lv8aQ2";
    looked for only when `codes`: the sequence has a digit)."""
    lo, hi = 0, len(words)
    while lo < hi and (
        words[lo] in NOT_NAMES or words[lo].isupper() or words[lo].lower() in PARTY_LABEL_WORDS
    ):
        lo += 1  # "On Monday", "NATO Secretary-General …", "Labour MP …"
    while hi > lo and (words[hi - 1] in NOT_NAMES or words[hi - 1].lower() in NAME_PARTICLES):
        hi -= 1
    tokens = words[lo:hi]
    if not tokens:
        return None
    body = False
    for t in tokens:
        if (t.isupper() and len(t) > 1) or (codes and _CODE_RE.match(t)):
            return None  # "NATO", "Lv8aQ2"
        body = body or t.lower().strip("’'") in NOT_PERSON_WORDS
    if body:
        k = 0  # ("Chief of Staff Anatol Vyrubin": a title may share a word with a body)
        while k < len(tokens) and tokens[k].lower().rstrip(".") in TITLE_WORDS:
            k += 1
        bodies = [
            j for j in range(k, len(tokens)) if tokens[j].lower().strip("’'") in NOT_PERSON_WORDS
        ]
        if bodies:
            # a body or place before a name ("Assembly Ada Lorne" from "Speaker of the Assembly
            # Ada Lorne"): the name after it, when two words or more remain
            if bodies[-1] < len(tokens) - 2:
                return lo + bodies[-1] + 1, hi
            return None
    return lo, hi


def _possessive_parts(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The names in a capitalised sequence with possessives in it (see `_capitalised_names`)."""
    spans = [t.span() for t in _TOKEN_RE.finditer(text, start, end)]
    part: list[tuple[int, int]] = []
    after_possessive = False
    for a, b in spans:
        owner = text.startswith(("’s", "'s"), b - 2) and b - a > 3
        part.append((a, b - 2) if owner else (a, b))
        if owner or (a, b) == spans[-1]:
            words = [text[x:y] for x, y in part]
            trimmed = _trim_name(words, codes=True)
            if trimmed is not None and not (after_possessive and trimmed[1] - trimmed[0] == 1):
                yield part[trimmed[0]][0], part[trimmed[1] - 1][1]
            part, after_possessive = [], owner


# Links, handles and hashtags: "https://…", "www.…", "pic.murmur.com/Lv8aQ2", "murm.ly/Kx41p",
# "chirp.com", "press@vessa.gov", "@VennOffice", "#23Home". Found from the characters that mark them
# ("/", "@", "#", "www.", a dot before a top-level domain), each grown to the whole word around it.
_LINK_MARK_RE = re.compile(r"[/@#]|www\.|\.(?:com|org|net|ly|io|gov|int|info|app)\b", re.IGNORECASE)
_LINK_RE = re.compile(
    r"(?:\w+:/+|www\.)\S+"  # https://…, www.…
    r"|[@#]\w+"  # @handle, #hashtag
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|[\w-]+(?:\.[\w-]+)+/\S*"  # pic.murmur.com/Lv8aQ2, murm.ly/Kx41p
    r"|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|ly|io|gov|int|info|app)",  # chirp.com
    re.IGNORECASE,
)
# a literal first character lets the engine skip to each dot
_TLD_RE = re.compile(r"\.(?:com|org|net|ly|io|gov|int|info|app)\b")
_LINK_TRIM = "()[]{}<>“”‘’\"'«».,;:!?"


def _link_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where links, handles and hashtags are in `text` (whole words: no part of one is a name)."""
    if not ("/" in text or "@" in text or "#" in text or _TLD_RE.search(text)):
        return  # most articles have none, and these tests are much faster than the pattern
    last = -1
    for mark in _LINK_MARK_RE.finditer(text):
        if mark.start() < last:
            continue  # inside the word already found
        start, end = mark.start(), mark.end()
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        while start < end and text[start] in _LINK_TRIM:
            start += 1
        while end > start and text[end - 1] in _LINK_TRIM:
            end -= 1
        last = end
        if _LINK_RE.fullmatch(text, start, end):
            yield start, end


def plausible_speaker(name: str) -> bool:
    """Whether a speaker's name, as written, can name a person, an institution, a government or
    a document: not a link, handle or hashtag ("pic.murmur.com/Lv8aQ2", "@VennOffice"), not a
    possessive ("Dorn’s"), a medium ("Radio Nord", "Strait Wire"), a venue ("the Commons",
    "Guild Hall") or a party label ("Labour", "the Iron Front", "National Renewal party").

    The words around a name tell more (`Actors.find` reads them); this reads the name alone, for
    lists of speakers such as the report's.
    """
    name = " ".join(name.split())
    if not name or not any(c.isalpha() for c in name) or any(_link_spans(name)):
        return False
    if name.endswith(("’s", "'s", "’", "'")):
        return False
    if _CODE_RE.search(name):
        return False
    words = [w.lower().strip("’'.,") for w in name.split()]
    the = words[0] == "the"
    words = words[1:] if the else words
    if not words or any(w in MEDIA_WORDS for w in words) or words[-1] in PARTY_LABEL_NOUNS:
        return False
    if words[-1] in VENUE_NOUNS and the:
        return False  # "the Guild Hall" (but Tony Hall, and Park or Church alone: surnames)
    if any(w in VENUE_NOUNS and w in NOT_PERSON_WORDS for w in words):
        return False  # "Villa Orsana", "the Commons"
    return not all(w in PARTY_LABEL_WORDS for w in words)


# A word with digits among lower-case letters is a code or a piece of a link, not a name: "Lv8aQ2"
_DIGIT_RE = re.compile(r"\d")
_CODE_RE = re.compile(r"\b(?=[\w’'-]*\d)(?=[\w’'-]*[a-z])[\w’'-]+")
# a word shaped like a nationality: "Veldanian", "Quillonese", "Zhelgoran"
_DEMONYM_RE = re.compile(r"(?:an|ese|ish|i|ic)$")
_MODIFIED = (
    MODIFIED_NOUNS | SPEAKER_NOUNS | {n.split()[0] for n in GROUP_NOUNS} | PREMODIFIER_WORDS
) - {"a", "an", "the", "one", "two", "three", "several", "some", "other", "another"}
# Words after "the Concord" that make it a subject rather than a word describing the noun after
# it ("the Concord said", "the Mission, which", but "the Kostrel enrichment site"): verbs (and
# those in -ed, -s, and adverbs in -ly), small words and prepositions.
_NOT_NOUNS = (
    PREPOSITIONS
    | set(AUXILIARIES)
    | set(FILLER_WORDS)
    | set(IRREGULAR_PAST)
    | {v for v in SPEECH_VERBS if " " not in v}
    | {"or", "but", "nor", "who", "which", "that", "whose", "whom", "itself", "themselves"}
    | {"must", "may", "might", "should", "shall", "cannot", "as", "than", "if", "not", "never"}
)


def _is_title(word: str) -> bool:
    return word.lower().rstrip(".") in TITLE_WORDS


def _name_role(words: _Words, start: int, end: int, *, single: bool, titled: bool) -> str:
    """What the words around a capitalised name the dictionary does not know (at ``[start,
    end)`` of the text of `words`) make of it:

    - ``person``;
    - ``institution`` after "the" ("the Harbour Mission said", "the Concord"): a person takes
      no article;
    - no speaker at all: ``thing``, a medium or a vessel ("posted on Murmur", "the state news
      agency Zhel-Inform", "the survey ship Aldebarra", "Hall 4"); ``place``, a place, a venue or
      the end of a longer name ("in Tarnholm", "at the Guild Hall", "the Ministry of
      Fisheries"); ``label`` ("the National Renewal party"); ``modifier``, a word describing the
      noun after it ("a Veldanian official", "Castrovan state media", "the Kostrel enrichment
      site").

    `single` says the name is one word, `titled` that a title came before it ("the Foreign
    Minister Ana Pol" is a person)."""
    text, lower, gaps = words.text, words.lower, words.gaps
    i = bisect_left(words.starts, start)  # the name's first word
    j = bisect_left(words.starts, end)  # the word after the name
    # the two words before and the one after, where only spaces stand between
    prev = lower[i - 1] if i > 0 and gaps[i].isspace() else ""
    prev2 = words.words[i - 2] if prev and i > 1 and gaps[i - 1].isspace() else ""
    following = ""
    if j < len(lower) and j > i and gaps[j].isspace() and "\n" not in gaps[j]:
        following = lower[j] if words.words[j][0].islower() or lower[j].isdigit() else ""
    if prev in THING_NOUNS or (prev == "on" and prev2.lower() in POSTING_WORDS):
        return "thing"
    if single and following.isdigit():
        return "thing"  # "Hall 4" (not "phoned Pell Oranto 48 hours before")
    if following in PARTY_LABEL_NOUNS:
        return "label"
    if single and following in _MODIFIED and _DEMONYM_RE.search(text, start, end):
        return "modifier"
    if titled:
        return "person"
    if prev == "the":
        if lower[j - 1] in VENUE_NOUNS or prev2.lower() in LOCATIVE_PREPOSITIONS:
            return "place"
        if following and following not in _NOT_NOUNS and not following.endswith(("ed", "s", "ly")):
            return "modifier"
        return "institution"
    if text.startswith(("’s", "'s"), end):
        return "person"  # a possessive: "in Kesk’s view"
    if prev == "of" and prev2[:1].isupper() and (single or prev2.lower() in NOT_PERSON_WORDS):
        return "place"  # the rest of a longer name: "the Ministry of Fisheries", "Union of …"
    if prev in LOCATIVE_PREPOSITIONS:
        return "place"  # "in Tarnholm", "at Villa Orsana"
    return "person"


# --------------------------------------------------------------------------------------------
# Parsing the YAML


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise StanceError(f"{path}: cannot read actor dictionary: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise StanceError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict):
        raise StanceError(f"{path}: an actor dictionary is a mapping with `parties` and `actors`")
    unknown = set(doc) - {"parties", "actors"}
    if unknown:
        raise StanceError(
            f"{path}: unknown top-level key(s) {', '.join(sorted(unknown))}; "
            "valid keys: parties, actors"
        )
    return doc


def _strings(value: Any, source: Path, where: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise StanceError(f"{source}: {where}: expected a list of strings, got {value!r}")
    return tuple(value)


def _merge(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*old, *new)))


def _date(value: Any, source: Path, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise StanceError(f"{source}: {where}: {value!r} is not a date (YYYY-MM-DD)") from exc


def _parse_actor(spec: Any, source: Path, index: int) -> Actor:
    if (
        not isinstance(spec, dict)
        or not str(spec.get("name") or "").strip()
        or not str(spec.get("party") or "").strip()
    ):
        raise StanceError(f"{source}: actor #{index}: needs at least `name` and `party`")
    name = str(spec["name"])
    where = f"actor {name!r}"
    kind = str(spec.get("kind", "person"))
    if kind not in KINDS:
        raise StanceError(f"{source}: {where}: kind {kind!r}; valid kinds: {', '.join(KINDS)}")
    gender = spec.get("gender")
    if gender is not None and gender not in ("m", "f"):
        raise StanceError(f"{source}: {where}: gender {gender!r}; valid: m, f")
    roles = []
    for r_index, role in enumerate(spec.get("roles") or [], start=1):
        if not isinstance(role, dict) or not role.get("titles"):
            raise StanceError(f"{source}: {where}: role #{r_index} needs `titles`")
        roles.append(
            Role(
                _strings(role["titles"], source, f"{where} role #{r_index}"),
                _date(role.get("from"), source, f"{where} role #{r_index} `from`"),
                _date(role.get("to"), source, f"{where} role #{r_index} `to`"),
            )
        )
    return Actor(
        name=name,
        party=str(spec["party"]),
        kind=kind,
        gender=gender,
        aliases=_strings(spec.get("aliases"), source, where),
        roles=tuple(roles),
    )
