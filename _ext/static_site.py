"""Sphinx extension for the static website: no frozen widgets, nothing loaded from outside.

The static site shows each slider figure at its default values and a plain-text note; the
sliders run only in a live kernel. Two things would otherwise leak widgets onto the page:

- an output that displayed a widget carries, besides the widget view, a text/plain fallback
  such as ``interactive(children=(FloatSlider(value=0.1, ...``; once the widget view is out of
  the mime priority list, MyST-NB would print that text. We drop the whole output instead.
- an executed notebook keeps the widgets' saved state in its metadata, and MyST-NB embeds it
  (often hundreds of kB, figures included) in a ``<script type="application/vnd.jupyter.
  widget-state+json">``, plus the scripts that would render it. We drop those before the page
  is written.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_JS_KEYS = ("ipywidgets_state", "ipywidgets_")


class DropWidgetOutputs(SphinxPostTransform):
    """Remove every cell output that displayed a widget, text fallback included."""

    default_priority = 3  # before MyST-NB's SelectMimeType (4) picks the text/plain fallback

    def run(self, **kwargs) -> None:
        for bundle in list(self.document.findall(nodes.container)):
            if bundle.get("nb_element") != "mime_bundle":
                continue
            if any(child.get("mime_type") == WIDGET_VIEW for child in bundle.children):
                bundle.parent.remove(bundle)


def _drop_widget_scripts(app, pagename, templatename, context, doctree):
    metadata = getattr(app.env, "nb_metadata", None) or {}
    js_files = metadata.get(pagename, {}).get("js_files", {})
    for key in [key for key in js_files if key.startswith(WIDGET_JS_KEYS)]:
        del js_files[key]


def setup(app):
    app.add_post_transform(DropWidgetOutputs)
    # Before MyST-NB's own html-page-context handler (default priority 500) adds the scripts.
    app.connect("html-page-context", _drop_widget_scripts, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
