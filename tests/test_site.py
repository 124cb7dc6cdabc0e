"""The website, tested in a real browser: self-contained, readable offline, nothing broken.

The built book (_build/html, from the `built_book` fixture) is served on 127.0.0.1 and opened
in headless Chromium through Playwright. Every page that _toc.yml lists is checked, so new
chapters are covered as soon as they are in the table of contents.

Chromium: $CHROMIUM_PATH, else `chromium` or `chromium-browser` on the PATH. Without it these
tests are skipped (one line at the end of the run says so), unless NNBOOK_REQUIRE_BROWSER=1
(set by CI), where a missing browser is a failure.

Reports written under _build/: page-weight.txt (what each page transfers) and screenshots/
(landing page and first chapter, light and dark theme).
"""

from __future__ import annotations

import functools
import gzip
import html as html_module
import json
import math
import re
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import nbformat
import numpy as np
import pytest
import yaml
from PIL import Image

import nnlib
from conftest import HTML, ROOT, toc_pages
from nnlib.descent import _clipped_mse_from_sums, data_sums, gradient_descent_from_sums
from nnlib.explorers import EXPLORERS, classifier_sliders, hidden_layer_sliders, minibatch_sliders
from nnlib.momentum import momentum_from_sums

pytestmark = pytest.mark.browser

BUILD = ROOT / "_build"
SCREENSHOTS = BUILD / "screenshots"
WEIGHT_REPORT = BUILD / "page-weight.txt"

PAGES = toc_pages()
CHAPTERS = [page for page in PAGES if page.startswith("chapters/")]
BOOK_TITLE = yaml.safe_load((ROOT / "_config.yml").read_text())["title"]

# A page and everything it loads, as a static host serves it: text gzip-compressed, the rest raw.
MAX_PAGE_BYTES = 1_500_000
TEXT_SUFFIXES = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".map", ".txt", ".xml", ".ipynb"}
GZIP_LEVEL = 6  # what nginx, Apache and most static hosts use for on-the-fly compression

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_SCRIPTS = re.compile(r"require(\.min)?\.js|html-manager|embed-amd|jupyter-widgets", re.I)
WIDGET_REPR = re.compile(
    r"\b(interactive|VBox|HBox|Box|\w+Slider|Output)\(children=|\w+Slider\(value="
)
# TeX that MathJax should have turned into typeset math, if it is still visible as text.
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\(frac|hat|sum|partial|begin|end|mathbf|cdot)\b")


