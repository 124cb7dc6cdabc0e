"""The explorers in a real browser: how long a reader waits after moving a slider, and what the
pages weigh in scripts and styles.

A slider move runs in the page: the front-end module reruns gradient descent (or trains the
network) and redraws. We time, in headless Chromium, from the `input` event to the end of the
first frame painted after it (a message posted from that frame's requestAnimationFrame callback
arrives after the browser has drawn it): the moment the page answers the reader's hand.
Explorers that train over several frames (chapter 12's classifier: a few milliseconds of epochs
per frame, as TensorFlow Playground does) start the new run in that first frame, and its work
(the first epochs and the redraw) is inside the measured time: their frame callback is
registered by the `input` handler, before ours, so it runs in the same frame. For them we also
record when the run is over (`data-training` turns from "running" to "done"), the time until
the final numbers show, and wait for it before the next move, so every move starts from a
finished run as a reader's pause between two moves would.

The explorers are put on one small page of their own (the module, its stylesheet, the
static-site loader, and the HTML each chapter's saved output holds for its explorers), so no
build of the book is needed. Page weights are read from a built site when one exists (`_build/html`).
"""

from __future__ import annotations

import functools
import gzip
import os
import shutil
import statistics
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import numpy as np
import yaml

from nnlib.explorers.base import (
    STATIC,
)

ROOT = Path(__file__).resolve().parent.parent
LOADER = ROOT / "_ext" / "static" / "nnbook-loader.js"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# One move: set a range input's position, fire `input` as a mouse drag does, and wait until the
# first frame after it has been painted; then, for an explorer still training
# (data-training="running"), until the run is over. Returns [script ms, painted-frame ms,
# done ms or null].
MOVE = """async ([root, index, position]) => {
    const input = root.querySelectorAll('input[type="range"]')[index];
    const start = performance.now();
    input.value = String(position);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    const scripted = performance.now() - start;
    await new Promise(resolve => requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = resolve;
        channel.port2.postMessage(0);
    }));
    const painted = performance.now() - start;
    if (root.dataset.training !== 'running') return [scripted, painted, null];
    await new Promise(resolve => {
        const observer = new MutationObserver(() => {
            if (root.dataset.training !== 'running') { observer.disconnect(); resolve(); }
        });
        observer.observe(root, {attributes: true, attributeFilter: ['data-training']});
    });
    return [scripted, painted, performance.now() - start];
}"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def chromium_path() -> str | None:
    """$CHROMIUM_PATH, else `chromium` or `chromium-browser` on the PATH."""
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def _explorer_page(folder: Path) -> int:
    """One page with every explorer of the book, as the chapters' saved outputs show them."""
    parts = []
    for chapter in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in nbformat.read(chapter, as_version=4).cells:
            for output in cell.get("outputs", []):
                html = output.get("data", {}).get("text/html", "")
                if 'class="nnbook-explorer"' in html:
                    parts.append(html)
    for path in (STATIC / "explorers.js", STATIC / "explorers.css", LOADER):
        shutil.copyfile(path, folder / path.name)
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>explorers</title>"
        '<link rel="stylesheet" href="explorers.css">'
        '<script type="module" src="nnbook-loader.js"></script></head>'
        "<body><main>" + "".join(parts) + "</main></body></html>"
    )
    return len(parts)


