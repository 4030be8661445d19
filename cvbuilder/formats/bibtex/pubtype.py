"""The publication type of an entry: from its type, else from its venue."""

from __future__ import annotations

import re

CONFERENCE_ACRONYMS = [
    "NeurIPS",
    "NIPS",
    "ICML",
    "ICLR",
    "CVPR",
    "ICCV",
    "ECCV",
    "AAAI",
    "IJCAI",
    "ACL",
    "EMNLP",
    "NAACL",
    "COLING",
    "EACL",
    "KDD",
    "WWW",
    "SIGIR",
    "SIGMOD",
    "VLDB",
    "ICDE",
    "MLSys",
    "OSDI",
    "SOSP",
    "NSDI",
    "EuroSys",
    "ASPLOS",
    "ISCA",
    "MICRO",
    "HPCA",
    "PPoPP",
    "ICDCS",
    "INFOCOM",
    "MobiCom",
    "SIGCOMM",
    "UAI",
    "AISTATS",
    "COLT",
    "CoRL",
    "ICRA",
    "IROS",
    "MICCAI",
    "WACV",
    "BMVC",
    "ICASSP",
    "Interspeech",
    "DAC",
    "ICCAD",
    "ICPP",
    "IPDPS",
    "HPDC",
    "CIKM",
    "WSDM",
    "RecSys",
    "ICDM",
    "SDM",
    "ECML",
    "CHI",
    "UIST",
    "SIGGRAPH",
    "ATC",
    "FAST",
    "SoCC",
    "e-Energy",
    "IWQoS",
    "ICPADS",
    "HPCC",
]
_CONF_RX = re.compile(
    r"\b(" + "|".join(map(re.escape, CONFERENCE_ACRONYMS)) + r")\b"
    r"|conference|proceedings|\bproc\.|symposium|\bsymp\.|\bconf\b"
    r"|neural information processing systems"
    r"|acm multimedia|\bacm ?mm\b",
    re.IGNORECASE,
)
_JOURNAL_RX = re.compile(
    r"journal|transactions|\btrans\.|letters|review|magazine|\bj\.|annals|foundations and trends",
    re.IGNORECASE,
)
_REPORT_RX = re.compile(r"technical report|tech\. ?rep|colloquium comput|\beccc\b", re.IGNORECASE)
_PREPRINT_RX = re.compile(r"arxiv|corr\b|preprint|biorxiv|medrxiv|ssrn|techrxiv", re.IGNORECASE)
_TYPES = {
    "conference",
    "journal",
    "workshop",
    "preprint",
    "blog",
    "thesis",
    "book",
    "chapter",
    "patent",
    "report",
    "talk",
    "other",
}


def _infer_type(
    entry_type: str, venue: str, fields: dict[str, str], venue_key: str | None = None
) -> str:
    """The publication type, from the venue when the entry type cannot be trusted (al-folio
    types everything @article; some files put a journal in @inproceedings)."""
    explicit = fields.get("pubtype", "").strip().lower()
    if explicit in _TYPES:
        return explicit
    et = entry_type.lower()
    fixed = {
        "phdthesis": "thesis",
        "mastersthesis": "thesis",
        "thesis": "thesis",
        "book": "book",
        "incollection": "chapter",
        "inbook": "chapter",
        "techreport": "report",
        "report": "report",
        "patent": "patent",
    }
    if et in fixed:
        return fixed[et]
    text = " ".join([venue, fields.get("abbr", "")])
    if re.search(r"workshop", text, re.IGNORECASE):
        return "workshop"
    if re.search(r"\bblog", text, re.IGNORECASE):
        return "blog"
    if _PREPRINT_RX.search(text) and not _CONF_RX.search(venue):
        return "preprint"
    if _REPORT_RX.search(text):
        return "report"
    if _CONF_RX.search(text):
        return "conference"
    if venue_key == "journal" or _JOURNAL_RX.search(venue):
        return "journal"
    if et in ("inproceedings", "conference", "proceedings"):
        return "conference"
    if fields.get("arxiv") or fields.get("eprint") or (et in ("unpublished", "misc") and not venue):
        return "preprint"
    return "other"
