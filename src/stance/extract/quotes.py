"""Quotations in a text: where each quote opens, closes and runs on over paragraphs.

How quotes are found:

- Double quotation marks, curly (“…”, „…“, «…») or straight ("…"), pair up within a paragraph.
  A quote that reaches the end of a paragraph continues if the next paragraph opens with the same
  mark (the convention for quotes running over paragraphs); otherwise its closing mark is taken to
  be missing and the quote ends with the paragraph, never later. An opening mark met again before
  the closing one likewise ends the unclosed quote there.
- Single curly marks (‘…’) count as a quote only outside double quotes; inside them they are a
  quote within the quote and stay part of its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import QUOTE_MARKS, SINGLE_CLOSE, SINGLE_OPEN

__all__ = ["Quote", "find_quotes"]

_OPENER_RE = re.compile("[" + re.escape("".join(QUOTE_MARKS) + SINGLE_OPEN) + "]")
# Where the scan of a quote opened by each mark stops: a closing mark, a paragraph end, or the
# same opening mark again (a missing closing mark).
_STOP_AT = {
    opener: re.compile(
        "["
        + re.escape("".join(sorted(set(closers + "\n" + (opener if opener != '"' else "")))))
        + "]"
    )
    for opener, closers in QUOTE_MARKS.items()
}


@dataclass(frozen=True)
class Quote:
    """A quotation found in a text: its marks and the spans of its words."""

    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark; None when it was missing
    segments: tuple[tuple[int, int], ...]  # spans of quoted words (one per paragraph)

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

    @property
    def after(self) -> int:
        """Offset just past the quote (past its closing mark when it has one)."""
        return self.close + 1 if self.close is not None else self.end


def find_quotes(text: str) -> list[Quote]:
    """The top-level quotations of `text` in order (rules in the module docstring)."""
    quotes: list[Quote] = []
    i = 0
    while True:
        match = _OPENER_RE.search(text, i)
        if match is None:
            break
        i = match.start()
        ch = text[i]
        if ch == SINGLE_OPEN:
            single = _scan_single(text, i)
            if single is not None:
                quotes.append(single)
                i = single.after
            else:
                i += 1
            continue
        quote = _scan_double(text, i, ch)
        quotes.append(quote)
        i = max(quote.after, i + 1)
    return [q for q in (_trim(text, q) for q in quotes) if q is not None]


def _scan_double(text: str, i: int, opener: str) -> Quote:
    closers = QUOTE_MARKS[opener]
    stop = _STOP_AT[opener]
    n = len(text)
    segments: list[tuple[int, int]] = []
    seg_start = i + 1
    while True:
        found = stop.search(text, seg_start)
        k = found.start() if found else n
        if k < n and text[k] in closers:
            segments.append((seg_start, k))
            return Quote(i, k, tuple(segments))
        segments.append((seg_start, k))
        if k < n and text[k] == "\n":
            m = k
            while m < n and text[m].isspace():
                m += 1
            if m < n and text[m] == opener:
                seg_start = m + 1
                continue
        return Quote(i, None, tuple(segments))


def _scan_single(text: str, i: int) -> Quote | None:
    end = text.find("\n", i)
    end = len(text) if end < 0 else end
    k = text.find(SINGLE_CLOSE, i + 1, end)
    while k >= 0:
        closes = k + 1 >= len(text) or not text[k + 1].isalpha()
        if closes and k > i + 1 and not text[k - 1].isspace():
            return Quote(i, k, ((i + 1, k),))
        k = text.find(SINGLE_CLOSE, k + 1, end)
    return None


def _trim(text: str, quote: Quote) -> Quote | None:
    segments = []
    for start, end in quote.segments:
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
            end -= 1
        if end > start:
            segments.append((start, end))
    if not segments:
        return None
    return Quote(quote.open, quote.close, tuple(segments))
