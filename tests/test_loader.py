"""The loader's promise: every problem at once, each as FILE:LINE:COL: path: message."""

import os
import socket
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvbuilder.load.profile import load
from cvbuilder.problems import ProfileError

from .conftest import DATA, ROOT


def problems(path: Path) -> list[str]:
    with pytest.raises(ProfileError) as info:
        load(path)
    return [str(p).replace(str(path.parent) + "/", "") for p in info.value.problems]


def test_every_problem_is_reported_with_its_position(write_profile):
    path = write_profile(
        "person:\n"
        "  name: Ada\n"
        "  adress: London\n"
        "education:\n"
        "  - degree: BA\n"
        "    institution: X\n"
        "    start: 2020-09\n"
        "  - degree: PhD\n"
        "    institution: Y\n"
        "    start: 2021-09\n"
        "    end: 2019-06\n"
        "publications:\n"
        "  - title: T\n"
        "    authors: [A]\n"
        "    year: 2020\n"
        "    type: poem\n"
    )
    assert problems(path) == [
        "profile.yaml:3:3: person.adress: unknown field 'adress'; allowed: affiliation, "
        "email, homepage, location, name, name_native, name_variants, phone, photo, position, profiles",
        "profile.yaml:11:10: education[1].end: ends (2019-06) before it starts (2021-09)",
        "profile.yaml:16:11: publications[0].type: unknown value 'poem'; choose one of: "
        "conference, journal, workshop, preprint, blog, thesis, book, chapter, patent, report, "
        "talk, other",
    ]


def test_did_you_mean(write_profile):
    path = write_profile("person:\n  name: Ada\n  postion: Professor\n")
    assert problems(path) == [
        "profile.yaml:3:3: person.postion: unknown field 'postion'; did you mean 'position'?"
    ]


def test_missing_field_points_at_its_parent(write_profile):
    path = write_profile("person:\n  name: Ada\nawards:\n  - year: 2020\n")
    assert problems(path) == ["profile.yaml:4:5: awards[0].title: required field is missing"]


def test_bad_date(write_profile):
    path = write_profile("person: {name: A}\nnews:\n  - date: 2024-13\n    text: x\n")
    assert problems(path) == ["profile.yaml:3:11: news[0].date: '2024-13': month must be 01-12"]


def test_yaml_syntax_error_points_where_the_unclosed_bracket_opens(write_profile):
    path = write_profile("person:\n  name: [Ada\n")
    assert problems(path) == [
        "profile.yaml:2:9: YAML syntax error: the '[' opened here is never closed with ']' (an "
        "item that contains ',', ':', '#', '[' or '{' needs quotes)"
    ]


def test_tabs_get_a_hint(write_profile):
    path = write_profile("person:\n\tname: Ada\n")
    assert problems(path) == [
        "profile.yaml:2:1: YAML syntax error: a tab cannot indent YAML; use spaces"
    ]


def test_duplicate_keys_are_errors_with_both_lines(write_profile):
    path = write_profile("person:\n  name: Ada\n  name: Grace\n")
    assert problems(path) == [
        "profile.yaml:3:3: person.name: duplicate key 'name' (first defined on line 2); "
        "remove one of them"
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "profile.yaml:1:1: the file is empty; start with 'person:' (see 'cvbuilder init')"),
        (
            b"- a\n- b\n",
            "profile.yaml:1:1: the top level must be a mapping of sections (person:, …), "
            "not a list",
        ),
        (
            b"person:\n  name: Ad\xe9\n",
            "profile.yaml:2:11: not UTF-8 (byte 0xe9); save the file as UTF-8",
        ),
    ],
)
def test_unusable_files(tmp_path, content, expected):
    path = tmp_path / "profile.yaml"
    path.write_bytes(content)
    assert problems(path) == [expected]


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "profile.yaml"
    path.write_bytes("\ufeffperson:\n  name: Ada\n".encode())
    assert load(path).person.name == "Ada"


def test_alias_bomb_is_refused_quickly(write_profile):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = write_profile("\n".join(lines) + "\nperson: {name: A}\n")
    (msg,) = problems(path)
    assert "expands to more than" in msg


