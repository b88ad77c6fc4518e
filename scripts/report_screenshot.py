"""Build the review report of the five sample outputs and screenshot it: examples/report.png.

    python scripts/report_screenshot.py [--out examples/report.png] [--html report.html]

Uses Debian's Chromium and chromedriver headless (``apt-get install chromium chromium-driver``)
through Selenium, like ``tests/test_report_browser.py``; nothing is fetched from the network.
The screenshot is of the whole page at 1400 px wide.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from talent_extract import read_results, write_report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import chrome_driver  # noqa: E402

SAMPLES = ROOT / "examples" / "output" / "samples.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "examples" / "report.png")
    parser.add_argument("--html", type=Path, help="Also keep the report here.")
    parser.add_argument("--width", type=int, default=1400)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="te-report-"))
    try:
        html = args.html or work / "report.html"
        write_report(read_results(SAMPLES), html, title="talent_extract review: sample outputs")
        driver = chrome_driver(args.width, 1000, str(work / "profile"), "--hide-scrollbars")
        try:
            driver.get(html.resolve().as_uri())
            while driver.execute_script("return document.readyState") != "complete":
                time.sleep(0.1)
            height = driver.execute_script("return document.documentElement.scrollHeight")
            # The viewport itself, not the window (whose frame would cut off the bottom).
            metrics = {"width": args.width, "height": height, "deviceScaleFactor": 1}
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride", metrics | {"mobile": False}
            )
            time.sleep(1.0)  # plotly re-lays out on resize
            driver.save_screenshot(str(args.out))
        finally:
            driver.quit()
        print(f"{args.out}: {args.width}x{height}, {args.out.stat().st_size} bytes")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
