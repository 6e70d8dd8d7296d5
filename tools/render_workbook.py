"""Export the demo workbook and print it as LibreOffice would, for a person to look at.

    .venv/bin/python tools/render_workbook.py [OUT_DIR]   (default: a new private folder in /tmp)

Writes OUT_DIR/demo.xlsx, OUT_DIR/demo.pdf (LibreOffice Calc headless, every sheet as printed)
and OUT_DIR/page-NN.png (pdftoppm, 60 dpi). Needs `soffice` (Debian: libreoffice-calc-nogui) and
`pdftoppm` (poppler-utils). Nothing is written inside the repository.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bb_tui.cli.main import main as bb_main  # noqa: E402


def render(out: Path) -> list[Path]:
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            raise SystemExit(
                f"render_workbook: {tool} is not installed "
                "(apt-get install libreoffice-calc-nogui poppler-utils)"
            )
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("page-*.png"):
        old.unlink()
    xlsx = out / "demo.xlsx"
    if bb_main(["export", str(REPO / "sessions" / "demo"), "--xlsx", str(xlsx), "--force"]) != 0:
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
        ["pdftoppm", "-png", "-r", "60", str(out / "demo.pdf"), str(out / "page")],
        check=True,
        timeout=300,
    )
    return sorted(out.glob("page-*.png"))


if __name__ == "__main__":
    # a fixed name in /tmp could be a folder or link someone else planted: make a new one
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="bb-workbook-"))
    pages = render(out)
    print(f"{len(pages)} pages in {pages[0].parent}" if pages else "no pages")
