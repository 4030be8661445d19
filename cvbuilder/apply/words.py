"""Words of a posting or a résumé, read the same way on both sides: normalised as a PDF's text
layer needs (ligatures, zero-width characters, words hyphenated across a line end), cut into
tokens, stemmed with Snowball, and the stop words and job-ad boilerplate to leave out when
ranking a posting's terms."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import snowballstemmer
import stopwordsiso

from cvbuilder.tex.scripts import CJK_BLOCKS

CJK = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in CJK_BLOCKS)
"""Chinese, Japanese and Korean characters (regular-expression class body): scripts written
without spaces, so a keyword in them matches as a substring and they are never a token."""
HAS_CJK = re.compile(f"[{CJK}]")
WORD = rf"[^\W_{CJK}]+"
TOKEN = re.compile(rf"{WORD}(?:\+\+?|#)?")
"""A token: letters and digits with a trailing ``+``, ``++`` or ``#`` (C++, C#, F#); anything
else (hyphens, dots, slashes, underscores) splits tokens."""

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SOFT_BREAK = re.compile("\u00ad[ \t]*\r?\n[ \t]*")
_LINE_HYPHEN = re.compile(r"-[ \t]*\r?\n[ \t]*(?=[^\W\d_])")

SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "fa": "persian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip
"""ISO 639-1 code → Snowball algorithm (used when the installed snowballstemmer has it)."""

NO_SPACES = frozenset({"zh", "ja", "ko", "th", "lo", "km", "my"})
"""Languages written without spaces between words: no terms can be cut out of them."""
NOUNS_CAPITALISED = frozenset({"de", "lb"})
"""Languages that capitalise every noun, so a capital says nothing about a technical term."""

NOT_STOP = frozenset(
    {"computer", "system", "research", "test", "information", "web", "website", "html", "http"}
    | {"microsoft", "net", "text", "index", "open"}
)
"""Words the English stopwordsiso list has that name skills in a posting ("computer
vision", "distributed system", "open source"): they stay terms."""

BOILERPLATE = frozenset(
    # the job ad's own vocabulary
    {"experience", "experiences", "experienced", "team", "teams", "ability", "able"}
    | {"strong", "work", "working", "candidate", "candidates", "role", "roles", "including"}
    | {"year", "years", "skills", "skill", "knowledge", "understanding", "familiarity"}
    | {"familiar", "proficiency", "proficient", "expertise", "expert", "excellent"}
    | {"passion", "passionate", "job", "jobs", "position", "positions", "opportunity"}
    | {"opportunities", "looking", "join", "company", "responsibilities", "requirements"}
    | {"qualifications", "required", "preferred", "plus", "bonus", "etc", "field", "ideal"}
    | {"environment", "apply", "applicant", "applicants", "remote", "hybrid", "full-time"}
    | {"part-time", "salary", "benefits", "employer", "employees", "offer", "interview"}
    | {"ensure", "provide", "contribute", "enable", "enabling", "build", "building", "grow"}
    | {"growing", "impact", "mission", "culture", "people", "world", "time", "help", "i"}
    # the equal-opportunity statement
    | {"equal", "race", "religion", "color", "colour", "national", "origin", "sex", "sexual"}
    | {"orientation", "gender", "age", "disability", "veteran", "marital", "status"}
    | {"discriminate", "diversity"}
)
"""English job-ad words that say nothing about the job's skills, left out of extract()'s
terms as written here (no stemming, so "applied" is not "apply"); a phrase such as "equal
opportunity" or "national origin" goes with its words."""


def normalise(text: str) -> str:
    """NFKC (ﬁ → fi, full-width letters → ASCII) without zero-width characters and soft
    hyphens, a soft hyphen at a line end joining its word: how a PDF's text layer reads."""
    return _INVISIBLE.sub("", _SOFT_BREAK.sub("", unicodedata.normalize("NFKC", text)))


def unbreak(text: str, hyphen: str = "") -> str:
    """Join a word hyphenated across a line end ("Kuber-\\nnetes") when a lowercase letter
    follows; "Kubernetes-\\nCluster" keeps its line. ``hyphen="-"`` keeps the hyphen instead
    ("fine-\\ntuned" → "fine-tuned"), the other way to read it."""

    def join(m: re.Match[str]) -> str:
        after, before = text[m.end()], text[m.start() - 1 : m.start()]
        return hyphen if after.islower() and before.isalpha() else m[0]

    return _LINE_HYPHEN.sub(join, text)


def primary(language: str) -> str:
    """The language subtag of a BCP 47 tag: ``pt-BR`` → ``pt``, ``zh-Hans`` → ``zh``."""
    return language.split("-")[0].lower()


@cache
def _algorithm(code: str) -> str | None:
    name = SNOWBALL.get(code)
    return name if name in snowballstemmer.algorithms() else None


ACRONYMS = re.compile(r"[A-Z][A-Z0-9]+s")
"""The plural of an acronym: GPUs, LLMs, APIs."""
_SEEN: dict[str | None, dict[str, str]] = {}
"""Stems already computed, by algorithm: a profile and its postings share their words."""
_MOST = 100_000


class Stems:
    """Lowercased, stemmed words for one language, each computed once per process (the
    pure-Python stemmer takes some 20 µs a word). Only words of letters are stemmed: "k8s" and
    "c++" stay as they are; an acronym's plural loses its s ("GPUs" is "gpu")."""

    def __init__(self, language: str) -> None:
        name = _algorithm(primary(language))
        self._stemmer = snowballstemmer.stemmer(name) if name else None
        self._seen = _SEEN.setdefault(name, {})

    def __call__(self, word: str) -> str:
        stem = self._seen.get(word)
        if stem is None:
            stem = low = word.lower()
            if ACRONYMS.fullmatch(word):  # GPUs, LLMs: Snowball keeps an s after a vowel
                stem = low[:-1]
            elif self._stemmer is not None and low.isalpha():
                stem = self._stemmer.stemWord(low)
            if len(self._seen) >= _MOST:
                self._seen.clear()
            self._seen[word] = stem
        return stem


@cache
def stop_words(language: str) -> frozenset[str]:
    """The stopwordsiso list for the language (empty when it has none), less :data:`NOT_STOP`
    for English."""
    code = primary(language)
    words = stopwordsiso.stopwords(code) if stopwordsiso.has_lang(code) else set()
    return frozenset(words - NOT_STOP if code == "en" else words)


def boilerplate(language: str) -> frozenset[str]:
    """:data:`BOILERPLATE` for an English posting; nothing for other languages."""
    return BOILERPLATE if primary(language) == "en" else frozenset()
