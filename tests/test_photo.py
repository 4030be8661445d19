"""A photo in the header: checked like any other file, copied next to the .tex, cached by content."""

import struct
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from cvbuilder.build import build
from cvbuilder.load.profile import load
from cvbuilder.problems import ProfileError

from .conftest import pdf_text


def png(path: Path, shade: int = 128, size: int = 8) -> Path:
    """A small grey PNG, written by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + bytes([shade]) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
                     + chunk(b"IEND", b""))  # fmt: skip
    return path


def profile(tmp_path: Path, photo: str) -> Path:
    path = tmp_path / "profile.yaml"
    path.write_text(f"person:\n  name: Ada Lovelace\n  photo: {photo}\n")
    return path


def images(pdf: Path) -> int:
    page = PdfReader(pdf).pages[0]
    xobjects = page["/Resources"].get("/XObject", {})
    return sum(1 for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image")


def test_a_photo_is_printed_and_the_name_stays_the_first_line(tmp_path):
    png(tmp_path / "me.png")
    results = build(load(profile(tmp_path, "me.png")), ["cv", "resume"], tmp_path / "out")
    for r in results:
        assert images(r.pdf) == 1
        assert pdf_text(r.pdf).splitlines()[0] == "Ada Lovelace"
    assert not list((tmp_path / "out").glob("photo.*"))  # the copy lived in the work folder only


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        (
            "missing.png",
            "profile.yaml:3:10: person.photo: 'missing.png': no such file (looked for {tmp}/missing.png)",
        ),
        (
            "folder.png",
            "profile.yaml:3:10: person.photo: 'folder.png' is a folder, not a regular file",
        ),
        (
            "me.gif",
            "profile.yaml:3:10: person.photo: '{tmp}/me.gif': a photo must be a PNG, JPEG or PDF",
        ),
    ],
)
def test_a_bad_photo_path_is_one_clear_message(tmp_path, photo, message):
    (tmp_path / "folder.png").mkdir()
    (tmp_path / "me.gif").write_bytes(b"GIF89a")
    with pytest.raises(ProfileError) as info:
        load(profile(tmp_path, photo))
    (problem,) = info.value.problems
    text = str(problem).replace(str(tmp_path) + "/profile.yaml", "profile.yaml")
    assert text.replace(str(tmp_path.resolve()), "{tmp}").startswith(message)


def test_a_changed_photo_rebuilds(tmp_path):
    photo = png(tmp_path / "me.png", shade=40)
    path = profile(tmp_path, "me.png")
    build(load(path), ["cv"], tmp_path / "out")
    (same,) = build(load(path), ["cv"], tmp_path / "out")
    assert same.reused
    png(photo, shade=220)
    (changed,) = build(load(path), ["cv"], tmp_path / "out")
    assert not changed.reused