# --------------------------------------------------------------------------------------------
# The browser, the server, and one visit per page


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site(built_book):
    """Serve _build/html on 127.0.0.1 at a free port; yields the base URL (ending in /)."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(HTML))
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def _new_page(browser, color_scheme: str = "light", mode: str | None = None):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme=color_scheme
    )
    if mode is not None:  # the theme's own switch stores the choice in localStorage
        context.add_init_script(
            f"localStorage.setItem('mode', '{mode}');localStorage.setItem('theme', '{mode}');"
        )
    return context, context.new_page()


def _wait_until_settled(page) -> None:
    """Wait for MathJax to typeset and for lazily loaded resources below the fold."""
    page.evaluate("""async () => {
        if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
        window.scrollTo(0, document.body.scrollHeight);
        await new Promise(r => setTimeout(r, 100));
        window.scrollTo(0, 0);
    }""")
    page.wait_for_load_state("networkidle")


# Everything one look at a page needs, gathered in the page by one script.
INSPECT_PAGE = """() => {
    const article = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
    const minAlpha = img => {
        if (!img.complete || img.naturalWidth === 0) return null;
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
        const ctx = canvas.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let min = 255;
        for (let i = 3; i < data.length; i += 4) if (data[i] < min) min = data[i];
        return min;
    };
    const images = [...document.images].map(img => ({
        src: img.currentSrc || img.src, alt: img.getAttribute('alt'),
        naturalWidth: img.naturalWidth, minAlpha: minAlpha(img),
    }));
    const prose = article.cloneNode(true);
    prose.querySelectorAll('pre, code, script, style, mjx-container, mjx-assistive-mml, .headerlink')
        .forEach(node => node.remove());
    const h1 = article.querySelector('h1');
    const heading = h1 ? h1.cloneNode(true) : null;
    if (heading) heading.querySelectorAll('.headerlink').forEach(node => node.remove());
    const href = selector => { const a = document.querySelector(selector); return a ? a.href : null; };
    return {
        title: document.title,
        heading: heading ? heading.textContent.trim() : null,
        images,
        proseText: prose.textContent,
        mathCount: document.querySelectorAll('.math').length,
        mathTypeset: document.querySelectorAll('.math mjx-container').length,
        mathUntypeset: [...document.querySelectorAll('.math')].filter(m => !m.querySelector('mjx-container'))
            .map(m => m.textContent.slice(0, 80)),
        mathErrors: document.querySelectorAll('mjx-merror, mjx-container [data-mjx-error]').length,
        mjxContainers: document.querySelectorAll('mjx-container').length,
        prev: href('a.left-prev'), next: href('a.right-next'),
        downloads: [...document.querySelectorAll('a[href$=".ipynb"]')].map(a => a.href),
        cells: [...article.querySelectorAll('div.cell')].map(cell => {
            const output = cell.querySelector('.cell_output');
            return {images: output ? output.querySelectorAll('img').length : 0,
                    explorers: output ? output.querySelectorAll('.nnbook-explorer-root').length : 0,
                    text: output ? output.textContent : ''};
        }),
        sidewaysScroll: [...article.querySelectorAll('div.cell pre')]
            .filter(pre => pre.scrollWidth > pre.clientWidth + 1)
            .map(pre => pre.textContent.split('\\n').sort((a, b) => b.length - a.length)[0]),
        widgetElements: document.querySelectorAll(
            'script[type^="application/vnd.jupyter.widget"], .jupyter-widgets, .widget-subarea').length,
        iconsNotDrawn: [...document.querySelectorAll('i[class*="fa-"]')].filter(icon => {
            const style = getComputedStyle(icon, '::before');
            const drawn = icon.querySelector('svg') || (style.maskImage || style.webkitMaskImage || 'none') !== 'none'
                || (style.content !== 'none' && style.content !== 'normal' && style.content !== '""');
            return !drawn;
        }).map(icon => icon.className),
    };
}"""


@dataclass
class Visit:
    url: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    responses: list[str] = field(default_factory=list)
    dom: dict = field(default_factory=dict, repr=False)


def _visit(browser, url: str) -> Visit:
    visit = Visit(url)
    context, page = _new_page(browser)  # a fresh context: nothing cached, everything counted
    page.on("console", lambda msg: msg.type == "error" and visit.console_errors.append(msg.text))
    page.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on(
        "requestfailed", lambda request: visit.failed.append(f"{request.url} ({request.failure})")
    )

    def on_response(response):
        visit.responses.append(response.url)
        if response.status >= 400:
            visit.failed.append(f"{response.url} (HTTP {response.status})")

    page.on("response", on_response)
    try:
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url}: {response and response.status}"
        _wait_until_settled(page)
        visit.dom = page.evaluate(INSPECT_PAGE)
    finally:
        context.close()
    return visit


@pytest.fixture(scope="session")
def visits(browser, site) -> dict[str, Visit]:
    """Every TOC page, opened once in a fresh browser context."""
    return {name: _visit(browser, f"{site}{name}.html") for name in PAGES}


# --------------------------------------------------------------------------------------------
# What the pages' sources say


def _source(name: str) -> Path:
    for suffix in (".ipynb", ".md"):
        if (ROOT / f"{name}{suffix}").is_file():
            return ROOT / f"{name}{suffix}"
    raise FileNotFoundError(name)


def _markdown(name: str) -> str:
    source = _source(name)
    if source.suffix == ".md":
        return source.read_text()
    cells = nbformat.read(source, as_version=4).cells
    return "\n\n".join(cell.source for cell in cells if cell.cell_type == "markdown")


def _prose(markdown: str) -> str:
    """Markdown without code and math: the words a reader (and the search index) sees."""
    markdown = re.sub(r"^(```|~~~).*?^\1", " ", markdown, flags=re.S | re.M)
    markdown = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$|`[^`\n]+`", " ", markdown, flags=re.S)
    return markdown


def _expected_heading(name: str) -> str:
    for line in _prose(_markdown(name)).splitlines():
        match = re.match(r"#\s+(.+)", line)
        if match:
            return re.sub(r"[*_]", "", match.group(1)).strip()
    raise AssertionError(f"{name}: no '# title' heading in the source")


def _page_name(base: str, url: str) -> str | None:
    path = urlsplit(url).path
    prefix = urlsplit(base).path
    if not path.startswith(prefix) or not path.endswith(".html"):
        return None
    return unquote(path[len(prefix) : -len(".html")])


def _local_file(base: str, url: str) -> Path | None:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != base:
        return None
    path = unquote(parts.path)
    target = HTML / path.lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


# --------------------------------------------------------------------------------------------
# Every page: loads cleanly, self-contained, images, math, title and heading


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_without_errors_or_outside_requests(visits, site, name):
    visit = visits[name]
    assert not visit.console_errors, f"{name}: console errors: {visit.console_errors}"
    assert not visit.failed, f"{name}: failed requests: {visit.failed}"
    outside = [
        url
        for url in visit.requests
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"
    ]
    assert not outside, f"{name}: requests outside the site: {outside}"
    html = (HTML / f"{name}.html").read_text()
    named = re.findall(
        r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*?\b(?:src|href)="
        r"[\"']((?:https?:)?//[^\"']+)",
        html,
    )
    assert not named, f"{name}: the page names resources from outside the site: {named}"
    scripted = re.findall(r"https?://(?!127\.0\.0\.1)[^\s\"'<>]+\.(?:m?js|css|woff2?)\b", html)
    assert not scripted, f"{name}: inline code would load from outside the site: {scripted}"


@pytest.mark.parametrize("name", PAGES)
def test_code_and_outputs_fit_their_boxes(visits, name):
    """At the default width no code or output box scrolls sideways (lines of up to 80 fit)."""
    assert not visits[name].dom["sidewaysScroll"], (
        f"{name}: these lines scroll sideways: {visits[name].dom['sidewaysScroll']}"
    )


@pytest.mark.parametrize("name", PAGES)
def test_theme_icons_are_drawn(visits, name):
    # _ext/icons.py replaces the theme's 1.5 MB icon script by CSS for the icons in use.
    assert not visits[name].dom["iconsNotDrawn"], (
        f"{name}: icons not drawn: {visits[name].dom['iconsNotDrawn']}"
    )


@pytest.mark.parametrize("name", PAGES)
def test_images_load_with_alt_text_and_opaque_background(visits, name):
    for image in visits[name].dom["images"]:
        assert image["naturalWidth"] > 0, f"{name}: image did not load: {image['src']}"
        alt = (image["alt"] or "").strip()
        assert alt, f"{name}: image without alt text: {image['src']}"
        assert not re.search(r"\.(png|jpe?g|svg|gif)$", alt), (
            f"{name}: the alt text of {image['src']} is its file name; describe the figure in the "
            'cell\'s metadata: {"mystnb": {"image": {"alt": "..."}}}'
        )
        if urlsplit(image["src"]).path.endswith((".png", ".jpg", ".jpeg")):
            assert image["minAlpha"] == 255, (
                f"{name}: {image['src']} has transparent pixels; it would be unreadable on the dark "
                "theme. Draw figures on an opaque white background (nnlib.plotting.new_figure)."
            )


@pytest.mark.parametrize("name", PAGES)
def test_math_is_typeset(visits, name):
    dom = visits[name].dom
    markdown = re.sub(r"^(```|~~~).*?^\1", " ", _markdown(name), flags=re.S | re.M)
    if dom["mathCount"] > 0 or re.search(r"\$\$|\$[^$\n]+\$", markdown):
        assert dom["mjxContainers"] > 0, f"{name}: the page has math but MathJax typeset nothing"
    assert not dom["mathUntypeset"], f"{name}: math left as TeX: {dom['mathUntypeset']}"
    assert dom["mathErrors"] == 0, f"{name}: MathJax reported {dom['mathErrors']} error(s)"
    raw = sorted({match.group(0) for match in RAW_TEX.finditer(dom["proseText"])})
    assert not raw, f"{name}: raw TeX visible in the text: {raw}"


@pytest.mark.parametrize("name", PAGES)
def test_title_and_heading(visits, name):
    dom = visits[name].dom
    heading = _expected_heading(name)
    assert dom["heading"] == heading, f"{name}: the page's <h1> is {dom['heading']!r}"
    assert dom["title"] == f"{heading} — {BOOK_TITLE}", f"{name}: <title> is {dom['title']!r}"


def test_landing_page_redirects_to_the_root_page(browser, site):
    context, page = _new_page(browser)
    try:
        page.goto(site, wait_until="load")
        page.wait_for_url(f"{site}{PAGES[0]}.html")
    finally:
        context.close()


# --------------------------------------------------------------------------------------------
# Navigation, search, downloads, links


def test_next_and_previous_links_walk_the_toc_in_order(browser, site, visits):
    for position, name in enumerate(PAGES):
        dom = visits[name].dom
        expected_prev = f"{site}{PAGES[position - 1]}.html" if position > 0 else None
        expected_next = f"{site}{PAGES[position + 1]}.html" if position + 1 < len(PAGES) else None
        assert (dom["prev"], dom["next"]) == (expected_prev, expected_next), name
    # And they work: click through the whole book, forwards then backwards.
    context, page = _new_page(browser)
    try:
        page.goto(f"{site}{PAGES[0]}.html")
        for name in PAGES[1:]:
            page.click("a.right-next")
            page.wait_for_url(f"{site}{name}.html", wait_until="domcontentloaded")
            assert _expected_heading(name) in page.locator("article h1").first.text_content(), name
        for name in reversed(PAGES[:-1]):
            page.click("a.left-prev")
            page.wait_for_url(f"{site}{name}.html", wait_until="domcontentloaded")
    finally:
        context.close()


def test_search_finds_gradient_and_links_to_the_pages_that_say_it(browser, site):
    expected = {name for name in PAGES if re.search(r"\bgradient", _prose(_markdown(name)), re.I)}
    assert expected, "no page of the book mentions 'gradient' in its prose"
    context, page = _new_page(browser)
    try:
        page.goto(f"{site}search.html?q=gradient", wait_until="load")
        page.wait_for_selector("#search-results ul.search li a", timeout=15_000)
        page.wait_for_function(
            "() => !document.querySelector('#search-progress') || "
            "/found|did not match/i.test(document.querySelector('#search-progress').textContent)",
            timeout=15_000,
        )
        # Sphinx adds the results one by one; wait until the list has stopped growing.
        links: list[str] = []
        for _ in range(50):
            now = page.eval_on_selector_all(
                "#search-results ul.search li a", "as => as.map(a => a.href)"
            )
            if now == links:
                break
            links = now
            page.wait_for_timeout(300)
        found = {_page_name(site, urldefrag(link)[0].split("?")[0]) for link in links}
        assert expected <= found, (
            f"search 'gradient' missed {sorted(expected - found)}; found {sorted(found)}"
        )
        first_chapter = next(
            link for link in links if _page_name(site, link.split("?")[0]) in PAGES
        )
        response = page.goto(first_chapter, wait_until="load")
        assert response.ok and "gradient" in page.locator("article").inner_text().lower()
    finally:
        context.close()


@pytest.mark.parametrize("name", [name for name in PAGES if _source(name).suffix == ".ipynb"])
def test_notebook_download_is_a_valid_notebook(visits, name):
    links = visits[name].dom["downloads"]
    assert links, f"{name}: no .ipynb download link"
    for link in links:
        with urllib.request.urlopen(link, timeout=10) as response:
            notebook = nbformat.reads(response.read().decode("utf-8"), as_version=4)
        nbformat.validate(notebook)
        source = nbformat.read(_source(name), as_version=4)
        assert [cell.source for cell in notebook.cells] == [cell.source for cell in source.cells], (
            link
        )


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "link", "script", "img", "iframe", "source"):
                self.links.append((tag, attrs[key]))


def test_every_internal_link_and_anchor_resolves(site):
    """Crawl the site from every TOC page: every internal link's target and #anchor exist."""
    pages: dict[
        str, _LinkParser | None
    ] = {}  # url without fragment -> parsed page (None: not HTML)
    missing: dict[str, int] = {}
    todo = [f"{site}{name}.html" for name in PAGES] + [
        site,
        f"{site}search.html",
        f"{site}genindex.html",
    ]
    wanted: list[tuple[str, str, str]] = []  # (on page, link, target page + fragment)

    def fetch(url: str):
        if url in pages or url in missing:
            return
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body, kind = response.read(), response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            missing[url] = error.code
            return
        if kind == "text/html":
            parser = _LinkParser()
            parser.feed(body.decode("utf-8"))
            pages[url] = parser
            todo.append(url)
        else:
            pages[url] = None

    crawled: set[str] = set()
    while todo:
        url = todo.pop()
        if url in crawled:
            continue
        fetch(url)
        parser = pages.get(url)
        crawled.add(url)
        if parser is None:
            continue
        for tag, link in parser.links:
            target = urljoin(url, link)
            parts = urlsplit(target)
            if parts.scheme in ("mailto", "javascript", "data"):
                continue
            if parts.hostname != "127.0.0.1":
                assert tag == "a", f"{url}: <{tag}> loads {link} from outside the site"
                continue
            page_url, fragment = urldefrag(target)
            page_url = page_url.split("?")[0]
            fetch(page_url)
            if fragment:
                wanted.append((url, link, f"{page_url}#{fragment}"))

    broken = [f"{url} -> {code}" for url, code in missing.items()]
    for on_page, link, target in wanted:
        page_url, fragment = target.split("#", 1)
        parser = pages.get(page_url)
        if parser is not None and unquote(fragment) not in parser.ids:
            broken.append(f"{on_page}: {link} (no id={unquote(fragment)!r} on {page_url})")
    assert not broken, "broken links:\n" + "\n".join(sorted(set(broken)))
    assert len([url for url in pages if url.endswith(".html")]) >= len(PAGES)


