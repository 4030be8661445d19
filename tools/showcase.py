"""The README's pictures: page 1 of every layout, built from the fictional example profile
(docs/example.yaml), the repository's own CV, résumé, example cover letter and homepage (HTML,
drawn by headless Chromium). Generated, never hand-made:

    python tools/showcase.py        (make images)

A layout whose document is a CV (its Look says ``documents.cv``) is shown as the ``cv`` variant,
every other as the one-page ``resume`` variant, each with that layout."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def main() -> None:
    from cvbuilder import registry

    cli = [sys.executable, "-m", "cvbuilder.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for name in registry.names():
            look = getattr(registry.get(name), "LOOK", None)
            variant = "cv" if getattr(look, "kind", "") == "documents.cv" else "resume"
            folder = out / name
            subprocess.run([*cli, "build", str(DOCS / "example.yaml"), "-v", variant, "--set",
                            f"layout={name}", "-o", str(folder), "-q"], check=True)  # fmt: skip
            picture(folder / f"{variant}.pdf", DOCS / f"layout-{name}")
        subprocess.run([*cli, "build", str(ROOT / "profile.yaml"), "-v", "cv", "-v", "resume",
                        "-o", str(out / "own"), "-q"], check=True)  # fmt: skip
        picture(out / "own" / "cv.pdf", DOCS / "cv")
        picture(out / "own" / "resume.pdf", DOCS / "resume")
        job, own = ROOT / "jobs" / "example.yaml", ROOT / "profile.yaml"
        subprocess.run([*cli, "apply", str(job), "-p", str(own), "-o", str(out / "jobs"), "-q"],
                       check=True)  # fmt: skip
        picture(out / "jobs" / "example" / "cover-letter.pdf", DOCS / "letter")
        subprocess.run([*cli, "build", str(ROOT / "profile.yaml"), "-v", "homepage", "-o",
                        str(out / "own"), "-q"], check=True)  # fmt: skip
        screenshot(out / "own" / "homepage.html", DOCS / "homepage.png", out / "chromium")


def picture(pdf: Path, stem: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(stem)], check=True)  # fmt: skip
    print(f"{stem.relative_to(ROOT)}.png")


def screenshot(page: Path, png: Path, profile: Path) -> None:
    """The top of an HTML page as headless Chromium draws it (Debian's chromium)."""
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    f"--user-data-dir={profile}", "--hide-scrollbars", "--window-size=900,1100",
                    f"--screenshot={png}", page.as_uri()],
                   check=True, capture_output=True)  # fmt: skip
    print(png.relative_to(ROOT))


if __name__ == "__main__":
    main()
