"""Pictures of a participant's browser seat for docs/images/: a laptop (1280x800), a phone held
sideways (844x390) and upright (390x844), on a copy of the demo folder.

    .venv/bin/python -m tests.browser.screenshots docs/images
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.browser.seat import Screen, Seats, launch

SIZES = ((1280, 800, False), (844, 390, True), (390, 844, True))


def main(folder: Path) -> None:
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        seats = Seats(Path(work))
        link = seats.link("amina-okafor.toml")
        seats.start()
        try:
            with sync_playwright() as playwright:
                for width, height, phone in SIZES:
                    context = launch(playwright, width, height, phone=phone)
                    page = context.new_page()
                    screen = Screen(page)
                    page.goto(seats.url(link))
                    if width > height:
                        screen.until(page, b"Progress:", b"palette")
                        screen.quiet(page, 1.0)
                    else:
                        page.wait_for_selector(".small-dialog", state="visible")
                    path = folder / f"seat-{width}x{height}.png"
                    page.screenshot(path=str(path))
                    print(path)
                    context.close()
        finally:
            seats.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