# --------------------------------------------------------------------------------------------
# Page weight


def _transfer_size(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix.lower() in TEXT_SUFFIXES:
        return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))
    return len(data)


def test_every_page_weighs_at_most_1_5_MB(visits, site):
    rows, too_heavy = [], []
    for name in PAGES:
        files = {}
        for url in visits[name].responses:
            path = _local_file(site, url)
            assert path is not None, f"{name}: response from outside the site or not a file: {url}"
            files[path] = _transfer_size(path)
        total = sum(files.values())
        heaviest = sorted(files.items(), key=lambda item: -item[1])[:3]
        rows.append((name, len(files), total, heaviest))
        if total > MAX_PAGE_BYTES:
            too_heavy.append(name)
    lines = [f"{'page':<32} {'files':>5} {'bytes':>10}  heaviest (gzip for text, raw otherwise)"]
    for name, count, total, heaviest in rows:
        top = ", ".join(f"{path.relative_to(HTML)} {size / 1000:.0f} kB" for path, size in heaviest)
        lines.append(f"{name:<32} {count:>5} {total:>10,}  {top}")
    report = "\n".join(lines)
    WEIGHT_REPORT.write_text(report + "\n")
    print("\n" + report)
    assert not too_heavy, f"pages over {MAX_PAGE_BYTES:,} bytes: {too_heavy}\n{report}"


# --------------------------------------------------------------------------------------------
# Light and dark theme


