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
    _chart_drawn(browser)
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


DENIAL = ("أعلنت شركة النخيل للشحن خطة جديدة لتنظيم الرحلات.\n"
          "ونفى المدير العام للشركة سامر الدباغ وجود أي خلل في مواعيد الشحنات.\n"
          "وقال الدباغ: «سنضاعف عدد الرحلات قبل نهاية العام».\n"
          "وأشار الدباغ إلى أن الشركة «لن تتراجع عن خطتها» مهما كانت الكلفة.")


def _utterances(driver) -> dict[str, tuple[str, str]]:
    """Each shown quotation's kind class and visible sentence, keyed by its first word (the cue verb)."""
    out = {}
    for div in driver.find_elements(By.CSS_SELECTOR, "div.said"):
        text = div.find_element(By.CSS_SELECTOR, ".utterance").text.strip()
        out[text.split()[0]] = (div.get_attribute("class"), text)
    return out


def test_each_kind_is_shown_faithfully_in_chromium(base_url, browser, shots):
    """A direct quotation in marks; an indirect denial as reported speech with its cue, never in marks; a
    mixed one with only the speaker's own words in marks (not doubled); facts in Arabic."""
    wait = WebDriverWait(browser, 15)
    browser.get(base_url + "/paste")
    browser.find_element(By.ID, "text").send_keys(DENIAL)
    browser.find_element(By.CSS_SELECTOR, "form.paste button").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ol.pasted div.said")))
    shown = _utterances(browser)
    cls, denial = shown["نفى"]
    assert "kind-indirect" in cls and denial.startswith("نفى سامر الدباغ وجود أي خلل")
    assert "«" not in denial and "»" not in denial
    cls, direct = shown["قال"]
    assert "kind-direct" in cls and direct.endswith("«سنضاعف عدد الرحلات قبل نهاية العام»")
    cls, mixed = shown["أشار"]
    assert "kind-mixed" in cls and mixed.count("«") == 1 and "إلى أن الشركة «لن تتراجع عن خطتها»" in mixed
    facts = browser.find_element(By.CSS_SELECTOR, "ol.pasted").text
    assert "قول منقول بتصرف" in facts and "نفي" in facts and "direct" not in facts and "0.7" not in facts
    # «موضعه في المقالة» leads to the quotation's place in the text
    link = browser.find_elements(By.CSS_SELECTOR, "ol.pasted a.in-article")[1]
    target = link.get_attribute("href").split("#")[1]
    assert browser.find_element(By.ID, target).text.startswith("وجود أي خلل")
    _shot(browser, shots, "faithful")

    # the demo's denial, on the search page too: reported speech, never in marks
    browser.get(base_url + "/?q=تأخير")
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "div.said")))
    cls, stored = _utterances(browser)["نفى"]
    assert "kind-indirect" in cls and stored.startswith("نفى كريم الزهيري وجود أي تأخير") and "«" not in stored


def test_arabic_counts_paging_and_speakers_index_in_chromium(base_url, browser, shots):
    wait = WebDriverWait(browser, 15)
    browser.get(base_url + "/?unsure=true")
    counts = browser.find_element(By.CSS_SELECTOR, "p.counts").text
    assert "10 مقالات" in counts and "8 متحدثين" in counts  # CLDR «few»: 3 to 10 take the plural
    heading = browser.find_element(By.ID, "quotes-heading").text
    total = int(heading.split("(")[1].rstrip(")").replace(",", ""))
    first = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "div.said .utterance a[href*='/quotes/']")]
    assert total > len(first) > 0
    browser.find_element(By.CSS_SELECTOR, "nav.pager a[rel=next]").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "nav.pager a[rel=prev]")))
    second = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "div.said .utterance a[href*='/quotes/']")]
    assert second and set(second).isdisjoint(first) and len(first) + len(second) == total
    from selenium.webdriver.support.ui import Select

    # the older switch travels with the page, shown as the confidence chosen: all of them
    assert Select(browser.find_element(By.ID, "min_confidence")).first_selected_option.get_attribute("value") == "0"

    browser.get(base_url + "/")
    browser.find_element(By.LINK_TEXT, "المتحدثون").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ol.speakers-index")))
    assert browser.find_element(By.TAG_NAME, "h1").text == "المتحدثون (8)"
    rows = browser.find_elements(By.CSS_SELECTOR, "ol.speakers-index li")
    assert rows[0].find_element(By.CSS_SELECTOR, "a.speaker-link").text == "كريم الزهيري"
    assert "7 أقوال" in rows[0].text and "4 مقالات" in rows[0].text
    _shot(browser, shots, "speakers")
    box = browser.find_element(By.ID, "q")
    box.send_keys("العطاري")
    box.submit()
    wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "المتحدثون (1)"))
    browser.find_element(By.LINK_TEXT, "سلمى العطاري").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "h1.speaker-name")))
    assert "4 أقوال في 3 مقالات" in browser.find_element(By.CSS_SELECTOR, "p.facts").text


