"""What a 390 x 844 phone sees first: the header's height and how far down /map's map begins,
for each kind of reader, in Korean and English (issue 13, item 9).

    SPATIALITE_LIBRARY_PATH=mod_spatialite .venv/bin/python bench/phone_screen.py

Serves the demo set from a temporary SpatiaLite file (the browser tests' live server) and
measures in Debian's Chromium. Prints one line per reader and language; nothing passes or fails.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, serve  # noqa: E402
from tests.browser.test_phone_layout import (  # noqa: E402
    READERS,
    DemoWorld,
    _load_world,
    new_phone_page,
)

LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def main() -> None:
    world = DemoWorld()
    with tempfile.TemporaryDirectory() as folder:
        servers = serve("_phone_bench", Path(folder), lambda: _load_world(world))
        server = next(servers)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            print("reader          language  header  map top  (screen 844 px high)")
            for reader, account in READERS.items():
                page = new_phone_page(browser, server, world, account)
                for language in ("ko", "en"):
                    page.goto(server(f"/map?lang={language}"))
                    header = page.locator(".site-header").bounding_box()
                    map_box = page.locator(".community-map").bounding_box()
                    assert header is not None and map_box is not None
                    print(
                        f"{reader:15} {language:8} {header['height']:5.0f} px"
                        f" {map_box['y']:5.0f} px"
                    )
                page.context.close()
            browser.close()
        next(servers, None)  # stops the server


if __name__ == "__main__":
    main()