def _luminance(pixel) -> float:
    r, g, b = pixel[:3]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_figures_readable_in_light_and_dark_theme(browser, site, mode):
    """Screenshots of the landing page and the first chapter; figures stay light on white."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in PAGES[:1] + CHAPTERS[:1]:
        context, page = _new_page(browser, color_scheme=mode, mode=mode)
        try:
            page.goto(f"{site}{name}.html", wait_until="load")
            _wait_until_settled(page)
            assert page.evaluate("document.documentElement.dataset.theme") == mode, name
            shot = SCREENSHOTS / f"{name.replace('/', '_')}-{mode}.png"
            page.screenshot(path=str(shot), full_page=True, animations="disabled")
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            rgb = [int(v) for v in re.findall(r"\d+", background)[:3]]
            assert (_luminance(rgb) > 200) if mode == "light" else (_luminance(rgb) < 80), (
                f"{name}: the {mode} theme's background is {background}"
            )
            figures = page.locator("article .cell_output img")
            for index in range(figures.count()):
                figure = figures.nth(index)
                figure.scroll_into_view_if_needed()
                path = SCREENSHOTS / f".figure-{mode}.png"
                figure.screenshot(path=str(path))
                with Image.open(path) as image:
                    corner = image.convert("RGB").getpixel(
                        (min(12, image.width // 2), min(12, image.height // 2))
                    )
                path.unlink()
                # The figure's own white background shows (a little dimmed by the dark theme).
                assert _luminance(corner) > 180, (
                    f"{name}: figure {index} corner is {corner} in {mode} mode"
                )
        finally:
            context.close()


def test_every_figure_png_is_opaque(built_book):
    """Transparent figures vanish into the dark theme: every PNG the pages show is opaque."""
    for path in sorted((HTML / "_images").glob("*.png")):
        with Image.open(path) as image:
            if image.mode in ("RGBA", "LA") or "transparency" in image.info:
                alpha = image.convert("RGBA").getchannel("A")
                assert alpha.getextrema()[0] == 255, f"{path.name} has transparent pixels"


# --------------------------------------------------------------------------------------------
# Explorers: live on the static page, and showing the numbers nnlib computes


def _widget_cells(name: str) -> tuple[list[bool], list[dict]]:
    """For each code cell that the page shows: did it display a widget? Plus the cells."""
    notebook = nbformat.read(_source(name), as_version=4)
    shown = [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and "remove-cell" not in cell.metadata.get("tags", [])
    ]
    flags = [
        any(WIDGET_VIEW in output.get("data", {}) for output in cell.get("outputs", []))
        and "remove-output" not in cell.metadata.get("tags", [])
        for cell in shown
    ]
    return flags, shown


@pytest.mark.parametrize("name", PAGES)
def test_widget_cells_are_live_explorers_not_frozen_widgets(visits, name):
    visit = visits[name]
    html = (HTML / f"{name}.html").read_text()
    assert WIDGET_VIEW not in html and WIDGET_STATE not in html, f"{name}: widget data in the page"
    assert visit.dom["widgetElements"] == 0, f"{name}: widget elements in the page"
    scripts = [url for url in visit.requests if WIDGET_SCRIPTS.search(url)]
    assert not scripts, f"{name}: loads widget scripts: {scripts}"
    for cell in visit.dom["cells"]:
        assert not WIDGET_REPR.search(cell["text"]), (
            f"{name}: a widget's text repr shows: {cell['text'][:120]}"
        )
    if _source(name).suffix != ".ipynb":
        return
    flags, _ = _widget_cells(name)
    cells = visit.dom["cells"]
    assert len(cells) == len(flags), (
        f"{name}: {len(flags)} code cells in the notebook, {len(cells)} on the page"
    )
    for index, (displayed_widget, cell) in enumerate(zip(flags, cells)):
        assert cell["explorers"] == int(displayed_widget), (
            f"{name}: code cell {index + 1} displayed {int(displayed_widget)} explorer(s), "
            f"the page runs {cell['explorers']}"
        )
        if displayed_widget:
            assert "runs in your browser" not in cell["text"], (
                f"{name}: code cell {index + 1} still shows the note for readers without scripts"
            )


# Every explorer the book has, from nnlib's registry: a new one is tested as soon as it exists.
EXPLORER_KINDS = tuple(EXPLORERS)
# Explorers that train, and so can diverge at the right end of their sliders; the others
# (a line placed by hand) have a finite loss everywhere.
DIVERGING_KINDS = tuple(k for k, cls in EXPLORERS.items() if cls.class_traits().get("diverged"))
MOVES_PER_EXPLORER = 50


@pytest.fixture(scope="session")
def explorer_pages(built_book) -> dict[str, str]:
    """kind -> the first page that shows an explorer of that kind (read from the built HTML)."""
    pages: dict[str, str] = {}
    for name in PAGES:
        text = (HTML / f"{name}.html").read_text()
        for state in re.findall(r'class="nnbook-explorer" data-state="([^"]*)"', text):
            pages.setdefault(json.loads(html_module.unescape(state))["kind"], name)
    return pages


class ExplorerPage:
    """One explorer on a page, driven as a reader drives it: range inputs and keys."""

    def __init__(self, browser, url: str, kind: str, color_scheme: str = "light", width=1280):
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.context = browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme=color_scheme
        )
        if color_scheme == "dark":
            self.context.add_init_script(
                "localStorage.setItem('mode', 'dark');localStorage.setItem('theme', 'dark');"
            )
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        self.page.on(
            "request",
            lambda r: (
                urlsplit(r.url).hostname not in ("127.0.0.1", None)
                and r.url.startswith("http")
                and self.outside.append(r.url)
            ),
        )
        self.page.goto(url, wait_until="load")
        self.root = self.page.locator(f'.nnbook-explorer-root[data-kind="{kind}"]').first
        self.root.wait_for(state="attached", timeout=20_000)
        self.root.scroll_into_view_if_needed()
        self.settle()

    def close(self) -> None:
        self.context.close()

    def settle(self) -> None:
        """Wait until no explorer on the page is still training over animation frames (they say
        data-training="running" until their final numbers are set)."""
        self.page.wait_for_function(
            "!document.querySelector('.nnbook-explorer-root[data-training=\"running\"]')",
            timeout=30_000,
        )

    def data(self) -> dict[str, str]:
        self.settle()
        return self.root.evaluate("root => Object.fromEntries(Object.entries(root.dataset))")

    def sliders(self):
        return self.root.locator('input[type="range"]')

    def move(self, index: int, position: int) -> None:
        """Drag-like move: set the range input's position and fire `input`, as a mouse does."""
        self.sliders().nth(index).evaluate(
            "(input, position) => { input.value = String(position);"
            " input.dispatchEvent(new Event('input', {bubbles: true})); }",
            position,
        )

    def press(self, index: int, key: str) -> None:
        slider = self.sliders().nth(index)
        slider.focus()
        slider.press(key)

    def svg_text(self) -> str:
        return self.root.evaluate("root => root.innerHTML")


def _close(actual: float, expected: float, rel: float) -> bool:
    if not (math.isfinite(actual) and math.isfinite(expected)):
        return actual == expected or (math.isnan(actual) and math.isnan(expected))
    return abs(actual - expected) <= rel * max(1.0, abs(expected))


def _check_descent(data: dict[str, str], x, y) -> None:
    settings = (
        float(data["learning_rate"]),
        float(data["m0"]),
        float(data["b0"]),
        int(data["steps"]),
    )
    expected = nnlib.gradient_descent(x, y, settings[1], settings[2], settings[0], settings[3])
    where = f"settings (learning rate, m0, b0, steps) = {settings}"
    assert data["diverged"] == str(expected.diverged).lower(), where
    assert data["unstable"] == str(expected.unstable).lower(), where
    assert int(data["steps_run"]) == expected.steps_run, where
    assert int(data["step"]) == expected.steps_run, where
    if expected.diverged:
        return  # the values that blew up are not worth comparing digit by digit
    for key, value in [("m", expected.m), ("b", expected.b), ("loss", expected.losses[-1])]:
        assert _close(float(data[key]), value, 1e-9), f"{key}: {data[key]} vs {value!r}; {where}"
    learning_rate, m0, b0, steps = settings
    twin = gradient_descent_from_sums(data_sums(x, y), m0, b0, learning_rate, steps)
    assert (float(data["m"]), float(data["b"])) == (twin.m, twin.b), where


def _check_momentum(data: dict[str, str], x, y) -> None:
    learning_rate, beta = float(data["learning_rate"]), float(data["beta"])
    m0, b0, steps = float(data["m0"]), float(data["b0"]), int(data["steps"])
    expected = nnlib.momentum_descent(x, y, m0, b0, learning_rate, beta, steps)
    where = f"settings (learning rate, β, m0, b0, steps) = {(learning_rate, beta, m0, b0, steps)}"
    assert data["diverged"] == str(expected.diverged).lower(), where
    assert data["unstable"] == str(expected.unstable).lower(), where
    assert int(data["steps_run"]) == expected.steps_run, where
    assert int(data["step"]) == expected.steps_run, where
    if expected.diverged:
        return
    for key, value in [("m", expected.m), ("b", expected.b), ("loss", expected.losses[-1])]:
        assert _close(float(data[key]), value, 1e-9), f"{key}: {data[key]} vs {value!r}; {where}"
    # The browser repeats momentum_from_sums's arithmetic in the same order: the same bits.
    twin = momentum_from_sums(data_sums(x, y), m0, b0, learning_rate, beta, steps)
    assert (float(data["m"]), float(data["b"])) == (twin.m, twin.b), where
    assert float(data["loss"]) == twin.losses[-1], where


