"""Sphinx extension for the static website: no frozen widgets, a light page, nothing from outside.

Explorers. nnlib's explorers (nnlib/widgets.py) are anywidgets whose front-end module,
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

Icons. The theme (pydata-sphinx-theme) loads Font Awesome's all-icons script, 1.5 MB (540 kB
gzipped, plus a 156 kB web font), on every page, to draw about fifteen icons. We leave that
script out of the page template and write ``_static/nnbook-icons.css`` instead: one CSS mask
per icon that the built pages and the theme's scripts name, drawn from the same Font Awesome
paths the theme ships, so the icons look the same (a few kB).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STATIC_NOTE_TYPE = "text/html"
WIDGET_JS_KEYS = ("ipywidgets_state", "ipywidgets_")
ICONS_CSS = "nnbook-icons.css"
EXPLORERS_DIR = "nnbook"
LOADER = "nnbook-loader.js"
BOOK_CSS = "nnbook-book.css"  # page-wide style tweaks (code boxes)
EXPLORER_CLASS = 'class="nnbook-explorer"'
FONTAWESOME_JS = "scripts/fontawesome.js"


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


def _theme_static() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def _template_without_fontawesome(app, config):
    """Override the theme's webpack-macros.html with a copy that does not load fontawesome.js."""
    original = (_theme_static() / "webpack-macros.html").read_text()
    lines = original.splitlines(keepends=True)
    kept = [line for line in lines if FONTAWESOME_JS not in line]
    if len(kept) == len(lines):
        LOGGER.warning(
            "static_site: the theme no longer loads %s; drop this override", FONTAWESOME_JS
        )
        return
    templates = Path(app.doctreedir).parent / "static_site_templates"
    (templates / "static").mkdir(parents=True, exist_ok=True)
    (templates / "static" / "webpack-macros.html").write_text("".join(kept))
    config.templates_path = [str(templates), *config.templates_path]


# An icon in the script: "name":[width,height,[aliases],"unicode","path"] (name unquoted if it can be).
ICON = re.compile(
    r'[{,]"?([a-z0-9-]+)"?:\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]+","((?:[^"\\]|\\.)*)"\]'
)


def _solid_icons() -> dict[str, tuple[int, int, str]]:
    """Font Awesome's solid icons as name -> (width, height, SVG path), aliases included."""
    script = (_theme_static() / FONTAWESOME_JS).read_text()
    start, end = script.index('d("far",'), script.index('d("fas",')  # the solid set sits between
    icons = {}
    for name, width, height, aliases, path in ICON.findall(script[start:end]):
        for alias in [name, *re.findall(r'"([a-z0-9-]+)"', aliases)]:
            icons.setdefault(alias, (int(width), int(height), path))
    return icons


def _write_icons_css(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    used = set()
    for path in [
        *outdir.rglob("*.html"),
        *(outdir / "_static").glob("*.js"),
        *(outdir / "_static" / "scripts").glob("*.js"),
    ]:
        if path.name != Path(FONTAWESOME_JS).name:
            used.update(re.findall(r"\bfa-([a-z0-9-]+)", path.read_text(errors="ignore")))
    icons = _solid_icons()
    names = sorted(name for name in used if name in icons)
    rules = [
        "/* Generated by _ext/static_site.py: the Font Awesome icons these pages use, as CSS masks. */",
        ",".join(f".fa-{name}::before" for name in names)
        + '{content:"";display:inline-block;height:1em;vertical-align:-0.125em;'
        "background-color:currentColor;-webkit-mask:var(--nnbook-icon) no-repeat center/contain;"
        "mask:var(--nnbook-icon) no-repeat center/contain}",
    ]
    for name in names:
        width, height, path = icons[name]
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
        rules.append(
            f".fa-{name}::before{{width:{width / height:.4f}em;"
            f'--nnbook-icon:url("data:image/svg+xml,{quote(svg, safe=" /:=,.-")}")}}'
        )
    (outdir / "_static" / ICONS_CSS).write_text("\n".join(rules) + "\n")


def setup(app):
    app.add_post_transform(DropWidgetOutputs)
    # Before MyST-NB's own html-page-context handler (default priority 500) adds the scripts.
    app.connect("html-page-context", _drop_widget_scripts, priority=400)
    app.connect("config-inited", _template_without_fontawesome)
    app.add_css_file(ICONS_CSS)
    app.add_css_file(f"{EXPLORERS_DIR}/{BOOK_CSS}")
    app.connect("build-finished", _write_icons_css)
    app.connect("html-page-context", _load_explorers)
    app.connect("build-finished", _copy_explorer_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
