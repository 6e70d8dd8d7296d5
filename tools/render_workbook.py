"""Export the demo workbook and print it as LibreOffice would, for a person to look at.

    .venv/bin/python tools/render_workbook.py [OUT_DIR [EXPORT OPTION...]]
        (default: a new private folder in /tmp; options such as `--by sector` or `--anonymous`
        are passed to `bb-tui export`)

Writes OUT_DIR/demo.xlsx, OUT_DIR/demo.pdf (LibreOffice Calc headless, every sheet as printed)
and OUT_DIR/page-NN.png (pdftoppm, 50 dpi), then prints how many pages each sheet took (read
from each page's footer, "Sheet, page P"). Needs `soffice` (Debian: libreoffice-calc-nogui)
and `pdftoppm`, `pdftotext` (poppler-utils). Nothing is written inside the repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bb_tui.cli.main import main as bb_main  # noqa: E402

FOOTER = re.compile(r"(\S[^\n]*?), page \d+")


def render(out: Path, options: list[str] | None = None) -> list[Path]:
    for tool in ("soffice", "pdftoppm", "pdftotext"):
        if shutil.which(tool) is None:
            raise SystemExit(
                f"render_workbook: {tool} is not installed "
                "(apt-get install libreoffice-calc-nogui poppler-utils)"
            )
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("page-*.png"):
        old.unlink()
    xlsx = out / "demo.xlsx"
    os.chdir(REPO)  # the sessions named as a reader would: the file column says sessions/demo/…
    command = ["export", "sessions/demo", "--xlsx", str(xlsx), "--force"]
    if bb_main(command + (options or [])) != 0:
        raise SystemExit("render_workbook: the export failed")
    with tempfile.TemporaryDirectory() as profile:  # a private LibreOffice profile, no shared state
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(xlsx),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=300,
        )
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(out / "demo.pdf"), str(out / "page")],
        check=True,
        timeout=300,
    )
    return sorted(out.glob("page-*.png"))


def pages_per_sheet(pdf: Path) -> dict[str, int]:
    """How many printed pages each sheet took, from the footers ("Scores, page 3")."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    counts: dict[str, int] = {}
    for page in text.split("\f")[:-1]:  # pdftotext ends every page with a form feed
        found = FOOTER.findall(page)
        sheet = found[-1].strip() if found else "(no footer)"
        counts[sheet] = counts.get(sheet, 0) + 1
    return counts


if __name__ == "__main__":
    # a fixed name in /tmp could be a folder or link someone else planted: make a new one
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="bb-workbook-"))
    pages = render(out, sys.argv[2:])
    print(f"{len(pages)} pages in {out}" if pages else "no pages")
    for sheet, count in pages_per_sheet(out / "demo.pdf").items():
        print(f"  {sheet}: {count}")