def _network(x, y, hidden_units: int, learning_rate: float, nudge: float = 0.0):
    """nnlib's explorer for these settings; `nudge` scales the inputs by (1 + nudge)."""
    explorer = hidden_layer_sliders(x, y, hidden_units=hidden_units, learning_rate=learning_rate)
    if nudge:
        explorer._x = explorer.x_mean + (x - explorer.x_mean) * (1 + nudge)
    return explorer


# Scalings of the inputs in their 15th–16th digit: what a different order of the same additions
# does. Where training is chaotic, nnlib's results under them are its own spread.
NUDGES = (1e-15, -1e-15, 3e-15, -3e-15, 1e-14, -1e-14, 3e-14, -3e-14)
CHAOTIC: list[str] = []  # settings where nnlib cannot reproduce its own result to 4 decimals


def _first_losses(data: dict[str, str]) -> list[float]:
    return [float(v) for v in data["first_losses"].split(",")]


def _check_what_chaos_cannot_disturb(data: dict[str, str], network, where: str) -> bool:
    """The run's length, divergence and first epochs' losses are nnlib's; a loss that rose at
    some epoch (unstable training) is flagged. Returns whether the run diverged."""
    assert data["diverged"] == str(network.diverged_).lower(), where
    assert int(data["epochs_run"]) == len(network.losses_) - 1, where
    first = _first_losses(data)
    assert np.allclose(first, network.losses_[: len(first)], rtol=1e-9, atol=0), where
    if network.diverged_:
        return True
    if np.any(np.diff(network.losses_) > 0):
        assert data["unstable"] == "true", f"nnlib's loss rose, the page does not say so; {where}"
    return False


def _within_own_spread(shown: float, expected: float, nudged: list[float], where: str) -> None:
    """A chaotic result: nnlib must fail to reproduce itself, and the page's number must lie
    within the range of nnlib's own results."""
    values = [*nudged, expected]
    spread = max(values) - min(values)
    assert spread > 1e-6, f"{shown} vs {expected} (nnlib reproduces itself to {spread}); {where}"
    assert min(values) <= shown <= max(values), (
        f"{shown} is outside nnlib's own spread {min(values)}..{max(values)}; {where}"
    )


def _check_network(data: dict[str, str], x, y) -> None:
    settings = (int(data["hidden_units"]), float(data["learning_rate"]))
    explorer = _network(x, y, *settings)
    network = explorer.result()
    where = f"hidden units, learning rate = {settings}"
    if _check_what_chaos_cannot_disturb(data, network, where):
        return
    expected = explorer.training_mse()
    shown = float(data["loss"])
    if abs(shown - expected) < 1e-4:
        return
    # A number that is not nnlib's: the page must say that rounding can change it.
    assert data["unstable"] == "true", f"{shown} vs {expected}, not flagged; {where}"
    nudged = [_network(x, y, *settings, nudge).training_mse() for nudge in NUDGES]
    _within_own_spread(shown, expected, nudged, where)
    CHAOTIC.append(where)


def _check_hand_placed(data: dict[str, str], x, y) -> None:
    """A line placed by hand (chapters 1 and 3): the loss shown is nnlib's MSE of that line."""
    m, b = float(data["m"]), float(data["b"])
    where = f"(m, b) = ({m}, {b})"
    expected = nnlib.mse(y, nnlib.feedforward(x, m, b))
    shown = float(data["loss"])
    assert math.isfinite(shown), where
    assert _close(shown, expected, 1e-9), f"loss: {shown} vs {expected!r}; {where}"
    # The same formula in the same order as the browser's: the same bits.
    assert shown == _clipped_mse_from_sums(data_sums(x, y), m, b), where


def _check_line(data: dict[str, str], x, y) -> None:
    assert data["show_best"] in ("true", "false")
    _check_hand_placed(data, x, y)


def _check_parabola(data: dict[str, str], x, y) -> None:
    assert float(data["b"]) == 10.0  # chapter 3 holds the intercept at 10
    _check_hand_placed(data, x, y)


def _check_minibatch(data: dict[str, str], x, y) -> None:
    """Chapter 9's explorer runs on the 20 patients with BMI standardised, from (0, 0)."""
    z = (x - x.mean()) / x.std()
    settings = {
        "batch_size": int(data["batch_size"]),
        "learning_rate": float(data["learning_rate"]),
        "seed": int(data["seed"]),
        "decay": float(data["decay"]),
    }
    expected = nnlib.minibatch_descent(z, y, 0.0, 0.0, epochs=int(data["epochs"]), **settings)
    where = f"settings {settings}"
    assert data["diverged"] == str(expected.diverged).lower(), where
    assert int(data["epochs_run"]) == expected.epochs_run, where
    assert int(data["updates_run"]) == expected.updates_run, where
    assert int(data["evaluations"]) == expected.evaluations[-1], where
    if expected.diverged:
        return
    for key, value in [("m", expected.m), ("b", expected.b), ("loss", expected.losses[-1])]:
        assert _close(float(data[key]), value, 1e-9), f"{key}: {data[key]} vs {value!r}; {where}"
    explorer = minibatch_sliders(z, y)
    explorer.set(**settings)
    twin = explorer.fast_result()  # the browser's arithmetic: the same bits
    assert (float(data["m"]), float(data["b"])) == (twin.m, twin.b), where


@functools.cache
def _moons_split():
    """Chapter 12's moons, split and standardised exactly as the chapter does."""
    from sklearn.datasets import make_moons
    from sklearn.model_selection import train_test_split

    X, y = make_moons(n_samples=300, noise=0.25, random_state=0)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, y_train, (X_test - mean) / std, y_test


def _classifier_scores(settings: dict, nudge: float = 0.0) -> dict[str, float]:
    """nnlib's scores for these settings; `nudge` scales the training inputs by (1 + nudge)."""
    explorer = classifier_sliders(*_moons_split(), **settings)
    if nudge:
        explorer._X_train = explorer._X_train * (1 + nudge)
    return explorer.scores()


def _check_classifier(data: dict[str, str], x, y) -> None:
    settings = {
        "hidden_units": int(data["hidden_units"]),
        "learning_rate": float(data["learning_rate"]),
        "activation": data["activation"],
        "epochs": int(data["epochs"]),
        "seed": int(data["seed"]),
    }
    explorer = classifier_sliders(*_moons_split(), **settings)
    network = explorer.result()
    expected = explorer.scores()
    where = f"settings {settings}"
    if _check_what_chaos_cannot_disturb(data, network, where):
        return
    shown = {key: float(data[key]) for key in ("train_loss", "test_loss")}
    if all(abs(shown[key] - expected[key]) < 1e-4 for key in shown):
        # The same network: the same classes, up to a point sitting on the boundary.
        n_train, n_test = (len(part) for part in _moons_split()[1::2])
        assert abs(float(data["train_accuracy"]) - expected["train_accuracy"]) <= 1 / n_train
        assert abs(float(data["test_accuracy"]) - expected["test_accuracy"]) <= 1 / n_test
        return
    # A number that is not nnlib's: the page must say that rounding can change it.
    assert data["unstable"] == "true", f"{shown} vs {expected}, not flagged; {where}"
    nudged = [_classifier_scores(settings, nudge) for nudge in NUDGES]
    for key in shown:
        if abs(shown[key] - expected[key]) >= 1e-4:
            _within_own_spread(shown[key], expected[key], [s[key] for s in nudged], where)
    CHAOTIC.append(where)