def test_phone_width_page_in_chromium(base_url, browser, shots):
    """At a phone's width the page fits: nothing wider than the screen, so no sideways scrolling."""
    browser.set_window_size(390, 844)
    try:
        browser.get(base_url + "/")  # the filters folded away: the results come first
        WebDriverWait(browser, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "div.said")))
        inner = browser.execute_script("return window.innerWidth")
        scroll = browser.execute_script("return document.documentElement.scrollWidth")
        assert scroll <= inner
        assert browser.find_element(By.CSS_SELECTOR, "div.said .utterance").size["width"] <= inner
        assert browser.save_screenshot(str(shots / "phone.png"))
    finally:
        browser.set_window_size(1100, 1300)


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


def _chart_drawn(driver) -> None:
    """The speaker's chart is matplotlib's SVG, shown as an image the browser decoded and laid out."""
    img = driver.find_element(By.CSS_SELECTOR, "figure.chart img")
    assert img.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) > 100
    assert img.size["width"] > 200 and img.size["height"] > 50
    assert "الأقوال" in img.get_attribute("alt")


def _dates(driver) -> list[str]:
    return [t.get_attribute("datetime") for t in driver.find_elements(By.CSS_SELECTOR, "ol.results div.said .meta time")]


def test_filtered_search_with_paging_and_export_in_chromium(base_url, browser, shots, tmp_path):
    """The filters are a form: choosing them gives a shareable URL, the pager keeps them, and «تصدير»
    downloads every quotation of the result (not one page) as CSV with a byte order mark, and as JSONL."""
    wait = WebDriverWait(browser, 15)
    from selenium.webdriver.support.ui import Select

    browser.get(base_url + "/")
    assert not browser.find_element(By.ID, "since").is_displayed()  # folded away until asked for
    browser.find_element(By.CSS_SELECTOR, "details.filters summary").click()  # a keyboard's Enter does the same
    browser.find_element(By.ID, "since").send_keys("03/01/2026")  # a date field takes the date as typed
    Select(browser.find_element(By.ID, "min_confidence")).select_by_value("0")
    Select(browser.find_element(By.ID, "sort")).select_by_value("newest")
    browser.find_element(By.CSS_SELECTOR, "fieldset.filters button").click()
    wait.until(EC.url_contains("sort=newest"))
    assert "since=2026-03-01" in browser.current_url and "min_confidence=0" in browser.current_url
    total = int(browser.find_element(By.ID, "quotes-heading").text.split("(")[1].rstrip(")"))
    first = _dates(browser)
    assert total > len(first) == 20 and first == sorted(first, reverse=True)
    assert Select(browser.find_element(By.ID, "sort")).first_selected_option.get_attribute("value") == "newest"
    _shot(browser, shots, "search-filters")
    browser.find_element(By.CSS_SELECTOR, "nav.pager a[rel=next]").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "nav.pager a[rel=prev]")))
    second = _dates(browser)
    assert len(first) + len(second) == total and second[0] <= first[-1]  # newest first, across the pages

    # the same search narrowed to one outlet, then exported
    browser.get(base_url + "/?sort=oldest")  # a chosen filter or order shows the filters open
    assert browser.find_element(By.ID, "source").is_displayed()
    Select(browser.find_element(By.ID, "source")).select_by_visible_text("صحيفة الضياء")
    Select(browser.find_element(By.ID, "kind")).select_by_value("direct")
    browser.find_element(By.CSS_SELECTOR, "fieldset.filters button").click()
    wait.until(EC.url_contains("kind=direct"))
    outlets = {a.text for a in browser.find_elements(By.CSS_SELECTOR, "ol.results .meta a.outlet")}
    assert outlets == {"صحيفة الضياء"}
    shown = int(browser.find_element(By.ID, "quotes-heading").text.split("(")[1].rstrip(")"))
    folder = tmp_path / "downloads"
    folder.mkdir()
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    browser.find_element(By.ID, "export-csv").click()
    browser.find_element(By.ID, "export-jsonl").click()
    deadline = time.monotonic() + 20
    while {p.name for p in folder.iterdir()} != {"khabar-quotes.csv", "khabar-quotes.jsonl"}:
        assert time.monotonic() < deadline, list(folder.iterdir())
        time.sleep(0.2)
    import csv
    import json

    raw = (folder / "khabar-quotes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    lines = [json.loads(x) for x in (folder / "khabar-quotes.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(lines) == shown > 0
    assert {r["source"] for r in rows} == {"صحيفة الضياء"} and {r["kind"] for r in lines} == {"direct"}
    assert [r["quote_id"] for r in rows] == [str(x["quote_id"]) for x in lines]


def test_speaker_outlet_and_entity_pages_link_in_chromium(base_url, browser, shots):
    """Names link everywhere: a speaker page leads to the outlets quoting them and the speakers quoted beside
    them; an outlet page to the speakers it quotes; an entity page to those whose words mention it."""
    wait = WebDriverWait(browser, 15)
    browser.get(base_url + "/speakers")
    browser.find_element(By.LINK_TEXT, "كريم الزهيري").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "figure.chart img")))
    _chart_drawn(browser)
    months = browser.find_elements(By.CSS_SELECTOR, "figure.chart .month")
    assert [m.find_element(By.TAG_NAME, "time").text for m in months] == ["مارس 2026", "أبريل 2026", "مايو 2026"]
    assert "الأسماء التي ورد بها" in browser.find_element(By.TAG_NAME, "main").text
    outlets = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "ul.outlets a.outlet")]
    assert "صحيفة الضياء" in outlets
    assert browser.find_elements(By.CSS_SELECTOR, "ul.beside a.speaker-link")
    for div in browser.find_elements(By.CSS_SELECTOR, "div.said.kind-indirect"):  # reported speech, no marks
        assert "«" not in div.find_element(By.CSS_SELECTOR, ".utterance").text
    _shot(browser, shots, "speaker")

    browser.find_element(By.CSS_SELECTOR, "ul.outlets").find_element(By.LINK_TEXT, "صحيفة الضياء").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "h1.outlet-name")))
    assert browser.find_element(By.CSS_SELECTOR, "h1.outlet-name").text == "صحيفة الضياء"
    facts = browser.find_element(By.CSS_SELECTOR, "p.facts").text
    assert "8 أقوال في 3 مقالات" in facts and "2 مارس 2026" in facts
    quoted = browser.find_elements(By.CSS_SELECTOR, "table.quoted tbody tr")
    assert quoted[0].find_element(By.CSS_SELECTOR, "a.speaker-link").text == "كريم الزهيري"
    assert "5 أقوال" in quoted[0].text
    outlets = {a.text for a in browser.find_elements(By.CSS_SELECTOR, "ol.results .meta a.outlet")}
    assert outlets == {"صحيفة الضياء"}
    _shot(browser, shots, "outlet")

    browser.get(base_url + "/outlets")
    rows = browser.find_elements(By.CSS_SELECTOR, "ol.outlets-index li")
    assert len(rows) == 4 and "صحيفة الضياء" in rows[0].text
    _shot(browser, shots, "outlets")

    # an entity named inside a quotation: from the article text to the entity page, and on to the speaker
    browser.get(base_url + "/?mentions=" + "مرافئ الخليج" + "&min_confidence=0")
    browser.find_element(By.CSS_SELECTOR, "div.said a.in-article").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "article.text")))
    browser.find_element(By.CSS_SELECTOR, "article.text").find_element(By.LINK_TEXT, "مرافئ الخليج").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "h1.entity-name")))
    assert browser.find_element(By.CSS_SELECTOR, "h1.entity-name").text == "مرافئ الخليج"
    assert "هيئة" in browser.find_element(By.CSS_SELECTOR, "p.facts").text
    said = browser.find_elements(By.CSS_SELECTOR, "ol.results div.said")
    assert len(said) == 1 and "مرافئ الخليج" in said[0].text
    by = browser.find_element(By.CSS_SELECTOR, "table.quoted a.speaker-link")
    name = by.text
    _shot(browser, shots, "entity")
    by.click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "h1.speaker-name")))
    assert browser.find_element(By.CSS_SELECTOR, "h1.speaker-name").text == name
    assert "مرافئ الخليج" in [a.text for a in browser.find_elements(By.CSS_SELECTOR, "ul.entities a.entity")]


def test_linked_pages_fit_a_phone_in_chromium(base_url, browser, shots):
    """The filter form, a speaker page with its chart and an outlet page fit a phone's width."""
    browser.set_window_size(390, 844)
    try:
        for path, name in (("/?min_confidence=0&sort=newest", None), ("/speakers/6", "phone-speaker"),
                           ("/outlets/" + "صحيفة الضياء", None)):
            browser.get(base_url + path)
            WebDriverWait(browser, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "div.said")))
            inner = browser.execute_script("return window.innerWidth")
            assert browser.execute_script("return document.documentElement.scrollWidth") <= inner, path
            if name:
                assert browser.find_element(By.CSS_SELECTOR, "figure.chart img").size["width"] <= inner
                assert browser.save_screenshot(str(shots / f"{name}.png"))
    finally:
        browser.set_window_size(1100, 1300)
