"""The HTML report in a real browser: headless Chromium, driven by Selenium.

Builds the seed report once (VADER, no cache), opens it as a file:// page and checks what a
reader would see: every figure decodes, nothing is logged as an error, the title and the
statements table are on the page. Three more tests break a copy of the report on purpose (a
broken image, a thrown error, a missing script) and check that the same checker notices, so that a
green run means something.

Needs Debian's `chromium` and `chromium-driver` (``bash .ci/browser-setup.sh``) and `selenium`.
Without them the tests skip on a developer's machine and fail under CI.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pytest

import stance

from .fixtures import REPO

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
REPORT_TITLE = "Tone of quoted statements: seeds"
SETUP = "apt-get install chromium chromium-driver, or bash .ci/browser-setup.sh"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1024",
    # Resolve no host name at all: the page's remote requests fail at once, inside the browser,
    # and no DNS query leaves the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]

# Installed before any script of the page runs: uncaught errors and unhandled promise rejections.
# A failed <img> or <script> load also fires "error" (a plain Event, not an ErrorEvent); that is
# not a JS error and is left to the image check and the console log.
_ERROR_HOOK = """
window.__stanceErrors = [];
window.addEventListener("error", (e) => {
  if (e instanceof ErrorEvent) {
    window.__stanceErrors.push(`${e.message} (${e.filename}:${e.lineno})`);
  }
}, true);
window.addEventListener("unhandledrejection", (e) => {
  window.__stanceErrors.push(`unhandled rejection: ${e.reason}`);
});
"""

# What the checker reads from the page, once it has loaded.
_PAGE_STATE = """
return {
  images: Array.from(document.images, (img) => ({
    src: img.getAttribute("src") || "",
    alt: img.getAttribute("alt") || "",
    complete: img.complete,
    naturalWidth: img.naturalWidth,
  })),
  jsErrors: window.__stanceErrors || ["error hook not installed"],
};
"""

SETTLE_MS = 300  # after the load event, for late errors (unhandled rejections are reported later)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not binary.is_file():
            if _in_ci():
                return f"{binary} not found: .ci/run should have installed chromium ({SETUP})"
            return f"{binary} not found; to run the browser tests: {SETUP}"
    try:
        import selenium  # noqa: F401
    except ImportError:
        if _in_ci():
            return (
                "selenium is not installed: .ci/run should have installed it with chromium "
                "(make test installs the dev extra of pyproject.toml, which lists selenium)"
            )
        return 'selenium is not installed; to run the browser tests: pip install -e ".[dev]"'
    return None


def _require_browser() -> None:
    """Skip on a developer's machine without Chromium or selenium; fail under CI."""
    reason = _missing()
    if reason and _in_ci():
        pytest.fail(reason, pytrace=False)
    if reason:
        pytest.skip(reason)


@dataclass
class PageCheck:
    """What a reader's browser made of one page."""

    images: list[dict[str, Any]]
    console_errors: list[str]
    js_errors: list[str]

    @property
    def broken_images(self) -> list[str]:
        return [
            f"{img['src'][:60]} (alt {img['alt'][:40]!r})"
            for img in self.images
            if not (img["complete"] and img["naturalWidth"] > 0)
        ]

    @property
    def problems(self) -> list[str]:
        return (
            [f"image not loaded: {i}" for i in self.broken_images]
            + [f"console: {m}" for m in self.console_errors]
            + [f"uncaught: {m}" for m in self.js_errors]
        )


def check_page(driver: WebDriver, url: str) -> PageCheck:
    """Open `url` and collect broken images, SEVERE console entries and uncaught JS errors."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # drain what an earlier page left
    driver.get(url)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1]; setTimeout(done, arguments[0]);", SETTLE_MS
    )
    state = driver.execute_script(_PAGE_STATE)
    console = [
        f"[{entry.get('source')}] {entry['message']}"
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE"
    ]
    return PageCheck(state["images"], console, list(state["jsErrors"]))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """Headless Chromium through Debian's chromedriver; Selenium Manager is never asked."""
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    tmp = tmp_path_factory.mktemp("chromium")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in [*CHROMIUM_ARGS, f"--user-data-dir={tmp / 'profile'}"]:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=str(CHROMEDRIVER), log_output=str(tmp / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    try:
        driver.set_page_load_timeout(60)
        driver.set_script_timeout(30)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _ERROR_HOOK})
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return stance.run_report(
        REPO / "seeds", tmp_path_factory.mktemp("report"), model="vader", cache=None
    )