CHECKS = {
    "learning_rate": _check_descent,
    "loss_surface": _check_descent,
    "momentum": _check_momentum,
    "minibatch": _check_minibatch,
    "hidden_layer": _check_network,
    "line": _check_line,
    "parabola": _check_parabola,
    "classifier": _check_classifier,
}


@pytest.mark.parametrize("kind", EXPLORER_KINDS)
def test_explorer_shows_the_numbers_nnlib_computes(browser, site, explorer_pages, kind):
    """Random slider moves (input events and keys), each checked against nnlib's own run."""
    assert kind in explorer_pages, f"no page shows a {kind} explorer"
    x, y = nnlib.load_patients()
    check = CHECKS[kind]
    CHAOTIC.clear()  # counted per explorer
    explorer = ExplorerPage(browser, f"{site}{explorer_pages[kind]}.html", kind)
    rng = np.random.default_rng(2026)
    keys = ["ArrowRight", "ArrowLeft", "PageUp", "PageDown", "Home", "End", "ArrowUp"]
    try:
        check(explorer.data(), x, y)  # the defaults, before any move
        count = explorer.sliders().count()
        assert count >= (1 if kind == "parabola" else 2)  # chapter 3 moves m alone
        for move in range(MOVES_PER_EXPLORER):
            index = int(rng.integers(count))
            if move % 3 == 2:
                explorer.press(index, keys[int(rng.integers(len(keys)))])
            else:
                top = int(explorer.sliders().nth(index).get_attribute("max"))
                explorer.move(index, int(rng.integers(top + 1)))
            check(explorer.data(), x, y)
            assert "NaN" not in explorer.svg_text()
        assert not explorer.errors, explorer.errors
        assert not explorer.outside, explorer.outside
        # Most settings must be checked to the 4th decimal, not excused as chaotic.
        print(f"\n{kind}: {len(CHAOTIC)} of {MOVES_PER_EXPLORER + 1} settings excused as chaotic")
        assert len(CHAOTIC) <= MOVES_PER_EXPLORER // 4, CHAOTIC
    finally:
        explorer.close()


def _play_and_pause(page: ExplorerPage, ms: int) -> tuple[dict[str, str], str]:
    """Play, wait `ms`, Pause: the page's numbers and its readout's text."""
    page.root.get_by_role("button", name="Play").click()
    page.page.wait_for_timeout(ms)
    page.root.get_by_role("button", name="Pause").click()
    return page.data(), page.root.locator("[aria-live]").text_content() or ""


def test_paused_readouts_describe_what_the_figure_shows(browser, site, explorer_pages):
    """Paused mid-run, the readout speaks of the epoch or step the figure shows, with nnlib's
    number for it (not the whole run's)."""
    x, y = nnlib.load_patients()
    page = ExplorerPage(browser, f"{site}{explorer_pages['hidden_layer']}.html", "hidden_layer")
    try:
        data, text = _play_and_pause(page, 300)
        epoch = int(data["epoch"])
        assert 0 < epoch < int(data["epochs_run"]), data
        explorer = _network(x, y, int(data["hidden_units"]), float(data["learning_rate"]))
        mse = explorer.result().losses_[epoch] * explorer.y_std**2
        assert f"epoch {epoch} of {data['epochs_run']}: training MSE {mse:.4f}" in text, text
    finally:
        page.close()
    page = ExplorerPage(browser, f"{site}{explorer_pages['minibatch']}.html", "minibatch")
    try:
        data, text = _play_and_pause(page, 1500)
        step = int(data["step"])
        assert 0 < step < int(data["updates_run"]), data
        z = (x - x.mean()) / x.std()
        settings = {k: data[k] for k in ("batch_size", "learning_rate", "seed", "decay")}
        run = minibatch_sliders(z, y).set(
            batch_size=int(settings["batch_size"]),
            learning_rate=float(settings["learning_rate"]),
            seed=int(settings["seed"]),
            decay=float(settings["decay"]),
        )
        m, b = run.m_path[step], run.b_path[step]
        loss = nnlib.mse(y, nnlib.feedforward(z, m, b))
        assert f"m = {m:.4f}  b = {b:.4f}  at step {step} of" in text, text
        assert f"loss at this point = {loss:.4f}" in text, text
    finally:
        page.close()


# The figure text a shown message covers: [message, text] pairs.
MESSAGE_COVERS = """root => {
    const out = [];
    for (const box of root.querySelectorAll('.nnx-message:not([hidden])')) {
        const r = box.getBoundingClientRect();
        for (const t of box.parentElement.querySelectorAll('svg text')) {
            if (!t.textContent.trim() || getComputedStyle(t).visibility === 'hidden'
                || t.closest('[visibility="hidden"], [display="none"]')) continue;
            const q = t.getBoundingClientRect();
            const w = Math.min(r.right, q.right) - Math.max(r.left, q.left);
            const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
            if (w > 2 && h > 2) out.push([box.textContent.slice(0, 30), t.textContent]);
        }
    }
    return out;
}"""


@pytest.mark.parametrize("kind", EXPLORER_KINDS)
def test_explorer_extremes_show_a_message_not_nan(browser, site, explorer_pages, kind):
    explorer = ExplorerPage(browser, f"{site}{explorer_pages[kind]}.html", kind)
    try:
        # A seed picks a start, not a size: it stays where it is (seed 0, as in the chapters).
        magnitudes = [
            index
            for index in range(explorer.sliders().count())
            if explorer.sliders().nth(index).get_attribute("aria-label") != "seed"
        ]
        for index in magnitudes:  # every slider to its right end
            explorer.press(index, "End")
        data = explorer.data()
        if kind in DIVERGING_KINDS:
            assert data["diverged"] == "true", data
            message = explorer.root.locator(".nnbook-explorer-message:not([hidden])")
            assert message.count() >= 1 and "iverge" in message.first.inner_text()
            covered = explorer.root.evaluate(MESSAGE_COVERS)
            assert not covered, f"the message covers figure text: {covered}"
        else:
            assert "diverged" not in data and math.isfinite(float(data["loss"])), data
        assert "NaN" not in explorer.svg_text()
        overlapping = explorer.root.evaluate(FIGURE_TEXT)["overlapping"]
        assert not overlapping, f"labels overlap at the right ends: {overlapping}"
        for index in magnitudes:  # and to the left end
            explorer.press(index, "Home")
        data = explorer.data()
        overlapping = explorer.root.evaluate(FIGURE_TEXT)["overlapping"]
        assert not overlapping, f"labels overlap at the left ends: {overlapping}"
        if kind in DIVERGING_KINDS:
            assert data["diverged"] == "false"
        else:
            assert math.isfinite(float(data["loss"])), data
        assert "NaN" not in explorer.svg_text()
        assert not explorer.errors, explorer.errors
    finally:
        explorer.close()


def _controls(name: str, kind: str) -> list[dict]:
    """The explorer's control table as its page received it (the spec Python wrote)."""
    text = (HTML / f"{name}.html").read_text()
    for raw in re.findall(r'class="nnbook-explorer" data-state="([^"]*)"', text):
        state = json.loads(html_module.unescape(raw))
        if state["kind"] == kind:
            return state["spec"]
    raise AssertionError(f"{name} has no {kind} explorer")