def test_dates_stay_dates_not_timestamps(write_profile):
    path = write_profile("person: {name: A}\nnews:\n  - {date: 2024-05-01, text: x}\n")
    assert str(load(path).news[0].date) == "2024-05-01"


def test_variant_problems_point_into_the_variant(write_profile):
    path = write_profile(
        "person: {name: A}\n"
        "variants:\n"
        "  short:\n"
        "    layout: nope\n"
        "  resume:\n"
        "    sections: [education, hobbies]\n"
        "    options: {font_size: 8}\n"
    )
    assert problems(path) == [
        "profile.yaml:4:13: variants.short.layout: unknown layout 'nope'; available: "
        "academic, classic, engineering, harvard, modern, resume",
        "profile.yaml:6:27: variants.resume.sections[1]: unknown section 'hobbies'; known: "
        "summary, interests, news, education, experience, volunteer, projects, publications, "
        "awards, certificates, service, teaching, skills, languages, references",
        "profile.yaml:7:26: variants.resume.options.font_size: must be at least 10, not 8",
    ]


def test_new_variant_needs_a_layout(write_profile):
    path = write_profile("person: {name: A}\nvariants:\n  short:\n    selected_only: true\n")
    assert problems(path) == [
        "profile.yaml:4:5: variants.short: variant 'short' needs a layout: "
        "academic, classic, engineering, harvard, modern, resume"
    ]


def test_missing_file_and_folder(tmp_path):
    assert problems(tmp_path / "profile.yaml") == ["profile.yaml: no such file"]
    (tmp_path / "dir.yaml").mkdir()
    assert problems(tmp_path / "dir.yaml") == ["dir.yaml: is a folder, not a regular file"]


# --- every problem at once -------------------------------------------------------------------


def test_duplicates_fields_files_and_variants_come_out_together_sorted_by_line(write_profile):
    path = write_profile(
        "person:\n"
        "  name: Ada\n"
        "  name: Grace\n"
        "  emial: a@b.org\n"
        "awards:\n"
        "  - {year: '20x4', title: T}\n"
        "variants:\n"
        "  short:\n"
        "    layout: acadmic\n"
        "  resume:\n"
        "    sections: [educaton]\n"
        "    options: {font_size: 8}\n"
        "bibliography: [missing.bib]\n"
    )
    assert problems(path) == [
        "profile.yaml:3:3: person.name: duplicate key 'name' (first defined on line 2); "
        "remove one of them",
        "profile.yaml:4:3: person.emial: unknown field 'emial'; did you mean 'email'?",
        "profile.yaml:6:12: awards[0].year: must be a year such as 2024, not '20x4'",
        "profile.yaml:9:13: variants.short.layout: unknown layout 'acadmic'; did you mean "
        "'academic'?",
        "profile.yaml:11:16: variants.resume.sections[0]: unknown section 'educaton'; did you "
        "mean 'education'?",
        "profile.yaml:12:26: variants.resume.options.font_size: must be at least 10, not 8",
        "profile.yaml:13:16: bibliography[0]: 'missing.bib': no such file (looked for "
        "missing.bib)",  # the full path, shortened by problems()
    ]


def test_a_variant_that_fails_the_schema_does_not_hide_the_others(write_profile):
    path = write_profile(
        "person: {name: A}\nvariants:\n  a: {layout: academic, since: soon}\n  b: {layout: nope}\n"
    )
    assert problems(path) == [
        "profile.yaml:3:32: variants.a.since: must be a year such as 2024, not 'soon'",
        "profile.yaml:4:15: variants.b.layout: unknown layout 'nope'; available: "
        "academic, classic, engineering, harvard, modern, resume",
    ]


