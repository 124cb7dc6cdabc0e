// The explorers' front-end module (anywidget contract): `render({ model, el })` draws the
// explorer named by model.get("kind") into `el` and returns a cleanup function.
// Used as-is by JupyterLab (the widget's _esm) and by the static site's loader.
import { renderLine, renderParabola } from "./line.js";
import { renderClassifier } from "./classifier.js";
import { renderLinear } from "./linear.js";
import { renderMomentum } from "./momentum.js";
import { renderMinibatch } from "./minibatch.js";
import { renderHiddenLayer } from "./hidden_layer.js";

const renderers = {
  learning_rate: renderLinear,
  loss_surface: renderLinear,
  momentum: renderMomentum,
  minibatch: renderMinibatch,
  hidden_layer: renderHiddenLayer,
  line: renderLine,
  parabola: renderParabola,
  classifier: renderClassifier,
};

function render({ model, el }) {
  const kind = model.get("kind");
  const draw = renderers[kind];
  if (!draw) {
    el.textContent = `This explorer (kind "${kind}") is not known to this version of the book.`;
    return undefined;
  }
  return draw({ model, el });
}

export default { render };