def _settings(data: dict[str, str], controls: list[dict]) -> dict[str, str]:
    return {control["name"]: data[control["name"]] for control in controls}


def _wait_for_address(page) -> str:
    """The explorer writes its settings into the address in batches (at most every 150 ms):
    wait until the address holds them and has stopped changing."""
    page.wait_for_function("document.location.hash.includes('=')", timeout=5000)
    link = ""
    for _ in range(30):
        if page.url == link:
            break
        link = page.url
        page.wait_for_timeout(250)
    return link


@pytest.mark.parametrize("kind", EXPLORER_KINDS)
def test_explorer_settings_travel_in_the_url(browser, site, explorer_pages, kind):
    """A link with the page's hash reproduces what the sender saw, control by control (toggles
    included), in readable keys; Reset restores the defaults."""
    url = f"{site}{explorer_pages[kind]}.html"
    controls = _controls(explorer_pages[kind], kind)
    sender = ExplorerPage(browser, url, kind)
    try:
        defaults = sender.data()
        for index in range(sender.sliders().count()):
            slider = sender.sliders().nth(index)
            at_end = slider.input_value() == slider.get_attribute("max")
            sender.press(index, "PageDown" if at_end else "PageUp")
        for control in controls:
            if control["kind"] == "toggle":
                sender.root.get_by_role("button", name=control["label"], exact=False).click()
        seen = sender.data()
        link = _wait_for_address(sender.page)
        for control in controls:  # every control moved, and the address names each one
            name = control["name"]
            assert seen[name] != defaults[name], name
            assert f"{name}=" in urlsplit(link).fragment, (name, link)
        assert urlsplit(link).fragment.startswith(f"explorer={kind}&"), link
        sender.root.get_by_role("button", name="Reset").click()
        assert sender.data() == defaults
    finally:
        sender.close()
    receiver = ExplorerPage(browser, link, kind)
    try:
        received = receiver.data()
        for control in controls:
            assert received[control["name"]] == seen[control["name"]], control["name"]
        assert received == seen
    finally:
        receiver.close()


# Links in the address format readers shared before this one (explorer name in kebab case,
# short keys): each must still open these settings.
OLD_LINKS = {
    "learning_rate": (
        "learning-rate=lr:0.005,m0:-3,b0:50,steps:200",
        {"learning_rate": "0.005", "m0": "-3", "b0": "50", "steps": "200"},
    ),
    "loss_surface": (
        "loss-surface=lr:0.002,m0:10,b0:0,steps:500",
        {"learning_rate": "0.002", "m0": "10", "b0": "0", "steps": "500"},
    ),
    "momentum": (
        "momentum=lr:0.003,beta:0.5,m0:5,b0:10,steps:1000",
        {"learning_rate": "0.003", "beta": "0.5", "steps": "1000"},
    ),
    "minibatch": (
        "minibatch=batch:5,lr:0.1,seed:3,decay:0.1",
        {"batch_size": "5", "learning_rate": "0.1", "seed": "3", "decay": "0.1"},
    ),
    "hidden_layer": (
        "hidden-layer=units:8,lr:0.05",
        {"hidden_units": "8", "learning_rate": "0.05"},
    ),
    "line": ("line=m:12.5,b:20,best:1", {"m": "12.5", "b": "20", "show_best": "true"}),
    "parabola": ("parabola=m:7.5", {"m": "7.5"}),
    "classifier": (
        "classifier=units:4,lr:1,act:relu,epochs:300,seed:2",
        {
            "hidden_units": "4",
            "learning_rate": "1",
            "activation": "relu",
            "epochs": "300",
            "seed": "2",
        },
    ),
}


@pytest.mark.parametrize("kind", sorted(OLD_LINKS))
def test_links_in_the_old_address_format_still_open_their_settings(
    browser, site, explorer_pages, kind
):
    hash_text, expected = OLD_LINKS[kind]
    page = ExplorerPage(browser, f"{site}{explorer_pages[kind]}.html#{hash_text}", kind)
    try:
        data = page.data()
        assert {name: data[name] for name in expected} == expected
        assert not page.errors, page.errors
    finally:
        page.close()


@pytest.mark.parametrize("kind", EXPLORER_KINDS)
def test_a_malformed_address_opens_the_defaults(browser, site, explorer_pages, kind):
    """A mangled link (broken percent escapes, values that are not numbers, unknown keys, 10 kB
    of junk) opens the explorer at its defaults with no error; a value out of range opens at
    the nearest end of the range."""
    name = explorer_pages[kind]
    url = f"{site}{name}.html"
    controls = _controls(name, kind)
    clean = ExplorerPage(browser, url, kind)
    try:
        defaults = clean.data()
    finally:
        clean.close()
    unreadable = "&".join(f"{c['name']}={v}" for c in controls for v in ("NaN",))
    junk = [
        "#%",
        "#%zz;%E0%A4%A",
        f"#explorer={kind}&{unreadable}&speed=3&explorer",
        f"#explorer={kind}&" + "%26x%3D" * 1500,
        f"#explorer={kind}&" + "&".join(f"{c['name']}=Infinity" for c in controls),
    ]
    for hash_text in junk:
        page = ExplorerPage(browser, url + hash_text, kind)
        try:
            assert _settings(page.data(), controls) == _settings(defaults, controls), hash_text[:80]
            assert "NaN" not in page.svg_text()
            assert not page.errors, (hash_text[:80], page.errors)
        finally:
            page.close()
    ranged = [c for c in controls if c["kind"] in ("linear", "log")]
    if ranged:
        far = "&".join(f"{c['name']}={c['range'][1] * 10 + 1}" for c in ranged)
        page = ExplorerPage(browser, f"{url}#explorer={kind}&{far}", kind)
        try:
            data = page.data()
            for c in ranged:
                assert float(data[c["name"]]) == c["range"][1], c["name"]
        finally:
            page.close()


# A finger dragging a handle: (selector of the handle, finger movement in px, which of the
# handle's coordinates follow the finger).
TOUCH_DRAGS = {
    "line": (".nnx-handle >> nth=1", (0, -70), "y"),
    "parabola": (".nnx-current-point", (-50, 0), "x"),
    "loss_surface": (".nnx-start-point", (40, -40), "xy"),
}


