"""The review report in a real browser: headless Debian Chromium driven by Selenium.

Checks what only a browser can: the embedded plotly charts draw offline, there is one highlight
per record, the filters hide and show the right rows, hovering a row lights its highlight, the
page loads nothing from outside, and an article carrying ``<script>`` and ``onerror=`` markup
runs none of it. Skips (with the reason) only when Chromium or its driver is not installed, and
fails instead under ``CI`` (``.ci/run`` installs both).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from talent_extract import read_results, write_report
from talent_extract.find.orgs import canonical_org
from talent_extract.review.html import extraction_html
from talent_extract.review.results import Results
from tests.browser import CHROMEDRIVER, CHROMIUM, chrome_driver
from tests.recording import SAMPLES_JSONL
from tests.review_helpers import hostile_extraction

# Selenium talks to chromedriver over loopback HTTP; everything else stays blocked.
pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1", "localhost", "::1"])


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        reason = (
            f"no browser: {', '.join(missing)} missing "
            "(apt-get install chromium chromium-driver; .ci/run does it)"
        )
        if os.environ.get("CI"):  # .ci/run installs them: a missing browser there is a bug
            pytest.fail(reason)
        pytest.skip(reason)
    pytest.importorskip("selenium", reason="selenium is in the dev extra")
    drv = chrome_driver()
    try:
        yield drv
    finally:
        drv.quit()
        profile = next(
            (a.split("=", 1)[1] for a in drv.options.arguments if a.startswith("--user-data-dir")),
            None,
        )
        if profile:
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def results() -> Results:
    items = read_results(SAMPLES_JSONL)
    items.append(hostile_extraction())
    return items


@pytest.fixture(scope="module")
def page(driver: Any, results: Results, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = write_report(results, tmp_path_factory.mktemp("report") / "report.html")
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + 30
    while driver.execute_script("return document.readyState") != "complete":
        assert time.monotonic() < deadline, "the report did not finish loading"
        time.sleep(0.1)
    return driver


MARK_ID = "m => m.dataset.record || m.dataset.cont"


def js(driver: Any, script: str) -> Any:
    return driver.execute_script(script)


def visible_record_rows(driver: Any) -> set[str]:
    return set(
        js(
            driver,
            "return [...document.querySelectorAll('tr[data-record]')]"
            ".filter(r => r.offsetParent !== null).map(r => r.dataset.record)",
        )
    )


def all_record_ids(results: Results) -> list[tuple[str, str, tuple[str, ...]]]:
    """(row id, kind, organisation keys of departures/offers) of every record, page order."""
    out = []
    for i, ex in enumerate(results.ok):
        for j, d in enumerate(ex.departures):
            orgs = tuple(_keys(d.from_org, d.to_org))
            out.append((f"a{i}-dep-{j}", "departure", orgs))
        for j, o in enumerate(ex.offers):
            out.append((f"a{i}-off-{j}", "offer", tuple(_keys(o.offerer, o.recipient_org))))
        for j, _ in enumerate(ex.quotes):
            out.append((f"a{i}-quo-{j}", "quote", ()))
    return out


def _keys(*names: str | None) -> list[str]:
    refs = [canonical_org(n) for n in names if n]
    return [r.org.casefold() for r in refs if r]


def test_injected_markup_does_not_run(page: Any) -> None:
    assert js(page, "return typeof window.__pwned") == "undefined"
    assert js(page, "return document.querySelectorAll('.te-text img, .te-text script').length") == 0
    texts = js(page, "return [...document.querySelectorAll('.te-text')].map(e => e.textContent)")
    assert any("<script>window.__pwned=1</script>" in t for t in texts)  # shown as text


def test_one_highlight_per_record(page: Any, results: Results) -> None:
    records = sum(len(x.departures) + len(x.offers) + len(x.quotes) for x in results.ok)
    assert js(page, "return document.querySelectorAll('mark[data-record]').length") == records
    assert js(page, "return document.querySelectorAll('tr[data-record]').length") == records


def test_charts_draw_offline_and_nothing_is_fetched(page: Any) -> None:
    assert js(page, "return typeof window.Plotly") == "object"
    assert js(page, "return document.querySelectorAll('#te-sankey .sankey-node').length") > 0
    fetched = js(page, "return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(u.startswith(("file:", "data:", "blob:")) for u in fetched), fetched


def test_filters_hide_and_show_the_right_rows(page: Any, results: Results) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    records = all_record_ids(results)
    everything = {r for r, _, _ in records}
    assert visible_record_rows(page) == everything

    # The organisation on the fewest records (but some): a filter that really narrows the view.
    counts: dict[str, int] = {}
    for _, _, orgs in records:
        for key in set(orgs):
            counts[key] = counts.get(key, 0) + 1
    org = min(counts, key=lambda k: (counts[k], k))
    Select(page.find_element(By.ID, "te-org")).select_by_value(org)
    expected = {r for r, _, orgs in records if org in orgs}
    assert expected and visible_record_rows(page) == expected
    # Articles without a matching record are hidden; highlights of hidden rows are switched off.
    shown_articles = js(
        page,
        "return [...document.querySelectorAll('section.te-article')]"
        ".filter(s => !s.hidden).map(s => s.id)",
    )
    assert shown_articles == sorted({f"art-{r.split('-')[0][1:]}" for r in expected})
    off = set(js(page, f"return [...document.querySelectorAll('mark.te-off')].map({MARK_ID})"))
    assert off == everything - expected
    flows = js(
        page,
        "return [...document.querySelectorAll('tr.te-flow')]"
        ".filter(r => r.offsetParent !== null).length",
    )
    departures_shown = [r for r, kind, orgs in records if kind == "departure" and org in orgs]
    assert (flows >= 1) == bool(departures_shown) and flows <= len(departures_shown)
    status = page.find_element(By.ID, "te-status").text
    assert status == f"showing {len(expected)} of {len(everything)} records"

    page.find_element(By.ID, "te-reset").click()
    page.find_element(By.CSS_SELECTOR, 'input[data-filter-type][value="quote"]').click()
    assert visible_record_rows(page) == {r for r, kind, _ in records if kind != "quote"}
    page.find_element(By.ID, "te-reset").click()
    assert visible_record_rows(page) == everything


def test_hovering_a_row_lights_its_highlight(page: Any, results: Results) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    # The last departure row of the page (any record would do).
    record = [r for r, kind, _ in all_record_ids(results) if kind == "departure"][-1]
    row = page.find_element(By.CSS_SELECTOR, f'tr[data-record="{record}"]')
    page.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    ActionChains(page).move_to_element(row).perform()
    lit = js(page, f"return [...document.querySelectorAll('mark.te-hl')].map({MARK_ID})")
    assert lit and set(lit) == {record}


def test_notebook_display_shows_spans_on_hover_without_script(
    driver: Any, results: Results, tmp_path: Path
) -> None:
    """The notebook display works with CSS alone (viewers often run no script)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    ex = results.ok[0]
    path = tmp_path / "display.html"
    path.write_text(f"<!DOCTYPE html><html><body>{extraction_html(ex)}</body></html>", "utf-8")
    driver.get(path.resolve().as_uri())
    assert js(driver, "return document.scripts.length") == 0
    row = driver.find_element(By.CSS_SELECTOR, 'tr[data-record="dep-3"]')
    ActionChains(driver).move_to_element(row).perform()
    outline = (
        "return getComputedStyle(document.querySelector('mark[data-record=\"%s\"]')).outlineStyle"
    )
    assert js(driver, outline % "dep-3") == "solid"
    assert js(driver, outline % "off-0") == "none"
