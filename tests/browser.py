"""Headless Debian Chromium for the report's browser test and its screenshot script.

Both paths are given, so selenium-manager never runs (it would try to download a browser); the
flags keep Chromium off the network (this machine's network is closed, and the report must not
need one).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def chrome_driver(
    width: int = 1400, height: int = 1000, profile: str | None = None, *extra: str
) -> Any:
    """A selenium Chrome driver on the system Chromium, with a fresh profile unless given one."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        f"--user-data-dir={profile or tempfile.mkdtemp(prefix='te-chromium-')}",
        f"--window-size={width},{height}",
        *extra,
    ):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
