"""The real app in a real browser: uvicorn serves the demo corpus on 127.0.0.1 (a free port, a background
thread) and Selenium drives Debian's headless Chromium through chromedriver: search, open a speaker, open
an article and see the highlights, paste an article and see its quotations.

Skips when /usr/bin/chromium or /usr/bin/chromedriver is missing (`.ci/run` installs both). Screenshots go
to a temporary folder, or to the folder named by KHABAR_SCREENSHOTS (docs/screenshots for the README):

    KHABAR_SCREENSHOTS=docs/screenshots .venv/bin/pytest tests/test_web_browser.py
"""
from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip("headless browser test needs Debian's chromium and chromium-driver "
                "(apt-get install chromium chromium-driver); .ci/run installs them", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the test extra: pip install -e '.[test]'")
uvicorn = pytest.importorskip("uvicorn")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from khabar.cli.web import build_demo  # noqa: E402
from khabar.web import create_app  # noqa: E402

PASTED = ("أعلنت بلدية الواحة خطة لتجديد السوق القديم.\n"
          "وقال رئيس البلدية فادي المنصوري: «سنفتتح السوق المجدد قبل حلول الصيف المقبل».\n"
          "وأكدت التاجرة هند الساعدي أن «التجار ينتظرون هذا القرار منذ سنوات طويلة».")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    db = build_demo(tmp_path_factory.mktemp("browser"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    opts.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="khabar-chromium-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--window-size=1100,1300", "--lang=ar", f"--user-data-dir={profile}",
                 # no network but this machine: a page that needs a CDN fails here as it would offline
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = Path(os.environ.get("KHABAR_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shot(driver, folder: Path, name: str) -> None:
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1100, min(max(height + 40, 700), 1800))
    assert driver.save_screenshot(str(folder / f"{name}.png"))
    assert (folder / f"{name}.png").stat().st_size > 5000


def test_search_speaker_article_paste_in_chromium(base_url, browser, shots):
    wait = WebDriverWait(browser, 15)
    # search
    browser.get(base_url + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
    box = browser.find_element(By.ID, "q")
    box.send_keys("الميناء")
    box.submit()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ol.results mark")))
    marks = browser.find_elements(By.CSS_SELECTOR, "ol.results mark")
    assert marks and all("ميناء" in m.text for m in marks)  # folded and stemmed: الميناء، لميناء
    assert "كريم الزهيري" in browser.find_element(By.TAG_NAME, "main").text
    _shot(browser, shots, "search")

    # open a speaker
    browser.get(base_url + "/")
    browser.find_element(By.LINK_TEXT, "كريم الزهيري").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "h1.speaker-name")))
    assert browser.find_element(By.CSS_SELECTOR, "h1.speaker-name").text == "كريم الزهيري"
    assert "وزير النقل" in browser.page_source
    assert len(browser.find_elements(By.CSS_SELECTOR, ".timeline circle")) >= 4
    _shot(browser, shots, "speaker")

    # open an article from the speaker's quotations and see the highlights
    browser.find_element(By.PARTIAL_LINK_TEXT, "وزير النقل يعد").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "article.text")))
    quotes = browser.find_elements(By.CSS_SELECTOR, "article.text a.quote")
    assert len(quotes) >= 2 and any("سنبدأ أعمال التوسعة" in q.text for q in quotes)
    speaker = browser.find_elements(By.CSS_SELECTOR, "article.text a.speaker")
    assert speaker and "/speakers/" in speaker[0].get_attribute("href")
    faded = browser.find_element(By.CSS_SELECTOR, "article.text .boiler")
    assert float(faded.value_of_css_property("opacity")) < 1
    bg = quotes[0].value_of_css_property("background-color")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    _shot(browser, shots, "article")

    # the quotation page: two outlets, the earliest marked as the source
    browser.find_element(By.PARTIAL_LINK_TEXT, "سنبدأ أعمال التوسعة").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ol.carried li.source")))
    assert "صحيفة الضياء" in browser.find_element(By.CSS_SELECTOR, "ol.carried li.source").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "ol.carried li")) == 2
    _shot(browser, shots, "quote")

    # paste an article and see its quotations
    browser.get(base_url + "/paste")
    browser.find_element(By.ID, "text").send_keys(PASTED)
    browser.find_element(By.CSS_SELECTOR, "form.paste button").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ol.pasted li")))
    found = browser.find_element(By.CSS_SELECTOR, "ol.pasted").text
    assert "فادي المنصوري" in found and "سنفتتح السوق المجدد" in found
    assert browser.find_elements(By.CSS_SELECTOR, "article.text .quote")
    _shot(browser, shots, "paste")


def test_paste_page_adds_hashtags_in_chromium(base_url, browser, shots):
    """«أضف الوسوم» returns the pasted article with its hashtags written in, quotations untouched."""
    wait = WebDriverWait(browser, 15)
    browser.get(base_url + "/paste")
    browser.find_element(By.ID, "text").send_keys(PASTED)
    browser.find_element(By.ID, "add-hashtags").click()
    wait.until(EC.presence_of_element_located((By.ID, "tagged-text")))
    tagged = browser.find_element(By.ID, "tagged-text").text
    assert "#فادي_المنصوري" in tagged and "#هند_الساعدي" in tagged
    assert "«سنفتتح السوق المجدد قبل حلول الصيف المقبل»" in tagged
    tags = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "ol.hashtags li")]
    assert any("#فادي_المنصوري" in t for t in tags)
    assert browser.find_element(By.ID, "text").get_attribute("value").strip() == PASTED.strip()
    _shot(browser, shots, "paste-hashtags")


def _loaded_from(driver) -> set[str]:
    """The origins of everything the page loaded (scripts, styles, fonts, the OpenAPI document)."""
    urls = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    return {"/".join(u.split("/")[:3]) for u in urls}


def test_api_docs_render_offline_in_chromium(base_url, browser, shots):
    """/docs renders the API from assets the server ships, with the network cut off; no ReDoc page."""
    wait = WebDriverWait(browser, 30)
    browser.get(base_url + "/docs")
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".swagger-ui .opblock")))
    paths = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")]
    assert "/api/extract" in paths and "/api/quotes" in paths
    assert _loaded_from(browser) == {base_url}
    _shot(browser, shots, "docs")

    browser.get(base_url + "/redoc")
    assert "404" in browser.title or "404" in browser.find_element(By.TAG_NAME, "body").text