# --- YAML syntax errors: where the problem starts, and what usually causes it -------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("person:\n  name: A\nnews:\n  - text: [a, b\n  - date: 2020\n",
         "4:11: YAML syntax error: the '[' opened here is never closed with ']'"),
        ("person: {name: A\nsummary: x\n",
         "1:9: YAML syntax error: the '{' opened here is never closed with '}'"),
        ('person:\n  name: "Ada\n  position: x\n',
         "2:9: YAML syntax error: the quote '\"' opened here is never closed"),
        ("person:\n  name: A\n  position: Head: of things\n",
         "3:17: YAML syntax error: a ': ' inside a value starts a new key; put the whole value in "
         'quotes, e.g. title: "Part 1: Basics"'),
        ("person:\n  name: A\n   position: x\n",
         "3:12: YAML syntax error: this line is indented more than the key above it"),
        ("person:\n  name: A\n position: x\n",
         "3:2: YAML syntax error: this line does not line up with the keys above it"),
        ('person:\n  name: "Ada" Lovelace\n',
         "2:15: YAML syntax error: text follows a closing quote; put the whole value in quotes"),
        ("person:\n  name: A\ninterests: [a, #b]\n",
         "3:19: YAML syntax error: a value is missing here (' #' starts a comment, which hides "
         "the rest of the line; put a value that contains ' #' in quotes)"),
        ("person:\n  name: @ada\n",
         "2:9: YAML syntax error: a value cannot start with '@'; put the value in quotes, "
         'e.g. "@…"'),
        ("person:\n  name: `ada`\n", "2:9: YAML syntax error: a value cannot start with '`'"),
        ("person:\n\tname: Ada\n", "2:1: YAML syntax error: a tab cannot indent YAML"),
        ("person:\n  name: A\n  position\n",
         "3:3: YAML syntax error: this line has no ':' after its key"),
        ("interests:\n  - a\n  b: c\n",
         "3:3: YAML syntax error: list entries must each start with '- '"),
        ("person:\n  name: *ada\n", "2:9: YAML syntax error: '*' starts an alias"),
        ("person:\n  name: !ada\n", "2:9: YAML syntax error: '!' starts a YAML tag"),
        ("person: {name: A}\n---\nperson: {name: B}\n",
         "2:1: YAML syntax error: a profile is one YAML document"),
        ("person: {name: A\x07}\n",
         "1:17: the character U+0007 (a control character) is not allowed in YAML; remove it"),
        ("person: {name: é\x07}\n", "1:17: the character U+0007"),
        ("person: {name: !!float abc}\n",
         "1:16: YAML syntax error: 'abc' cannot be read as float; remove the '!!float'"),
    ],
)  # fmt: skip
def test_yaml_syntax_errors_point_at_the_cause(write_profile, text, expected):
    path = write_profile(text)
    (msg,) = problems(path)
    assert msg.startswith(f"profile.yaml:{expected}"), msg


# --- never a traceback -----------------------------------------------------------------------

BIG = "9" * 5000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("person: &p {name: X, self: *p}\n", "1:9: this mapping or list contains an alias "
         "(*name) to itself; data cannot contain itself"),
        ("a: &a [*a]\nperson: {name: X}\n", "1:4: this mapping or list contains an alias"),
        ("a: &a {<<: *a}\nperson: {name: X}\n", "1:4: this mapping or list contains an alias"),
        ("person: {name: X}\ninterests: " + "[" * 500 + "]" * 500 + "\n", "2:76: nested more "
         "than 64 levels deep"),
        ("person: {name: X, phone: " + BIG + "}\n", "1:26: person.phone: is 5,000 characters"),
        ("person: {name: X}\nupdated: " + BIG + "\n", "2:10: updated: '99999"),
        ("person: {name: X}\n" + BIG[:1000] + ": x\n", "2:1: key 9999"),
        ("person: {name: X}\ninterests: [" + BIG + "]\n", "2:13: interests[0]: is 5,000"),
        ("person: {name: X}\nvariants: {x: {layout: academic, options: {font_size: " + BIG + "}}}\n",
         "2:55: variants.x.options.font_size: must be a font size"),
        ("person: {name: X}\nupdated: .nan\n", "2:10: updated: must be a date"),
        ("person: {name: X}\nnews: [{date: 1.0e+999, text: x}]\n", "2:15: news[0].date: must be"),
        ("person: {name: X}\nawards: [{year: -.inf, title: T}]\n", "2:17: awards[0].year: must "
         "be a year such as 2024, not -.inf"),
        ("person: {name: X}\n1: x\n", "2:1: key 1 is read as a number"),
        ("person: {name: X}\ntrue: x\n", "2:1: key true is read as true/false"),
        ("person: {name: X}\n[a]: b\n", "2:1: a key must be a name, not a list or mapping"),
        ("person: {name: X}\n? {a: 1}\n: b\n", "2:3: a key must be a name"),
        ("hello\n", "1:1: the top level must be a mapping of sections (person:, …), not text"),
        ("42\n", "1:1: the top level must be a mapping of sections (person:, …), not a number"),
        ("# only\n# comments\n", "1:1: the file holds only comments"),
        ("---\n", "1:1: the file is empty"),
        ("~\n", "1:1: the file is empty"),
        ("person: {name: X}\ninterests:\npublications: ~\n", "2:11: interests: is empty"),
        ("person: {name: X, name_variants: 5}\nbibliography: [a.bib]\n"
         "publications: [{id: [x], title: [t], year: [1], links: [], type: {}}]\n", "1:34: "),
        ("person: {name: X, photo: \"a\\0.png\"}\n", "1:26: person.photo: 'a\\x00.png' is not a "
         "usable file name"),
        ("person: {name: X}\nupdated: !!timestamp 2020-13-45\n", "2:10: updated: '2020-13-45': "
         "month must be 01-12"),
        ("person: {name: !!int }\n", "1:16: person.name: is empty"),
    ],
)  # fmt: skip
def test_hostile_documents_get_one_line_problems_quickly(write_profile, text, expected):
    path = write_profile(text)
    start = time.perf_counter()
    lines = problems(path)
    assert time.perf_counter() - start < 3
    assert lines[0].startswith(f"profile.yaml:{expected}"), lines
    assert all("\n" not in line and len(line) < 1000 for line in lines), lines


