"""The HTML report in headless Chromium (Debian's, driven by Playwright): the opium pair is shown,
filtering works, 5,000 contradictions stay usable, and a screenshot is kept in artifacts/."""
import itertools
import shutil
import time

import pytest

import nli
from nli.records import Article, Claim, Pair, Verdict
from nli.report import Report
from tests.conftest import NEWS, ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed (.ci/run installs it)")
ARTIFACTS = ROOT / "artifacts"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


def open_page(browser, path):
    ctx = browser.new_context(offline=True, viewport={"width": 1400, "height": 1000})
    requests = []
    page = ctx.new_page()
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:", "about:")) else None)
    page.goto(path.as_uri())
    return page, requests


def test_news_report_in_browser(tmp_path, browser):
    out = tmp_path / "news.html"
    report = nli.detect([NEWS])
    out.write_text(report.to_html())
    page, requests = open_page(browser, out)
    assert not requests  # nothing fetched from the network
    rows = page.locator("#rows tr")
    assert rows.count() >= 3
    first = rows.nth(0).inner_text()
    assert report.rows()[0]["claim_a"][:60] in " ".join(first.split()) or report.rows()[0]["claim_a"][:60] in first
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html_report_news.png"), full_page=False)
    page.fill("#q", "Mayor")
    kept = page.locator("#rows tr")
    assert 0 < kept.count() <= rows.count()
    assert all("mayor" in kept.nth(i).inner_text().lower() for i in range(kept.count()))
    page.fill("#q", "zzzz-no-such-words")
    assert page.locator("#rows tr").count() == 0
    page.fill("#q", "")
    # a claim links to its place in the article
    link = page.locator("#rows tr").first.locator(".claim a").first
    target = link.get_attribute("href")
    assert page.locator(f'[id="{target[1:]}"]').count() == 1  # claim ids contain "#": match the id literally


def test_five_thousand_contradictions_stay_usable(tmp_path, browser):
    arts = [Article(id=f"a{i}", text=f"Claim number {i} says the count is {i}.") for i in range(200)]
    claims = [Claim(f"a{i}#0", f"a{i}", a.text, 0, len(a.text)) for i, a in enumerate(arts)]
    verdicts = []
    # 5,000 distinct pairs: a report keeps one verdict per pair of sentences
    for k, (a, b) in enumerate(itertools.islice(itertools.combinations(range(200), 2), 5000)):
        s = 0.5 + (k % 500) / 1000
        verdicts.append(Verdict(Pair(a, b, 0.6), {"contradiction": s}, {"contradiction": s}, s, "contradiction"))
    rep = Report(arts, claims, verdicts, nli.Config())
    out = tmp_path / "big.html"
    out.write_text(rep.to_html())
    t = time.perf_counter()
    page, _ = open_page(browser, out)
    page.wait_for_selector("#rows tr")
    load_s = time.perf_counter() - t
    assert page.locator("#rows tr").count() == 50  # one page at a time
    assert "5000 of 5000" in page.inner_text("#count")
    t = time.perf_counter()
    page.fill("#q", "number 17 ")
    filter_s = time.perf_counter() - t
    assert page.locator("#rows tr").count() > 0
    page.click("th[data-key=score]")
    page.click("#next")
    assert "page 2" in page.inner_text("#page") or "page 1 / 1" in page.inner_text("#page")
    print(f"5,000 contradictions: load {load_s:.2f}s, filter {filter_s:.3f}s")
    (ARTIFACTS).mkdir(exist_ok=True)
    (ARTIFACTS / "html_report_5000_timing.txt").write_text(f"load_s={load_s:.3f}\nfilter_s={filter_s:.3f}\n")
    assert load_s < 10 and filter_s < 2