@pytest.mark.parametrize("kind", sorted(TOUCH_DRAGS))
def test_a_finger_drags_a_handle_without_scrolling_the_page(browser, site, explorer_pages, kind):
    """Dragged by touch in small moves, a handle follows the finger to the end, and the page
    does not scroll away under it."""
    selector, (dx, dy), follows = TOUCH_DRAGS[kind]
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    try:
        page = context.new_page()
        page.goto(f"{site}{explorer_pages[kind]}.html", wait_until="load")
        root = page.locator(f'.nnbook-explorer-root[data-kind="{kind}"]').first
        root.wait_for(state="attached", timeout=20_000)
        handle = root.locator(selector)
        handle.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        box = handle.bounding_box()
        x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        scroll = page.evaluate("window.scrollY")
        cdp = context.new_cdp_session(page)

        def touch(kind_: str, x: float, y: float) -> None:
            points = [] if kind_ == "touchEnd" else [{"x": x, "y": y, "id": 1}]
            cdp.send("Input.dispatchTouchEvent", {"type": kind_, "touchPoints": points})

        touch("touchStart", x0, y0)
        for k in range(1, 21):
            touch("touchMove", x0 + dx * k / 20, y0 + dy * k / 20)
            page.wait_for_timeout(30)
        touch("touchEnd", x0 + dx, y0 + dy)
        page.wait_for_timeout(300)
        assert page.evaluate("window.scrollY") == scroll, "the page scrolled instead"
        box = handle.bounding_box()
        x1, y1 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        if "x" in follows:
            assert abs(x1 - (x0 + dx)) < 8, (x1, x0 + dx)
        if "y" in follows:
            assert abs(y1 - (y0 + dy)) < 8, (y1, y0 + dy)
    finally:
        context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_without_javascript_an_explorer_is_a_note_and_a_still(browser, site, explorer_pages, width):
    """A reader without JavaScript sees, for each explorer, the note and a still of its opening
    view (an image drawn by nnlib, with alt text) that fits the screen."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=False
    )
    try:
        for kind, name in sorted(explorer_pages.items()):
            page = context.new_page()
            page.goto(f"{site}{name}.html", wait_until="load")
            holder = page.locator(".nnbook-explorer").first
            assert "runs in your browser" in holder.locator(".nnbook-explorer-note").inner_text()
            still = holder.locator("img.nnbook-explorer-still")
            still.scroll_into_view_if_needed()
            assert still.evaluate("img => img.complete && img.naturalWidth > 0"), kind
            assert len(still.get_attribute("alt") or "") > 40, kind
            box = still.bounding_box()
            assert box is not None and box["width"] <= width, (kind, box)
            page.close()
    finally:
        context.close()


@pytest.mark.parametrize("kind", EXPLORER_KINDS)
def test_labels_never_take_the_pointer(browser, site, explorer_pages, kind):
    """Text drawn in a figure lets a drag through to the handle or map beneath it."""
    page = ExplorerPage(browser, f"{site}{explorer_pages[kind]}.html", kind)
    try:
        catching = page.root.evaluate(
            "root => [...root.querySelectorAll('svg text')]"
            ".filter(t => getComputedStyle(t).pointerEvents !== 'none')"
            ".map(t => t.textContent)"
        )
        assert not catching, f"labels that take the pointer: {catching}"
    finally:
        page.close()


# WCAG contrast ratio of every piece of text an explorer shows (readout, labels, values,
# buttons, figure text) against the background it is drawn on: the nearest ancestor with an
# opaque background. Returns the lowest ratios, with the text they belong to.
CONTRAST = """root => {
    const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
        .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const background = element => {
        for (let node = element; node; node = node.parentElement) {
            const c = rgb(getComputedStyle(node).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
        }
        return [255, 255, 255];
    };
    const shown = element => {
        const style = getComputedStyle(element);
        return style.display !== 'none' && style.visibility !== 'hidden' && Number(style.opacity) > 0
            && !element.closest('[hidden]') && element.getClientRects().length > 0;
    };
    const results = [];
    for (const element of root.querySelectorAll('*')) {
        const own = [...element.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim());
        if (!own.length || !shown(element)) continue;
        const style = getComputedStyle(element);
        const svg = element instanceof SVGElement;
        const colour = rgb(svg ? style.fill : style.color).slice(0, 3);
        if (colour.length < 3) continue;
        // Figure labels drawn with a halo (a wide stroke painted under the fill) stand on it.
        const halo = svg && style.paintOrder.startsWith('stroke') && parseFloat(style.strokeWidth) >= 2
            && rgb(style.stroke).length >= 3;
        const a = lum(colour), b = lum(halo ? rgb(style.stroke).slice(0, 3) : background(element));
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        results.push([Math.round(ratio * 100) / 100, own[0].textContent.trim().slice(0, 40)]);
    }
    return results.sort((p, q) => p[0] - q[0]).slice(0, 5);
}"""


# The figure text of an explorer as a reader sees it: the smallest rendered font size (px), and
# the pairs of labels in one figure whose boxes overlap.
FIGURE_TEXT = """root => {
    const texts = [...root.querySelectorAll('svg text')].filter(t => t.textContent.trim()
        && getComputedStyle(t).visibility !== 'hidden' && t.getClientRects().length
        && !t.closest('[visibility="hidden"], [display="none"]'));
    const size = t => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a;
    const smallest = Math.min(...texts.map(size));
    const overlapping = [];
    for (const svg of root.querySelectorAll('svg')) {
        const own = texts.filter(t => t.ownerSVGElement === svg).map(t => [t, t.getBoundingClientRect()]);
        for (let i = 0; i < own.length; i++) for (let j = i + 1; j < own.length; j++) {
            const [a, p] = own[i], [b, q] = own[j];
            const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
            const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
            if (w > 2 && h > 2) overlapping.push([a.textContent, b.textContent]);
        }
    }
    return { smallest, overlapping };
}"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_explorers_in_light_and_dark_theme_and_narrow_screens(browser, site, explorer_pages, mode):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for kind, name in sorted(explorer_pages.items()):
        for width in (1280, 360):
            explorer = ExplorerPage(browser, f"{site}{name}.html", kind, mode, width)
            try:
                assert explorer.page.evaluate("document.documentElement.dataset.theme") == mode
                shot = SCREENSHOTS / f"explorer-{kind}-{mode}-{width}.png"
                explorer.root.screenshot(path=str(shot), animations="disabled")
                box = explorer.root.bounding_box()
                assert box is not None and box["width"] <= width and box["height"] > 150
                overflow = explorer.page.evaluate(
                    "document.documentElement.scrollWidth - window.innerWidth"
                )
                lowest = explorer.root.evaluate(CONTRAST)
                assert lowest and lowest[0][0] >= 4.5, f"{kind}, {mode}: text contrast {lowest}"
                assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at {width} px"
                text = explorer.root.evaluate(FIGURE_TEXT)
                assert text["smallest"] >= 10, (
                    f"{kind} at {width} px: {text['smallest']:.1f} px text"
                )
                assert not text["overlapping"], f"{kind} at {width} px: {text['overlapping']}"
                assert not explorer.errors, explorer.errors
            finally:
                explorer.close()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_no_serious_accessibility_violation(browser, site, explorer_pages, mode):
    """axe-core (shipped inside axe-playwright-python) over every page in the light theme, and
    over every page with an explorer in the dark one."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    report, serious = [], []
    pages = PAGES if mode == "light" else sorted(set(explorer_pages.values()))
    for name in pages:
        context, page = _new_page(browser, mode, mode)
        try:
            page.goto(f"{site}{name}.html", wait_until="load")
            _wait_until_settled(page)
            results = axe.run(page)
            violations = results.response["violations"]
            counts = {
                impact: sum(1 for v in violations if v.get("impact") == impact)
                for impact in ("critical", "serious", "moderate", "minor")
            }
            report.append(f"{name:36} " + "  ".join(f"{k} {v}" for k, v in counts.items()))
            serious += [
                f"{name}: {v['id']} ({v['impact']}): {v['help']} — "
                + "; ".join(node["target"][0] for node in v["nodes"][:3])
                for v in violations
                if v.get("impact") in ("serious", "critical")
            ]
        finally:
            context.close()
    (BUILD / f"accessibility-{mode}.txt").write_text("\n".join(report) + "\n")
    print(f"\naxe-core violations per page ({mode} theme):\n" + "\n".join(report))
    assert not serious, "\n".join(serious)
