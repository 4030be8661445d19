"""A posting's terms, ranked offline: the keywords of a job that names none.

Single words and two-word phrases are counted with stop words (stopwordsiso), English job-ad
boilerplate, numbers, URLs and e-mail addresses left out. An occurrence written as a name
("PyTorch", "C++", "Go" inside a sentence, see :class:`_Word`) counts twice, and keeps a stop
word ("Go", "R") a term. A phrase that occurs at least twice is one term and takes its words'
counts; a word of it stays only if it also occurs twice on its own. Each term comes in the form
the posting uses most. Words are counted as written (case aside), then merged by stem, so
"system" and "systems" are one term; stemming only the words that may merge keeps a
10,000-word posting fast with the pure-Python stemmer.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from cvbuilder.apply.words import (
    ACRONYMS,
    NO_SPACES,
    NOUNS_CAPITALISED,
    WORD,
    Stems,
    boilerplate,
    normalise,
    primary,
    stop_words,
    unbreak,
)

_TERM = re.compile(rf"(?:(?<![^\s(/,])\.)?{WORD}(?:[.\-&]{WORD})*(?:\+\+?|#)?")
"""A term of a posting: hyphens, dots and & stay inside ("scikit-learn", ".NET", "R&D")."""
_PARTS = re.compile(r"[.\-]")
_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_SENTENCE = frozenset(".!?:;•·|")
_ALONE = re.compile(r"[ \t]*(?:$|[,/;)&|]|(?:and|or)\b)")
"""What follows a list item: at a line's start "- Go" and "Go, Rust" name Go, "Go to" not."""
_NOT_HEADING = re.compile(r"[,;/]|:\s*\S")
_LETTER_WORD = re.compile(r"[^\W\d_]\S*")
_QUANTITY = re.compile(r"\W*\d[\d.,]*(?:k|m|bn?|x|st|nd|rd|th|s)?\+?", re.IGNORECASE)
"""A number alone, or a quantity: "2023", "5+", "320K+", "10x", "1990s"."""


@dataclass
class _Count:
    """How often a term occurs, how often written as a name, and in which forms."""

    first: int
    n: int = 0
    named: int = 0
    forms: Counter[str] = field(default_factory=Counter)

    def add(self, form: str, named: bool, initial: bool) -> None:
        self.n += 1
        self.named += named
        self.forms[form] += 0.5 if initial else 1  # "Open source" at a bullet's start

    def merge(self, other: _Count) -> None:
        self.first = min(self.first, other.first)
        self.n += other.n
        self.named += other.named
        self.forms.update(other.forms)

    def form(self) -> str:
        """The form the posting uses most, sentence starts counting half; the first of equals."""
        return max(self.forms, key=self.forms.__getitem__)


@dataclass(frozen=True, slots=True)
class _Word:
    """What a posting's word is wherever it stands (the line and the sentence decide the rest)."""

    key: str  # lowercase, no leading dot, no acronym's s: "PyTorch" is "pytorch", "GPUs" "gpu"
    dropped: bool  # a number, a quantity or boilerplate: never a term
    common: bool  # a stop word, or all its parts are: a term only when written as a name
    marked: bool  # a digit, C++ or C#: a name anywhere
    inner: bool  # an inner capital (PyTorch, CUDA, gRPC): a name unless the line shouts
    capital: bool  # one part, capitalised: a name inside a sentence

    @classmethod
    def of(cls, word: str, stop: frozenset[str], boiler: frozenset[str]) -> _Word:
        parts = _PARTS.split(word.lstrip("."))
        lower = word.lower()
        return cls(
            key=(lower[:-1] if ACRONYMS.fullmatch(word) else lower).lstrip("."),
            dropped=bool(_QUANTITY.fullmatch(word)) or lower in boiler,
            common=lower in stop or all(p.lower() in stop or len(p) < 2 for p in parts),
            marked=word.endswith(("++", "#"))
            or (word[-1] == "+" and len(word) <= 3)
            or any(c.isdigit() for c in word),
            inner=any(len(p) > 1 and not p[1:].islower() for p in parts),
            capital=len(parts) == 1 and word[0].isupper(),
        )


_ITEM = re.compile(r"^\s*(?:[-*•·–]|\d+[.)])\s")
WRAPPED = 40
"""A line at least this long that runs on into the next (no colon, the next no list item) was
wrapped inside a paragraph (a posting pasted into a YAML block): a phrase may cross it."""