@pytest.fixture(scope="module")
def seen(browser: WebDriver, report: Path) -> PageCheck:
    return check_page(browser, report.as_uri())


def _inject(report: Path, tmp_path: Path, html: str) -> str:
    """A copy of the report with `html` added at the end of its body; returns its URL."""
    text = report.read_text(encoding="utf-8")
    assert text.count("</body>") == 1
    copy = tmp_path / report.name
    copy.write_text(text.replace("</body>", html + "</body>"), encoding="utf-8")
    return copy.as_uri()


def test_browser_is_installed() -> None:
    # One plain failure under CI when Chromium or selenium is missing (the fixture fails too, as
    # an error in every test below); a skip with the install command elsewhere.
    _require_browser()


def test_every_figure_loads(seen: PageCheck) -> None:
    assert seen.images, "the report has no <img>: nothing to check"
    inline = [img["src"].startswith("data:image/") for img in seen.images]
    assert all(inline), "a figure is not embedded in the page"
    assert all(img["alt"].strip() for img in seen.images), "a figure has no alt text"
    assert seen.broken_images == []


def test_page_logs_no_errors(seen: PageCheck) -> None:
    assert seen.console_errors == [], "\n".join(seen.console_errors)
    assert seen.js_errors == [], "\n".join(seen.js_errors)


def test_main_sections_visible(browser: WebDriver, report: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(report.as_uri())
    headings = browser.find_elements(By.TAG_NAME, "h1")
    assert [h.text for h in headings if h.is_displayed()][:1] == [REPORT_TITLE]
    assert browser.title == REPORT_TITLE

    for img in browser.find_elements(By.TAG_NAME, "img"):
        assert img.is_displayed(), img.get_attribute("alt")

    table = browser.find_element(By.CSS_SELECTOR, "table.stance-statements")
    assert table.is_displayed()
    rows = table.find_elements(By.XPATH, ".//tr[td]")
    statements = pd.read_parquet(report.with_suffix(".statements.parquet"))
    assert len(statements) > 0
    assert len(rows) == len(statements)
    assert all(row.is_displayed() for row in rows[:3])


def test_checker_reports_a_broken_image(
    browser: WebDriver, report: Path, tmp_path: Path, seen: PageCheck
) -> None:
    url = _inject(report, tmp_path, '<img alt="broken" src="data:image/png;base64,AAAA">')
    check = check_page(browser, url)
    assert len(check.images) == len(seen.images) + 1
    assert check.broken_images == ["data:image/png;base64,AAAA (alt 'broken')"]
    assert check.problems == ["image not loaded: data:image/png;base64,AAAA (alt 'broken')"]


def test_checker_reports_js_errors(browser: WebDriver, report: Path, tmp_path: Path) -> None:
    url = _inject(
        report,
        tmp_path,
        "<script>throw new Error('stance-boom')</script>"
        "<script>Promise.reject(new Error('stance-rejected'))</script>",
    )
    check = check_page(browser, url)
    assert check.broken_images == []
    assert any("Uncaught Error: stance-boom" in m for m in check.console_errors)
    assert any("stance-boom" in m for m in check.js_errors)
    assert any("stance-rejected" in m for m in check.js_errors)


def test_report_loads_nothing_from_the_network(report: Path) -> None:
    # nbconvert's own template fetches require.js and MathJax from a CDN; the report template
    # drops them, so a report reads offline without errors.
    page = report.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=[\"']https?://", page)


def test_checker_reports_remote_and_missing_scripts(
    browser: WebDriver, report: Path, tmp_path: Path
) -> None:
    url = _inject(
        report,
        tmp_path,
        '<script src="https://example.org/x.js"></script><script src="missing.js"></script>',
    )
    check = check_page(browser, url)
    assert any("https://example.org/x.js" in m for m in check.console_errors)
    assert any("missing.js" in m for m in check.console_errors)