def _serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def bench_explorers(moves: int = 60, site: Path | None = None) -> dict:
    """Median and 95th percentile of a slider move per explorer; page weights if `site` is built."""
    path = chromium_path()
    if path is None:
        return {"explorer_moves": moves, "explorers": None, "page_weights": None}
    from playwright.sync_api import sync_playwright

    rng = np.random.default_rng(5)
    results: dict = {"explorer_moves": moves, "explorers": {}}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        count = _explorer_page(folder)
        server, url = _serve(folder)
        browser = playwright.chromium.launch(executable_path=path, args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url, wait_until="load")
            roots = page.locator(".nnbook-explorer-root")
            roots.nth(count - 1).wait_for(state="attached", timeout=20_000)
            for i in range(roots.count()):
                root = roots.nth(i)
                root.scroll_into_view_if_needed()
                kind = root.get_attribute("data-kind")
                sliders = root.locator('input[type="range"]')
                tops = [int(sliders.nth(k).get_attribute("max")) for k in range(sliders.count())]
                scripted, painted, done = [], [], []
                for move in range(moves + 5):  # the first few warm the page up
                    index = move % len(tops)
                    position = int(rng.integers(tops[index] + 1))
                    timing = page.evaluate(MOVE, [root.element_handle(), index, position])
                    if move >= 5:
                        scripted.append(timing[0])
                        painted.append(timing[1])
                        if timing[2] is not None:
                            done.append(timing[2])
                results["explorers"][kind] = {
                    "painted_ms_median": statistics.median(painted),
                    "painted_ms_p95": _percentile(painted, 95),
                    "script_ms_median": statistics.median(scripted),
                    "script_ms_p95": _percentile(scripted, 95),
                }
                if done:  # trained over several frames: until the final numbers show
                    results["explorers"][kind]["done_ms_median"] = statistics.median(done)
                    results["explorers"][kind]["done_ms_p95"] = _percentile(done, 95)
                results["explorers"][kind].update(
                    _throttled(page, root, tops, max(2, moves // 6), rng)
                )
            results["chromium"] = browser.version
            results["page_weights"] = _page_weights(browser, site) if site else None
        finally:
            browser.close()
            server.shutdown()
    return results


# A mid-range phone does about a quarter of this machine's work per millisecond: Chromium's CPU
# throttling slows the page's main thread by this factor.
THROTTLE = 4


def _throttled(page, root, tops: list[int], per_control: int, rng) -> dict:
    """The same moves with the CPU slowed THROTTLE times: per control (by its label), median and
    95th percentile from input to painted frame, and over all controls."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
    try:
        controls, every = {}, []
        for index, top in enumerate(tops):
            label = root.locator('input[type="range"]').nth(index).get_attribute("aria-label")
            painted = []
            for move in range(per_control + 1):  # the first one warms the control up
                position = int(rng.integers(top + 1))
                timing = page.evaluate(MOVE, [root.element_handle(), index, position])
                if move:
                    painted.append(timing[1])
            controls[label] = {
                "painted_ms_median": statistics.median(painted),
                "painted_ms_p95": _percentile(painted, 95),
            }
            every += painted
    finally:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        cdp.detach()
    return {
        f"painted_ms_median_{THROTTLE}x": statistics.median(every),
        f"painted_ms_p95_{THROTTLE}x": _percentile(every, 95),
        f"controls_{THROTTLE}x": controls,
    }


def _toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]] + [entry["file"] for entry in toc.get("chapters", [])]
    return [str(Path(page).with_suffix("")) if Path(page).suffix else page for page in pages]


def _page_weights(browser, site: Path) -> dict:
    """Per page: gzip bytes of the scripts and styles it loads, and of everything it loads."""
    if not (site / "index.html").exists():
        return None
    server, url = _serve(site)
    weights = {}
    try:
        for name in _toc_pages():
            loaded: list[tuple[str, str]] = []
            page = browser.new_page()
            page.on("request", lambda r, loaded=loaded: loaded.append((r.url, r.resource_type)))
            page.goto(f"{url}{name}.html", wait_until="networkidle")
            page.close()
            code = total = 0
            for address, kind in dict.fromkeys(loaded):
                file = site / address.removeprefix(url).split("#")[0].split("?")[0]
                if not file.is_file():
                    continue
                raw = file.read_bytes()
                text = file.suffix in {".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt"}
                size = len(gzip.compress(raw, 6)) if text else len(raw)
                total += size
                if kind in ("script", "stylesheet"):
                    code += size
            weights[name] = {"js_css_gzip_bytes": code, "total_bytes": total}
    finally:
        server.shutdown()
    return weights