def unwrap(text: str) -> str:
    """Paragraphs on one line each; headings, list items and short lines stay lines."""
    out: list[str] = []
    for line in text.split("\n"):
        last = out[-1].strip() if out else ""
        if (
            len(last) >= WRAPPED
            and line.strip()
            and not last.endswith(":")
            and not _ITEM.match(line)
        ):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def extract(posting: str, language: str = "en", limit: int = 20) -> list[str]:
    """The posting's likely keywords, most frequent first (then first seen), at most
    ``limit``; [] for a language written without spaces (name the keywords in the job file)."""
    code = primary(language)
    if limit <= 0 or code in NO_SPACES:
        return []
    stop, boiler = stop_words(language), boilerplate(language)
    known: dict[str, _Word] = {}
    words: dict[str, _Count] = {}
    pairs: dict[tuple[str, str], _Count] = {}
    seen = 0
    for line in unwrap(unbreak(normalise(posting))).splitlines():
        if "@" in line or "://" in line or "www." in line:
            line = _URL.sub(" | ", line)
        several = len(line.split()) > 1
        shouting = several and line.upper() == line
        heading = several and not _NOT_HEADING.search(line)
        heading = heading and all(w[0].isupper() for w in _LETTER_WORD.findall(line))
        capitals = code not in NOUNS_CAPITALISED and not heading and not shouting
        previous: tuple[str, str, bool, bool] | None = None
        initial, end = True, 0
        for m in _TERM.finditer(line):
            gap, end, text = line[end : m.start()], m.end(), m[0]
            initial = initial or not _SENTENCE.isdisjoint(gap)
            if gap.strip(" \t"):
                previous = None
            if (word := known.get(text)) is None:
                word = known[text] = _Word.of(text, stop, boiler)
            named = word.marked or (word.inner and not shouting)
            named = named or (word.capital and capitals and not initial)
            listed = word.capital and capitals and initial and _ALONE.match(line, end)
            if word.dropped or (word.common and not (named or listed)):
                previous, initial = None, False
                continue
            if (count := words.get(word.key)) is None:
                count = words[word.key] = _Count(seen)
            count.add(text, named, initial)
            if previous is not None and previous[0] != word.key:
                if (pair := pairs.get(twin := (previous[0], word.key))) is None:
                    pair = pairs[twin] = _Count(seen - 1)
                pair.add(f"{previous[1]} {text}", named or previous[2], previous[3])
            previous, seen, initial = (word.key, text, named, initial), seen + 1, False
    return _rank(*_by_stem(words, pairs, Stems(language)), limit)


def _key(word: str, stem: Stems) -> str:
    """A term's stem: its parts' stems ("distributed-systems" → "distribut-system")."""
    return "-".join(stem(p) for p in _PARTS.split(word))


def _starts(word: str) -> tuple[str, ...]:
    """The beginnings a word shares with the words it may share a stem with."""
    return (word[:4], "\0" + word[:3]) if len(word) <= 4 else (word[:4],)


def _by_stem(
    words: dict[str, _Count], pairs: dict[tuple[str, str], _Count], stem: Stems
) -> tuple[dict[str, _Count], dict[tuple[str, str], _Count]]:
    """The counts merged by stem ("system" with "systems"). Words with one stem share their
    first four letters, or three when short ("api", "apis"): only such words are stemmed."""
    starts = Counter(s for k in words for s in _starts(k))
    fold = {k: _key(k, stem) for k in words if any(starts[s] > 1 for s in _starts(k))}
    merged: dict[str, _Count] = {}
    for k, c in words.items():
        if (into := merged.get(s := fold.get(k, k))) is None:
            merged[s] = c
        else:
            into.merge(c)
    twins: dict[tuple[str, str], _Count] = {}
    for (a, b), c in pairs.items():
        if (into := twins.get(ab := (fold.get(a, a), fold.get(b, b)))) is None:
            twins[ab] = c
        else:
            into.merge(c)
    return merged, twins


def _rank(words: dict[str, _Count], pairs: dict[tuple[str, str], _Count], limit: int) -> list[str]:
    """Phrases that recur, then words, by score (count plus named count; a phrase half a point
    ahead of a word), then by first occurrence."""
    phrases = {k: c for k, c in pairs.items() if c.n >= 2}
    inside: Counter[str] = Counter()
    for (a, b), c in phrases.items():
        inside[a] += c.n
        inside[b] += c.n
    ranked = [(c.n + c.named + 0.5, c.first, 0, c) for c in phrases.values()]
    for k, c in words.items():
        alone = c.n - inside[k]
        if k not in inside or alone >= 2:
            ranked.append((alone + min(alone, c.named), c.first, 1, c))
    ranked.sort(key=lambda r: (-r[0], r[1], r[2]))
    return [r[3].form() for r in ranked[:limit]]