def test_a_huge_list_is_refused_by_its_size(write_profile):
    path = write_profile("person: {name: X}\ninterests: [" + "x, " * 250_000 + "]\n")
    start = time.perf_counter()
    (line,) = problems(path)
    assert time.perf_counter() - start < 3
    assert line.startswith("profile.yaml:2:") and line.endswith(
        "the document expands to more than 200,000 values (aliases nested too deeply?); "
        "refusing to load it"
    )


# --- files that would hang or fill memory -------------------------------------------------------


def test_special_files_get_one_clean_problem_naming_the_field(tmp_path):
    os.mkfifo(tmp_path / "pipe.bib")
    (tmp_path / "folder.bib").mkdir()
    with (tmp_path / "big.bib").open("wb") as handle:
        handle.truncate(33 * 1024 * 1024)  # sparse: costs no disk
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock.bib"))
    path = tmp_path / "profile.yaml"
    path.write_text(
        "person:\n  name: A\n  photo: /dev/zero\n"
        "bibliography:\n  - pipe.bib\n  - folder.bib\n  - big.bib\n  - sock.bib\n  - /dev/urandom\n"
    )
    try:
        assert problems(path) == [
            "profile.yaml:3:10: person.photo: '/dev/zero' is a device, not a regular file",
            "profile.yaml:5:5: bibliography[0]: 'pipe.bib' is a named pipe, not a regular file",
            "profile.yaml:6:5: bibliography[1]: 'folder.bib' is a folder, not a regular file",
            "profile.yaml:7:5: bibliography[2]: 'big.bib' is 33 MiB; the limit is 32 MiB",
            "profile.yaml:8:5: bibliography[3]: 'sock.bib' is a socket, not a regular file",
            "profile.yaml:9:5: bibliography[4]: '/dev/urandom' is a device, not a regular file",
        ]
    finally:
        sock.close()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: os.mkfifo(p), "is a named pipe, not a regular file"),
        (lambda p: p.open("wb").truncate(33 * 1024 * 1024), "is 33 MiB; the limit is 32 MiB"),
        (lambda p: p.symlink_to("/dev/zero"), "is a device, not a regular file"),
    ],
)
def test_the_profile_itself_may_not_be_a_pipe_device_or_huge(tmp_path, make, expected):
    path = tmp_path / "profile.yaml"
    make(path)
    assert problems(path) == [f"profile.yaml: {expected}"]


# --- property: load() raises ProfileError or returns, and quickly --------------------------------

