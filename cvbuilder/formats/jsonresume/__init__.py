"""JSON Resume in and out (https://jsonresume.org/schema, 1.x, and the older 0.x key names).

Import maps every standard section to the profile and reports, by JSON path, whatever had no
place. It takes any JSON value without raising: a value of the wrong kind (a number for a
name, a string for a list) is reported and left out, the rest imported. Real files are read
the way their authors meant them (see ``tests/data/wild/README.md``): HTML in text becomes the
profile's markup, dates such as ``07/2025``, ``May 2022`` or ``'16`` are understood, a missing
end date means ongoing, a profile with only a user name gets its link, non-standard keys that
have an obvious place (``experience`` for ``work``, ``Technical skills``, ``authors``) go there
with a note, and characters no font of the documents has are left out one by one where the rest of
the text still reads. Export writes standard keys only where the standard has a place and
keeps everything else under ``x-cvbuilder`` keys (documented in the README), so export →
import gives the same profile back.
"""

from cvbuilder.formats.jsonresume.dates import read_date
from cvbuilder.formats.jsonresume.export import from_profile, restore
from cvbuilder.formats.jsonresume.importer import to_profile
from cvbuilder.formats.jsonresume.json import JSONProblem, load_json, parse_json
from cvbuilder.formats.jsonresume.report import Report
from cvbuilder.formats.jsonresume.usable import usable

__all__ = [
    "JSONProblem",
    "Report",
    "from_profile",
    "load_json",
    "parse_json",
    "read_date",
    "restore",
    "to_profile",
    "usable",
]
