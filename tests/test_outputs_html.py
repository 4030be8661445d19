"""The HTML page: its structure read back with the standard library's HTML parser, and the page
loaded in a real headless browser (Debian's ``chromium``): no console message, no request
leaving the page, every publication title in the rendered DOM, a screenshot of the right size.

How a problem shows (found by loading pages with deliberate faults, kept as a test below):
Chromium started with ``--enable-logging=stderr --v=0`` writes every console message of the
page to stderr as ``[pid:tid:date:INFO:CONSOLE:<line>] "<message>", source: <url> (<line>)`` —
an uncaught exception (``"Uncaught ReferenceError: nope is not defined"``), ``console.error``,
and each Content-Security-Policy violation (``"Loading the image 'https://…' violates the
following Content Security Policy directive: "img-src data:". The action has been blocked."``,
``"Executing inline script violates …"``; older versions said ``Refused to …``). The page has
no script, so any such line is a fault. A failed request is not a console message in headless
mode, so requests are read from Chromium's network log (``--log-net-log``): a request the page
made carries the page's ``file://`` network isolation key (Chromium's own background requests
do not); name resolution is switched off, so nothing can leave the machine either way.

Set ``CVBUILDER_HTML_SCREENSHOTS=<folder>`` to keep the screenshots for a look."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cvbuilder.load.profile import load
from cvbuilder.outputs import build_page, render
from cvbuilder.outputs.html import href, inline, json_ld, write
from cvbuilder.outputs.model import Run
from cvbuilder.select.variants import resolve
from tests.test_safety import FIELDS, HOSTILE, profile_yaml

from .conftest import ROOT, flat

PROFILE = ROOT / "profile.yaml"
HTML_HOSTILE = [
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '" onmouseover="x',
    "]]>",
    "&amp;",
]
PAYLOADS = HOSTILE + HTML_HOSTILE

ALLOWED = {"html", "head", "meta", "title", "style", "script", "body", "header", "h1", "h2", "h3",
           "p", "ul", "ol", "li", "a", "span", "strong", "em", "main", "section", "article", "div",
           "footer"}  # fmt: skip
"""Every element the page may contain; anything else came from the profile."""
LINK = re.compile(r"(https?:|mailto:|tel:|#)", re.IGNORECASE)

CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (`make test` installs it: "
    "tools/install-tex xelatex chromium)",
)


# --- reading the page back -------------------------------------------------------------------


@dataclass
class Parsed:
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # body text, unescaped
    headings: dict[str, list[str]] = field(default_factory=dict)  # h1/h2/h3 -> their texts
    scripts: list[tuple[dict[str, str | None], str]] = field(default_factory=list)
    style: str = ""
    title: str = ""

    @property
    def body(self) -> str:
        return flat(" ".join(self.text))


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Parsed()
        self.stack: list[str] = []
        self.attrs: dict[str, str | None] = {}
        self.heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.tags.append((tag, dict(attrs)))
        if tag in ("meta",):
            return
        self.stack.append(tag)
        self.attrs = dict(attrs)
        if tag in ("h1", "h2", "h3"):
            self.heading = []
            self.out.headings.setdefault(tag, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3") and self.heading is not None:
            self.out.headings[tag][-1] = flat("".join(self.heading))
            self.heading = None
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        where = self.stack[-1] if self.stack else ""
        if where == "script":
            self.out.scripts.append((self.attrs, data))
        elif where == "style":
            self.out.style += data
        elif where == "title":
            self.out.title += data
        elif "body" in self.stack:
            self.out.text.append(data)
            if self.heading is not None:
                self.heading.append(data)


def parse(page: str) -> Parsed:
    reader = _Reader()
    reader.feed(page)
    reader.close()
    return reader.out


def check_clean(parsed: Parsed) -> None:
    """Only the page's own elements, no event handler, links only to http(s)/mailto/tel/#,
    one script: the JSON-LD."""
    assert {t for t, _ in parsed.tags} <= ALLOWED, {t for t, _ in parsed.tags} - ALLOWED
    for tag, attrs in parsed.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert "src" not in attrs, (tag, attrs)
        if "href" in attrs:
            assert LINK.match(attrs["href"] or ""), (tag, attrs)
    scripts = [a for t, a in parsed.tags if t == "script"]
    assert scripts == [{"type": "application/ld+json"}]


def variants() -> list[tuple[str, str | None]]:
    """(variant, layout) pairs: every layout once, the résumé too."""
    others = [("cv", x) for x in ("classic", "engineering", "harvard", "modern")]
    return [("cv", None), ("resume", None), *others]


def page_of(variant: str, layout: str | None, path: Path = PROFILE):  # type: ignore[no-untyped-def]
    profile = load(path)
    chosen = resolve(profile)[variant]
    if layout:
        chosen = chosen.model_copy(update={"layout": layout})
    return profile, build_page(profile, chosen), render(profile, chosen, "html").decode("utf-8")


# --- structure, without a browser ------------------------------------------------------------


@pytest.mark.parametrize(("variant", "layout"), variants())
def test_one_self_contained_accessible_page(variant, layout):
    profile, page, text = page_of(variant, layout)
    assert text.startswith("<!DOCTYPE html>\n")
    parsed = parse(text)
    check_clean(parsed)
    (html_tag,) = [a for t, a in parsed.tags if t == "html"]
    assert html_tag["lang"] == page.language == "en"
    metas = [a for t, a in parsed.tags if t == "meta"]
    assert {"charset": "utf-8"} in metas
    assert any(a.get("name") == "viewport" for a in metas)
    (csp,) = [a["content"] for a in metas if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp and "style-src 'unsafe-inline'" in csp
    assert "img-src data:" in csp and "script-src" not in csp
    assert parsed.title == f"{page.name} — {page.kind}"
    # headings: one h1 (the name), one h2 per section, each section labelled by its h2
    assert parsed.headings["h1"] == [profile.person.name]
    assert parsed.headings["h2"] == [s.title for s in page.sections]
    ids = {a["id"] for t, a in parsed.tags if t == "h2"}
    sections = [a for t, a in parsed.tags if t == "section"]
    assert len(sections) == len(page.sections) and {a["aria-labelledby"] for a in sections} == ids
    assert [t for t, _ in parsed.tags].count("main") == 1
    groups = [g.heading for s in page.sections for g in s.groups if g.heading]
    assert parsed.headings.get("h3", []) == groups
    # nothing external: no <link>, no @import, no url() in the stylesheet
    assert "<link" not in text and "@import" not in parsed.style and "url(" not in parsed.style
    assert "@font-face" not in parsed.style
    # a print stylesheet with the paper and margins
    assert "@media print" in parsed.style and re.search(
        r"@page \{ size: (A4|letter);", parsed.style
    )
    assert f"--accent: #{page.accent};" in parsed.style
    # schema.org Person as JSON-LD
    ((_, data),) = parsed.scripts
    person = json.loads(data)
    assert person["@type"] == "Person" and person["@context"] == "https://schema.org"
    assert person["name"] == profile.person.name == page.person["name"]


def test_every_publication_title_is_in_the_page():
    titles = [p.title for p in load(PROFILE).publications]
    assert len(titles) > 20
    _, page, text = page_of("cv", None)
    body = parse(text).body
    missing = [t for t in titles if flat(t) not in body]
    assert missing == []
    labels = re.findall(r'<span class="label">\[([A-Z]\d+)\]</span>', text)
    numbers = [e.number for s in page.sections for g in s.groups for e in g.entries if e.number]
    assert labels == numbers and len(labels) == len(titles)  # labelled as the PDF labels them


def test_layouts_are_styled_like_their_pdf():
    looks = {}
    for layout in ("academic", "classic", "engineering", "harvard", "modern", "resume"):
        _, page, text = page_of("cv", layout)
        looks[layout] = (page, parse(text).style, text)
    page, style, text = looks["modern"]
    assert "sans-serif" in style and f"--accent: #{page.accent}" in style
    assert '<span class="lead">Sum</span>mary' in text and 'class="given"' in text
    assert "text-transform: uppercase" in looks["engineering"][1]
    assert "h2 { text-align: center;" in looks["harvard"][1] and "Times" in looks["harvard"][1]
    assert "h2::before" in looks["classic"][1]
    for layout in ("engineering", "harvard", "modern", "resume"):
        assert "header { text-align: center; }" in looks[layout][1], layout
    assert "header { text-align: center; }" not in looks["academic"][1]
    assert 'class="layout-engineering dates-right"' in looks["engineering"][2]
    assert 'class="layout-academic dates-left"' in looks["academic"][2]


def test_footer_and_print_options():
    profile, plain, _ = page_of("cv", None)
    variant = resolve(profile)["cv"].model_copy(
        update={"options": {"paper": "letter", "margins": 1.5, "date_position": "right"}}
    )
    page = build_page(profile, variant)  # the options as the PDF uses them
    text = write(replace(page, updated="Last updated <Sep> 2025"), variant).decode("utf-8")
    assert '<footer><p class="updated">Last updated &lt;Sep&gt; 2025</p></footer>' in text
    assert "@page { size: letter; margin: 1.5cm; }" in text and "dates-right" in text
    assert "<footer>" not in write(plain, resolve(profile)["cv"]).decode("utf-8")


def test_links_only_to_safe_targets_and_json_ld_cannot_end_its_script():
    assert href("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&c=2"
    for bad in ("javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x",
                "vbscript:x", "//evil.example", "https://a b", "https://x\n.org"):  # fmt: skip
        assert href(bad) is None, bad
        assert "href" not in inline((Run("x", link=bad),))
    assert inline((Run('a"b', bold=True, link='https://x.org/"><script>'),)) == (
        '<a href="https://x.org/&quot;&gt;&lt;script&gt;"><strong>a&quot;b</strong></a>'
    )
    text = json_ld({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_is_escaped_everywhere(write_profile, payload):
    path = write_profile(profile_yaml(dict.fromkeys(FIELDS, payload)))
    for variant in ("cv", "resume"):
        profile, _, text = page_of(variant, None, path)
        parsed = parse(text)
        check_clean(parsed)
        assert text.count("<script") == 1 and text.count("</script>") == 1
        assert parsed.headings["h1"] == [flat(payload)]
        assert parsed.title.startswith(payload)
        assert flat(payload) in parsed.body
        assert json.loads(parsed.scripts[0][1])["name"] == profile.person.name == payload.strip()


# --- in a real browser -----------------------------------------------------------------------

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
         "--no-first-run", "--no-default-browser-check", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars"]  # fmt: skip
CONSOLE = re.compile(r":CONSOLE[:(]|Uncaught|Refused to|Content Security Policy")
"""A console message of the page (see the module's docstring), in any Chromium version's words."""
SIZE = (1200, 1600)


@dataclass
class Loaded:
    dom: str
    console: list[str]  # the page's console messages
    requests: list[str]  # URLs the page asked the network for


def _chromium(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = workdir / f"chromium-{len(list(workdir.glob('chromium-*')))}"
    run = subprocess.run([CHROMIUM or "chromium", *FLAGS, f"--user-data-dir={profile}", *args],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    return run


def page_requests(netlog: Path) -> list[str]:
    """URLs the page (not Chromium itself) started a network request for."""
    log = json.loads(netlog.read_text("utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [e["params"]["url"] for e in log["events"]
            if e["type"] == start and "file://" in e["params"].get("network_isolation_key", "")]  # fmt: skip


def open_page(path: Path, workdir: Path) -> Loaded:
    """``path`` loaded (2 s of virtual time for anything late): its DOM, console, requests."""
    netlog = workdir / f"{path.stem}.netlog.json"
    run = _chromium(workdir, f"--log-net-log={netlog}", "--virtual-time-budget=2000",
                    "--dump-dom", path.as_uri())  # fmt: skip
    console = [line for line in run.stderr.splitlines() if CONSOLE.search(line)]
    return Loaded(run.stdout, console, page_requests(netlog))


def screenshot(path: Path, workdir: Path) -> Path:
    png = workdir / f"{path.stem}.png"
    _chromium(workdir, f"--screenshot={png}", f"--window-size={SIZE[0]},{SIZE[1]}", path.as_uri())
    keep = os.environ.get("CVBUILDER_HTML_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, Path(keep) / png.name)
    return png


def png_size(png: Path) -> tuple[int, int]:
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", head
    width, height = struct.unpack(">II", head[16:24])
    return width, height


@needs_chromium
@pytest.mark.parametrize(("variant", "layout"), [("cv", None), ("resume", None),
                                                 ("cv", "modern"), ("resume", "modern")])  # fmt: skip
def test_the_page_loads_in_chromium_without_a_fault(tmp_path, variant, layout):
    profile, page, text = page_of(variant, layout)
    path = tmp_path / f"{variant}-{page.layout}.html"
    path.write_text(text, encoding="utf-8")
    loaded = open_page(path, tmp_path)
    assert loaded.console == []
    assert loaded.requests == []
    dom = parse(loaded.dom)
    check_clean(dom)
    assert dom.headings["h1"] == [profile.person.name]
    assert dom.headings["h2"] == [s.title for s in page.sections]
    shown = {flat(e.title[0].text) for s in page.sections if s.id == "publications"
             for g in s.groups for e in g.entries}  # fmt: skip
    assert shown and all(flat(t) in dom.body for t in shown)
    if variant == "cv":  # every publication of the profile
        assert all(flat(p.title) in dom.body for p in profile.publications)
    png = screenshot(path, tmp_path)
    assert png_size(png) == SIZE
    # a page with a word or two is about 11 kB; these are 150 kB or more
    assert png.stat().st_size > 50_000


@needs_chromium
def test_the_browser_checks_can_fail(tmp_path):
    """A deliberate script error and an external image are seen: in the cv page (the CSP
    blocks both, and says so on the console) and in a page without a CSP (the error is
    logged, the image request is made and found in the network log)."""
    _, _, text = page_of("cv", None)
    faulty = text.replace("</main>", '<img src="https://example.org/x.png" alt="">'
                          "<script>nope()</script></main>")  # fmt: skip
    path = tmp_path / "faulty.html"
    path.write_text(faulty, encoding="utf-8")
    loaded = open_page(path, tmp_path)
    assert any("https://example.org/x.png" in c and "Content Security Policy" in c
               for c in loaded.console), loaded.console  # fmt: skip
    assert any("inline script" in c for c in loaded.console), loaded.console
    assert loaded.requests == []  # blocked before it was asked for
    bare = tmp_path / "bare.html"
    bare.write_text('<!DOCTYPE html><html lang="en"><title>x</title><p>x</p>'
                    '<img src="https://example.org/x.png" alt=""><script>nope()</script>')  # fmt: skip
    loaded = open_page(bare, tmp_path)
    assert any("Uncaught ReferenceError: nope is not defined" in c for c in loaded.console)
    assert loaded.requests == ["https://example.org/x.png"]
    assert "<img" in loaded.dom and "<script" in loaded.dom


@needs_chromium
def test_hostile_text_shows_literally_in_chromium(write_profile, tmp_path):
    """Every payload, in every field at once (rotated), shows as text in the rendered page."""
    values = {f: " ".join(PAYLOADS[i:] + PAYLOADS[:i]) for i, f in enumerate(FIELDS)}
    path = write_profile(profile_yaml(values))
    profile, _, text = page_of("cv", None, path)
    page = tmp_path / "hostile.html"
    page.write_text(text, encoding="utf-8")
    loaded = open_page(page, tmp_path)
    assert loaded.console == [] and loaded.requests == []
    dom = parse(loaded.dom)
    check_clean(dom)
    assert dom.headings["h1"] == [flat(values["name"])]
    for name in ("name", "position", "degree", "institution", "title", "venue", "award", "skill"):
        assert flat(values[name]) in dom.body, name
    for payload in PAYLOADS:
        assert flat(payload) in dom.body
    assert dom.title.startswith(values["name"])
    assert json.loads(dom.scripts[0][1])["name"] == profile.person.name