FULL = (DATA / "full.yaml").read_text("utf-8")
TOKENS = [
    " ", "  ", "\n", "\t", ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "#", " #", "&a ", "*a",
    "!", "!!int ", "!!float ", "!!binary ", "|", ">", "'", '"', "?", "%", "@", "`", "~", "null",
    "yes", "0x1F", "1e3", "1.0e+999", ".nan", "-.inf", "2024-13", "person", "name", "title",
    "publications", "variants", "layout", "<<", "\x07", "\x1b", "é", "\ufeff", "唐", "\\",
    "9" * 5000, "0" * 50, "---", "...", "x" * 3000,
]  # fmt: skip
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


@st.composite
def mutated_full(draw: st.DrawFn) -> str:
    """full.yaml with a few random edits: tokens inserted, text deleted, lines repeated."""
    text = FULL
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["insert", "delete", "repeat"]))
        if edit == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        else:
            lines = text.splitlines(keepends=True)
            i = draw(st.integers(0, len(lines) - 1))
            text = "".join(lines[: i + 1] + lines[i : i + draw(st.integers(1, 3))] + lines[i + 1 :])
    return text


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**40), 10**40) | st.floats()
    | st.text(max_size=12) | st.sampled_from(["present", "2024-09", "conference", "academic"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8) | st.integers(0, 3), inner, max_size=4),
    max_leaves=10,
)  # fmt: skip


@st.composite
def replaced_in_full(draw: st.DrawFn) -> str:
    """full.yaml's data with one value anywhere replaced by random data, dumped again."""
    node, key = {"root": yaml.safe_load(FULL)}, "root"
    whole = node
    while isinstance(node[key], (dict, list)) and node[key] and draw(st.booleans()):
        node, key = node[key], draw(st.sampled_from(list(node[key]) if isinstance(node[key], dict)
                                                    else range(len(node[key]))))  # fmt: skip
    node[key] = draw(VALUES)
    return yaml.safe_dump(whole["root"], allow_unicode=draw(st.booleans()))


@settings(
    max_examples=250, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)
@given(st.one_of(YAMLISH, mutated_full(), replaced_in_full()))
def test_load_only_ever_raises_profile_error_and_returns_quickly(tmp_path_factory, text):
    path = tmp_path_factory.getbasetemp() / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    try:
        load(path)
    except ProfileError as exc:
        assert exc.problems
        for problem in exc.problems:
            line = str(problem)
            assert "\n" not in line and "\x1b" not in line and "\x07" not in line, line
            assert "Input should be" not in line and "type=" not in line, line
    assert time.perf_counter() - start < 2


# --- bibliography files: the same key, the same work ---------------------------------------


def test_the_same_key_in_two_files_keeps_different_works_and_one_copy_of_the_same(write_profile):
    folder = write_profile("").parent
    (folder / "a.bib").write_text(
        "@article{k, title={One}, author={A, B}, journal={J}, year=2020}\n"
        "@article{s, title={Same}, author={A, B}, journal={J}, year=2021}\n"
    )
    (folder / "b.bib").write_text(
        "@article{k, title={Another}, author={A, B}, journal={J}, year=2022}\n"
        "@article{s, title={Same}, author={A, B}, journal={J}, year=2021}\n"
    )
    path = write_profile("person: {name: B A}\nbibliography: [a.bib, b.bib]\n")
    warnings: list = []
    pubs = load(path, warnings).publications
    assert [(p.id, p.title) for p in pubs] == [("k", "One"), ("s", "Same"), ("k-2", "Another")]
    shown = [str(w).replace(str(folder) + "/", "") for w in warnings]
    assert shown == [
        "b.bib:1:1: k: duplicate key 'k' (also a.bib:1) names another work; kept as 'k-2'",
        "b.bib:2:1: s: duplicate key 's' (also a.bib:2): same work, kept once",
    ]


