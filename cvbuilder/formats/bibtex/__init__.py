"""BibTeX in and out: real researchers' ``.bib`` files, with their quirks, to publications.

Parsing is bibtexparser 2 (lenient, reports failed blocks with line numbers); LaTeX in
fields becomes Unicode through this package's own reader (pylatexenc's table of symbols, and
what .bib files hold: formatting and user macros around names, journal macros of NASA ADS,
math with sub- and superscripts). Every entry becomes a publication (plain data in the
profile's format), with a note for whatever was repaired or guessed, or is reported with its
line and the reason; fields with no place of their own are kept under ``bibtex`` so an export
gives them back. Reading never raises: hostile input (a crossref cycle, an ``@string``
doubling chain, a field of megabytes) is an error in the report, in bounded time and memory.

The export writes every value so that no character can end a field or start an entry, and
reads each entry back before writing it: whatever the standard fields cannot carry exactly
goes into an ``x-cvbuilder`` field holding JSON, so ``import`` of an ``export`` gives back
the same publications.

Modules, each importing only those listed before it: ``common`` (field names, message text),
``aas`` (journal macros of NASA ADS), ``latex_macros`` and ``latex`` (LaTeX → text),
``names`` (names, the owner), ``authors`` (author fields), ``pubtype``, ``links``, ``entries``
(entry → publication), ``report``, ``macros`` (``@string``), ``crossref``, ``parse`` (blocks,
repairs), ``read`` (files and text), ``yaml_out`` and ``write`` (the export).
"""

from cvbuilder.formats.bibtex.common import EXTRA
from cvbuilder.formats.bibtex.names import Name, _mark_owner
from cvbuilder.formats.bibtex.pubtype import _infer_type
from cvbuilder.formats.bibtex.read import read_bib, read_bib_file
from cvbuilder.formats.bibtex.report import BibReport
from cvbuilder.formats.bibtex.write import export
from cvbuilder.formats.bibtex.yaml_out import to_yaml

__all__ = [
    "EXTRA",
    "BibReport",
    "Name",
    "_infer_type",
    "_mark_owner",
    "export",
    "read_bib",
    "read_bib_file",
    "to_yaml",
]
