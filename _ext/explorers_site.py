"""Sphinx extension for the static website's explorers: live, with no frozen widgets.

nnlib's explorers (nnlib/explorers/) are anywidgets whose front-end module,
nnlib/static/explorers.js, needs no kernel: each one's output carries, besides the widget view, a
text/html copy with its state. On the page we keep that copy, and on the pages that have one we
load ``_static/nnbook/nnbook-loader.js``, which runs the same module on that state, so the
sliders move on the static site too. The module, its stylesheet and its third-party licences are
copied into ``_static/nnbook/`` (not listed in html_static_path: Jupyter Book would add every
script found there to every page).

Two things would otherwise leak frozen widgets onto the page:

- an output that displayed a widget carries, besides the widget view, a text/plain fallback
  such as ``interactive(children=(FloatSlider(value=0.1, ...``; once the widget view is out of
  the mime priority list, MyST-NB would print that text. We drop the whole output instead.
- an executed notebook keeps the widgets' saved state in its metadata, and MyST-NB embeds it
  (often hundreds of kB, figures included) in a ``<script type="application/vnd.jupyter.
  widget-state+json">``, plus the scripts that would render it. We drop those before the page
  is written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STATIC_NOTE_TYPE = "text/html"
WIDGET_JS_KEYS = ("ipywidgets_state", "ipywidgets_")
EXPLORERS_DIR = "nnbook"
LOADER = "nnbook-loader.js"
BOOK_CSS = "nnbook-book.css"  # page-wide style tweaks (code boxes)
EXPLORER_CLASS = 'class="nnbook-explorer"'


class DropWidgetOutputs(SphinxPostTransform):
    """Remove every cell output that displayed a widget, unless it carries a note for this page.

    nnlib's explorers carry a text/html copy that the loader brings to life; keep that, drop the
    widget view.
    Any other widget output (its only fallback is a text repr of the widget) goes entirely.
    """

    default_priority = 3  # before MyST-NB's SelectMimeType (4) picks the text/plain fallback

    def run(self, **kwargs) -> None:
        for bundle in list(self.document.findall(nodes.container)):
            if bundle.get("nb_element") != "mime_bundle":
                continue
            types = {child.get("mime_type") for child in bundle.children}
            if WIDGET_VIEW not in types:
                continue
            if STATIC_NOTE_TYPE in types:
                for child in list(bundle.children):
                    if child.get("mime_type") == WIDGET_VIEW:
                        bundle.remove(child)
            else:
                bundle.parent.remove(bundle)


def _drop_widget_scripts(app, pagename, templatename, context, doctree):
    metadata = getattr(app.env, "nb_metadata", None) or {}
    js_files = metadata.get(pagename, {}).get("js_files", {})
    for key in [key for key in js_files if key.startswith(WIDGET_JS_KEYS)]:
        del js_files[key]


def _explorer_files() -> list[Path]:
    static = Path(__file__).resolve().parent.parent / "nnlib" / "static"
    return [
        static / "explorers.js",
        static / "explorers.css",
        static / "THIRD_PARTY_LICENSES.txt",
        Path(__file__).resolve().parent / "static" / LOADER,
        Path(__file__).resolve().parent / "static" / BOOK_CSS,
    ]


def _load_explorers(app, pagename, templatename, context, doctree):
    """On a page that shows an explorer (and only there), load the module that runs it."""
    if EXPLORER_CLASS in context.get("body", ""):
        app.add_js_file(f"{EXPLORERS_DIR}/{LOADER}", type="module")
        app.add_css_file(f"{EXPLORERS_DIR}/explorers.css")


def _copy_explorer_files(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / EXPLORERS_DIR
    target.mkdir(parents=True, exist_ok=True)
    for path in _explorer_files():
        shutil.copyfile(path, target / path.name)


def setup(app):
    app.add_post_transform(DropWidgetOutputs)
    # Before MyST-NB's own html-page-context handler (default priority 500) adds the scripts.
    app.connect("html-page-context", _drop_widget_scripts, priority=400)
    app.add_css_file(f"{EXPLORERS_DIR}/{BOOK_CSS}")
    app.connect("html-page-context", _load_explorers)
    app.connect("build-finished", _copy_explorer_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