def test_versions_of_a_paper_in_other_venues_stay_and_the_same_doi_merges(write_profile):
    folder = write_profile("").parent
    (folder / "a.bib").write_text(
        "@inproceedings{conf, title={Fast Things}, author={A, B}, booktitle={STACS}, year=2020}\n"
        "@inproceedings{lipics, title={Fast Things}, author={A, B}, year=2020,\n"
        "  booktitle={37th STACS}, series={LIPIcs}}\n"
        "@article{data, title={Fast Things}, author={A, B}, journal={VizieR Catalog}, year=2020}\n"
        "@article{j1, title={Slow Things}, author={A, B}, journal={J}, year=2021, doi={10.1234/x}}\n"
        "@article{j2, title={Slow things!}, author={A, B}, journal={J. X}, year=2021,\n"
        "  doi={https://doi.org/10.1234/X}}\n"
    )
    path = write_profile("person: {name: B A}\nbibliography: [a.bib]\n")
    warnings: list = []
    pubs = load(path, warnings).publications
    assert [p.id for p in pubs] == ["conf", "lipics", "data", "j1"]
    assert [str(w).split(": ", 2)[2] for w in warnings if "j2" in str(w)] == [
        f"same DOI and type as 'j1' ({folder}/a.bib:5); left out (give both the same id to merge "
        "them instead)"
    ]


def test_the_character_check_is_the_engines_not_the_schemas(write_profile):
    """The schema knows no engine: by default text may use any character some engine's fonts
    have (XeLaTeX is chosen per document); a caller may validate for one engine, and the
    message names it."""
    import dataclasses

    import pytest

    from cvbuilder.problems import ProfileError
    from cvbuilder.tex.engines import PDFLATEX

    path = write_profile("person:\n  name: 山田 太郎\n")
    assert load(path).person.name == "山田 太郎"
    with pytest.raises(ProfileError, match="cannot be typeset by pdfLaTeX"):
        load(path, engine=PDFLATEX)
    everything = dataclasses.replace(PDFLATEX, label="AnyTeX", typesettable=lambda ch: True)
    assert load(path, engine=everything).person.name == "山田 太郎"
    narrow = dataclasses.replace(PDFLATEX, label="AsciiTeX", typesettable=str.isascii)
    with pytest.raises(ProfileError, match=r"'É' .* cannot be typeset by AsciiTeX"):
        load(write_profile("person:\n  name: Émilie\n"), engine=narrow)


_TRICKY_YAML = [
    "a: &x {b: 1, c: [1, 2]}\nd: *x\n",  # aliases: the same object, as PyYAML makes it
    "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",  # merge keys: PyYAML's constructor
    "s: !!set {a, b}\nbin: !!binary aGVsbG8=\no: !!omap [{a: 1}, {b: 2}]\n",
    "i: 0x1F\nj: 0o17\nk: 1_000\nf: 1.5e3\ng: .inf\nb: yes\nn: ~\nd: 2024-01-01\nt: 12:30\n",
    "1: one\n2.5: two\ntrue: three\nnull: four\n",  # keys that are not strings
    "big: 123456789012345678901234567890\nstr: !!str 12\n",
    "list:\n- - nested\n  - [deeper, {k: v}]\n",
]


def test_the_fast_constructor_makes_what_pyyaml_makes():
    """read_yaml builds plain data itself (five times faster on a large profile) and leaves
    anything unusual to PyYAML: the data is the same either way, for every YAML file in the
    repository and the tricky cases above."""
    from cvbuilder.load.yaml_reader import _Loader, read_yaml

    texts = [p.read_text("utf-8") for p in sorted(ROOT.glob("**/*.yaml"))
             if ".venv" not in p.parts and "pytest" not in str(p)]  # fmt: skip
    assert len(texts) > 15
    for text in [*texts, *_TRICKY_YAML]:
        data = read_yaml(text, "t.yaml")[0]
        assert data == yaml.load(text, Loader=_Loader), text[:80]
    aliased = read_yaml(_TRICKY_YAML[0], "t.yaml")[0]
    assert aliased["d"] is aliased["a"]

    class General(_Loader):  # PyYAML's own tag resolution
        resolve = yaml.resolver.BaseResolver.resolve

    def tags(loader: yaml.Loader) -> list[str]:
        out, stack = [], [loader.get_single_node()]
        while stack:
            node = stack.pop()
            out.append(node.tag)
            if isinstance(node, yaml.SequenceNode):
                stack += node.value
            elif isinstance(node, yaml.MappingNode):
                stack += [n for pair in node.value for n in pair]
        loader.dispose()
        return out

    extra = ["a: ''\nb: ~\nc: null\nd: -1.5\ne: +12\nf: 0b101\ng: '123'\nh: =\n"]
    for text in [*texts, *_TRICKY_YAML, *extra]:
        assert tags(_Loader(text)) == tags(General(text)), text[:80]
