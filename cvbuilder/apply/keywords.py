"""A posting's keywords, and whether a text has them: the offline text side of ``apply``.

Matching is by whole words, case-insensitive and stemmed (Snowball, for the document's
language), so "distributed systems" finds "distributed system"; a keyword of several words
matches a run of tokens. Tokens are cut as :mod:`cvbuilder.apply.words` says: "C" never
matches "C++", "scikit-learn" is "scikit learn", and text read back from a PDF is normalised
(ligatures, a word hyphenated across a line end is read both joined and unjoined). A keyword
in Chinese, Japanese or Korean matches as a substring. A keyword also matches through its
synonyms: :data:`SYNONYMS` and the job's own groups.

:func:`extract` (from :mod:`cvbuilder.apply.terms`) picks a posting's terms by frequency
when the job names no keywords.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cvbuilder.apply.terms import extract
from cvbuilder.apply.words import HAS_CJK, TOKEN, Stems, normalise, unbreak

SYNONYMS: dict[str, tuple[str, ...]] = {
    "Kubernetes": ("k8s",),
    "Go": ("Golang",),
    "JavaScript": ("JS",),
    "TypeScript": ("TS",),
    "Node.js": ("NodeJS",),
    "React": ("React.js", "ReactJS"),
    "PostgreSQL": ("Postgres",),
    "Elasticsearch": ("Elastic Search",),
    "scikit-learn": ("sklearn",),
    "machine learning": ("ML",),
    "deep learning": ("DL",),
    "reinforcement learning": ("RL",),
    "natural language processing": ("NLP",),
    "large language model": ("LLM",),
    "artificial intelligence": ("AI",),
    "retrieval-augmented generation": ("RAG",),
    "Google Cloud": ("GCP", "Google Cloud Platform"),
    "Amazon Web Services": ("AWS",),
    "Microsoft Azure": ("Azure",),
    "continuous integration": ("CI",),
    "infrastructure as code": ("IaC",),
    "site reliability engineering": ("SRE",),
    "object-oriented programming": ("OOP",),
}
"""Groups of equal terms, a term and its equivalents: abbreviations and spellings that mean
one thing in a posting ("CV" or "TF" would not, so they are not here)."""

__all__ = ["SYNONYMS", "Indexed", "Matcher", "extract"]

Key = tuple[str, ...]
_CJK_KEY = "\0"
"""First element of the key of a keyword that matches as a substring (never a stem)."""


@dataclass(frozen=True)
class _Reading:
    """One reading of a text: its tokens' spans and stems, and where each stem occurs."""

    text: str
    spans: list[tuple[int, int]]
    stems: list[str]
    at: dict[str, list[int]]

    @classmethod
    def of(cls, text: str, stem: Stems) -> _Reading:
        spans, stems, at = [], [], {}
        for i, m in enumerate(TOKEN.finditer(text)):
            spans.append(m.span())
            stems.append(s := stem(m[0]))
            at.setdefault(s, []).append(i)
        return cls(text, spans, stems, at)

    def find(self, key: Key) -> str | None:
        """The text of the first run of tokens whose stems are ``key``, spaces collapsed."""
        n = len(key)
        for i in self.at.get(key[0], ()):
            if tuple(self.stems[i : i + n]) == key:
                return " ".join(self.text[self.spans[i][0] : self.spans[i + n - 1][1]].split())
        return None


class Matcher:
    """Finds keywords in texts of one language, through one table of synonyms.

    ``language`` is a BCP 47 tag; it picks the Snowball stemmer (none for a language Snowball
    lacks: words then match exactly, case aside). ``synonyms`` are the job's own groups
    ``{term: [equivalents]}``; a group that shares a term with another (its own or built in)
    joins it, so ``{"k8s": ["kube"]}`` makes "kube" a Kubernetes too.
    """

    def __init__(
        self, language: str = "en", synonyms: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        self.language = language
        self._stem = Stems(language)
        self._keys: dict[str, Key] = {}
        groups = [[k, *v] for k, v in SYNONYMS.items()]
        groups += [[k, *([v] if isinstance(v, str) else v)] for k, v in (synonyms or {}).items()]
        self._groups = self._merge(groups)

    def key(self, term: str) -> Key:
        """What a term matches by: its tokens' stems, or its normalised text when it is CJK;
        empty for a term with no word in it, which matches nothing."""
        key = self._keys.get(term)
        if key is None:
            text = " ".join(unbreak(normalise(term)).split())
            if HAS_CJK.search(text):
                key = (_CJK_KEY, text.lower())
            else:
                key = tuple(self._stem(m[0]) for m in TOKEN.finditer(text))
            self._keys[term] = key
        return key

    def _merge(self, groups: list[list[str]]) -> dict[Key, list[str]]:
        """Key → every term of its group; groups that share a key are one (union-find)."""
        parent = list(range(len(groups)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        owner: dict[Key, int] = {}
        for i, group in enumerate(groups):
            for term in group:
                if key := self.key(term):
                    parent[root(i)] = root(owner.setdefault(key, i))
        merged: dict[int, list[str]] = {}
        for i, group in enumerate(groups):
            merged.setdefault(root(i), []).extend(group)
        return {key: merged[root(i)] for key, i in owner.items()}

    def variants(self, keyword: str) -> list[str]:
        """The keyword, then each synonym that matches differently: what a message names."""
        out, seen = [keyword], {self.key(keyword)}
        for term in self._groups.get(self.key(keyword), ()):
            if (key := self.key(term)) not in seen:
                seen.add(key)
                out.append(term)
        return out

    def index(self, text: str) -> Indexed:
        """Read ``text`` once, for any number of look-ups."""
        return Indexed(self, text)


class Indexed:
    """A text read by a :class:`Matcher`: ask whether it has a keyword, and in which form."""

    def __init__(self, matcher: Matcher, text: str) -> None:
        self._matcher = matcher
        text = normalise(text)
        self._text = unbreak(text)
        self._readings = [_Reading.of(self._text, matcher._stem)]
        if self._text != text:  # "fine-\ntuned" is also "fine-tuned"
            self._readings.append(_Reading.of(unbreak(text, "-"), matcher._stem))

    def has(self, keyword: str) -> bool:
        """True when the keyword or one of its synonyms occurs in the text."""
        return self.where(keyword) is not None

    def where(self, keyword: str) -> str | None:
        """The form the text uses ("k8s" for "Kubernetes"), or None when it has none."""
        for term in self._matcher.variants(keyword):
            key = self._matcher.key(term)
            if key and key[0] == _CJK_KEY:
                pattern = r"\s*".join(map(re.escape, key[1].split()))
                if m := re.search(pattern, self._text, re.IGNORECASE):
                    return m[0]
            elif key:
                for reading in self._readings:
                    if (found := reading.find(key)) is not None:
                        return found
        return None
