// The hand-placed line explorers: chapter 1 ("line": move m and b, watch each residual and its
// square, and their mean) and chapter 3 ("parabola": move m with b fixed, watch the loss trace
// a parabola in m).
//
// No descent here: every move computes the loss once, from the data's sums with lossAt
// (descent.js), the formula and order of nnlib's _mse_from_sums, so the page shows nnlib's
// numbers. Results go to the model (for Python), to data-* attributes (for tests) and to the
// readout (for people); the settings go to the URL hash.
import { scaleLinear } from "d3-scale";
import { drawAxes, legend, panel } from "./axes.js";
import { button, el, formatNumber, formatSetting, holdTouch, px, readout, svgEl } from "./controls.js";
import { Settings } from "./settings.js";
import { lossAt } from "./kernels/descent.js";

const round1 = (v) => Math.round(v * 10) / 10;
const clamp = (v, [lo, hi]) => Math.min(hi, Math.max(lo, v));
// A value on the slider's grid (multiples of `step` from 0), without floating-point tails.
const snap = (v, step) => Number((Math.round(v / step) * step).toFixed(2));

// --- The data panel: the patients, the line, each residual and its square ---
// Shared by both kinds. `handles` lists the x positions (as fractions of the view) of the
// line's drag handles; `onHandle(index, yData)` gets the data-space height a handle was
// dragged to.
function residualPanel({ x: xs, y: ys, view, labels, best, heading, title, handles, onHandle }) {
  const p = panel({
    margin: { top: 34, right: 14, bottom: 50, left: 66 },
    heading,
    title,
    xTitle: labels.x ?? "x",
    yTitle: labels.y ?? "y",
  });
  const { width, height } = p.inner;
  const x = scaleLinear().domain(view.x).range([0, width]);
  const y = scaleLinear().domain(view.y).range([height, 0]);
  drawAxes(p, x, y);
  const squares = svgEl("g", { "aria-hidden": "true" });
  const residuals = svgEl("g", { "aria-hidden": "true" });
  const dots = svgEl("g", { "aria-hidden": "true" });
  const bestLine = svgEl("line", { class: "nnx-best-line", visibility: "hidden" });
  const line = svgEl("line", { class: "nnx-current-line" });
  const squareMarks = xs.map(() => svgEl("rect", { class: "nnx-square" }));
  const residualMarks = xs.map(() => svgEl("line", { class: "nnx-residual" }));
  squares.append(...squareMarks);
  residuals.append(...residualMarks);
  xs.forEach((xi, i) => dots.append(svgEl("circle", { class: "nnx-data-point", cx: round1(x(xi)), cy: round1(y(ys[i])), r: 3.5 })));
  const handleMarks = handles.map(() => {
    const hit = svgEl("circle", { class: "nnx-start-hit", r: 18 });
    const mark = svgEl("circle", { class: "nnx-handle", r: 6.5 });
    mark.append(svgEl("title", {}, "drag to move the line"));
    return { hit, mark };
  });
  p.layer.append(squares, bestLine, residuals, line, dots);
  for (const { hit, mark } of handleMarks) p.layer.append(hit, mark);
  const legendRows = [
    { cls: "nnx-data-point", shape: "dot", text: "patients" },
    { cls: "nnx-current-line", shape: "line", text: "your line" },
    { cls: "nnx-residual", shape: "line", text: "residual" },
    { cls: "nnx-square", shape: "box", text: "its square" },
  ];
  const bestEntry = { cls: "nnx-best-line", shape: "line", text: "best line" };
  const legendGroup = legend(p, best ? [...legendRows, bestEntry] : legendRows);
  const bestRow = best ? legendGroup.lastChild : null;
  const hint = svgEl("text", { class: "nnx-hint", x: width / 2, y: height - 8, "text-anchor": "middle" });
  p.plot.append(hint);

  // The segment of y = m x + b over the view's x range (the clip path hides what is outside).
  function placeLine(element, m, b) {
    const [x0, x1] = view.x;
    element.setAttribute("x1", 0);
    element.setAttribute("x2", width);
    element.setAttribute("y1", round1(px(y(m * x0 + b))));
    element.setAttribute("y2", round1(px(y(m * x1 + b))));
  }
  const handleX = handles.map((f) => view.x[0] + f * (view.x[1] - view.x[0]));

  // Dragging a handle: the pointer's height in data units goes to onHandle.
  let dragged = -1;
  let pending = null;
  function pointerTo(event) {
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(p.plot.getScreenCTM().inverse());
    const value = y.invert(Math.min(height, Math.max(0, point.y)));
    if (pending === null) {
      requestAnimationFrame(() => {
        const [index, v] = pending;
        pending = null;
        onHandle(index, v);
      });
    }
    pending = [dragged, value];
  }
  handleMarks.forEach(({ hit, mark }, index) => {
    for (const target of [hit, mark]) {
      holdTouch(target);
      target.addEventListener("pointerdown", (event) => {
        if (event.button !== 0) return;
        event.preventDefault();
        dragged = index;
        target.setPointerCapture(event.pointerId);
        pointerTo(event);
      });
      target.addEventListener("pointermove", (event) => {
        if (dragged === index) pointerTo(event);
      });
      const end = () => {
        dragged = -1;
      };
      target.addEventListener("pointerup", end);
      target.addEventListener("pointercancel", end);
    }
  });

  return {
    element: p.element,
    handleX,
    draw(m, b) {
      placeLine(line, m, b);
      xs.forEach((xi, i) => {
        const cx = x(xi);
        const top = px(y(ys[i]));
        const bottom = px(y(m * xi + b));
        const side = Math.abs(bottom - top);
        residualMarks[i].setAttribute("x1", round1(cx));
        residualMarks[i].setAttribute("x2", round1(cx));
        residualMarks[i].setAttribute("y1", round1(top));
        residualMarks[i].setAttribute("y2", round1(bottom));
        // The square on the residual, on the side with more room: its area is the squared error.
        const left = cx > width / 2 ? cx - side : cx;
        const square = squareMarks[i];
        square.setAttribute("x", round1(px(left)));
        square.setAttribute("y", round1(Math.min(top, bottom)));
        square.setAttribute("width", round1(Math.min(side, 2e5)));
        square.setAttribute("height", round1(Math.min(side, 2e5)));
      });
      handleMarks.forEach(({ hit, mark }, i) => {
        const hy = round1(Math.min(height, Math.max(0, y(m * handleX[i] + b)))); // stays reachable
        for (const c of [hit, mark]) {
          c.setAttribute("cx", round1(x(handleX[i])));
          c.setAttribute("cy", hy);
        }
      });
      const [y0, y1] = view.y;
      const ends = [m * view.x[0] + b, m * view.x[1] + b];
      const where = ends.every((v) => v > y1) ? "above" : ends.every((v) => v < y0) ? "below" : "";
      const message = where ? `${where === "above" ? "↑" : "↓"} the line is ${where} the view` : "";
      if (hint.textContent !== message) hint.textContent = message;
    },
    showBest(shown) {
      if (!best) return;
      placeLine(bestLine, best.m, best.b);
      bestLine.setAttribute("visibility", shown ? "visible" : "hidden");
      bestRow.setAttribute("visibility", shown ? "visible" : "hidden");
    },
  };
}

// --- Chapter 1's right panel: one bar per patient, its squared error, and their mean ---

// The bar chart's top: the next value of 1, 2, 5 × 10^k above the largest bar, so the axis
// changes only now and then while the line moves.
function ladder(v) {
  const decade = 10 ** Math.floor(Math.log10(Math.max(v, 1)));
  for (const f of [1, 2, 5, 10]) if (f * decade >= v) return f * decade;
  return 10 * decade;
}

function squaresPanel({ x: xs, best }) {
  const p = panel({
    margin: { top: 34, right: 18, bottom: 50, left: 78 },
    heading: "Squared error of each patient",
    title: "Bars of each patient's squared error, ordered by x, with their mean: the loss",
    xTitle: "patients, ordered by x",
    yTitle: "squared error",
  });
  const { width, height } = p.inner;
  const order = xs.map((_, i) => i).sort((a, c) => xs[a] - xs[c]);
  const n = xs.length;
  const x = scaleLinear().domain([0, n]).range([0, width]);
  const y = scaleLinear().range([height, 0]);
  const bars = order.map(() => svgEl("rect", { class: "nnx-bar" }));
  const mean = svgEl("line", { class: "nnx-mean-line", x1: 0, x2: width });
  const bestMean = svgEl("line", { class: "nnx-best-line", x1: 0, x2: width, visibility: "hidden" });
  const meanLabel = svgEl("text", { class: "nnx-mark-text", x: width - 4, "text-anchor": "end" });
  const bestLabel = svgEl("text", { class: "nnx-mark-text", x: 4, visibility: "hidden" }, "best line's mean");
  p.layer.append(svgEl("g", { "aria-hidden": "true" }, ...bars), bestMean, mean, meanLabel, bestLabel);
  let top = 0;
  let bestShown = false;

  function placeBest() {
    const by = round1(y(best.loss));
    bestMean.setAttribute("y1", by);
    bestMean.setAttribute("y2", by);
    bestLabel.setAttribute("y", by - 5);
    bestMean.setAttribute("visibility", bestShown ? "visible" : "hidden");
    bestLabel.setAttribute("visibility", bestShown ? "visible" : "hidden");
  }
  return {
    element: p.element,
    draw(m, b, ys, loss) {
      const squared = order.map((i) => (m * xs[i] + b - ys[i]) ** 2);
      const next = ladder(Math.max(...squared, loss) * 1.02);
      if (next !== top) {
        top = next;
        y.domain([0, top]);
        drawAxes(p, x, y, { xValues: [], yTicks: 5 });
        placeBest();
      }
      const w = Math.max(1, x(1) - x(0) - 2);
      squared.forEach((v, k) => {
        const h = Math.min(height, height - y(v));
        bars[k].setAttribute("x", round1(x(k) + 1));
        bars[k].setAttribute("width", round1(w));
        bars[k].setAttribute("y", round1(height - h));
        bars[k].setAttribute("height", round1(Math.max(0, h)));
      });
      const my = round1(y(loss));
      mean.setAttribute("y1", my);
      mean.setAttribute("y2", my);
      meanLabel.setAttribute("y", my > 40 ? my - 6 : my + 16);
      meanLabel.textContent = `mean = loss ${formatNumber(loss, 1)}`;
    },
    showBest(shown) {
      bestShown = shown;
      placeBest();
    },
  };
}

// --- Chapter 3's right panel: the loss L(m) for the fixed b, and where m is ---

function parabolaPanel({ sums, view, lowest, b, onPick }) {
  const p = panel({
    margin: { top: 34, right: 18, bottom: 50, left: 78 },
    heading: `Loss as a function of m (b = ${formatSetting(b)})`,
    title: `The mean squared error against the slope m with b held at ${formatSetting(b)}: a parabola`,
    xTitle: "slope m",
    yTitle: "mean squared error",
  });
  const { width, height } = p.inner;
  const x = scaleLinear().domain(view.m).range([0, width]);
  const y = scaleLinear().domain(view.loss).range([height, 0]);
  drawAxes(p, x, y, { yTicks: 5 });
  const points = [];
  for (let k = 0; k <= 220; k++) {
    const m = view.m[0] + ((view.m[1] - view.m[0]) * k) / 220;
    points.push(`${round1(x(m))},${round1(px(y(lossAt(sums, m, b))))}`);
  }
  const curve = svgEl("path", { class: "nnx-loss-curve", d: "M" + points.join("L") });
  const dragArea = svgEl("rect", { class: "nnx-drag-area", width, height });
  const guide = svgEl("line", { class: "nnx-guide", y1: 0, y2: height });
  const lowX = round1(x(lowest.m));
  const lowMark = svgEl("circle", { class: "nnx-best-dot", cx: lowX, cy: round1(y(lowest.loss)), r: 5 });
  const lowLabel = svgEl(
    "text",
    { class: "nnx-mark-text", x: lowX, y: round1(y(lowest.loss)) + 20, "text-anchor": "middle" },
    `lowest point, m = ${formatNumber(lowest.m)}`,
  );
  const point = svgEl("circle", { class: "nnx-current-point", r: 6 });
  const hit = svgEl("circle", { class: "nnx-start-hit", r: 18 });
  point.append(svgEl("title", {}, "drag along the curve"));
  const label = svgEl("text", { class: "nnx-mark-text" });
  p.layer.append(dragArea, curve, guide, lowMark, lowLabel, label, hit, point);

  // Pressing or dragging anywhere on the panel (mouse, pen) or the point (touch) picks m.
  let dragging = false;
  let pending = null;
  function pointerTo(event) {
    const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(p.plot.getScreenCTM().inverse());
    if (pending === null) {
      requestAnimationFrame(() => {
        const m = pending;
        pending = null;
        onPick(m);
      });
    }
    pending = clamp(x.invert(at.x), view.m);
  }
  for (const handle of [hit, point]) holdTouch(handle);
  for (const target of [dragArea, hit, point]) {
    target.addEventListener("pointerdown", (event) => {
      if (event.button !== 0 || (target === dragArea && event.pointerType === "touch")) return;
      event.preventDefault();
      dragging = true;
      target.setPointerCapture(event.pointerId);
      pointerTo(event);
    });
    target.addEventListener("pointermove", (event) => {
      if (dragging) pointerTo(event);
    });
    const end = () => {
      dragging = false;
    };
    target.addEventListener("pointerup", end);
    target.addEventListener("pointercancel", end);
  }

  return {
    element: p.element,
    draw(m, loss) {
      const cx = round1(x(m));
      const cy = round1(px(y(loss)));
      for (const c of [point, hit]) {
        c.setAttribute("cx", cx);
        c.setAttribute("cy", cy);
      }
      guide.setAttribute("x1", cx);
      guide.setAttribute("x2", cx);
      const onRight = cx < width * 0.6;
      label.setAttribute("x", round1(cx + (onRight ? 10 : -10)));
      label.setAttribute("y", round1(Math.max(14, cy - 10)));
      label.setAttribute("text-anchor", onRight ? "start" : "end");
      label.textContent = `loss ${formatNumber(loss, 1)}`;
    },
  };
}

// --- The explorer: settings, sliders, buttons, readout, hash ---

function renderHandPlaced({ model, el: host }, kind) {
  const sums = model.get("sums");
  const xs = model.get("x");
  const ys = model.get("y");
  const view = model.get("view");
  const best = model.get("best");
  const labels = model.get("labels") ?? {};
  const isLine = kind === "line";
  const fixedB = isLine ? null : model.get("b");
  const settings = new Settings(model);
  const step = (name) => settings.byName[name].step;

  const root = el("div", { class: "nnbook-explorer-root", "data-kind": kind });
  root.id = kind;
  const left = residualPanel({
    x: xs,
    y: ys,
    view,
    labels,
    best: isLine ? best : null,
    heading: isLine ? "The patients, your line and its residuals" : `The line y = m x + ${formatSetting(fixedB)}`,
    title: isLine
      ? "The patients, the line you placed, each residual as a vertical segment and its square"
      : `The patients, the line with slope m and intercept ${formatSetting(fixedB)}, each residual and its square`,
    handles: isLine ? [0.12, 0.88] : [0.88],
    onHandle,
  });
  const right = isLine
    ? squaresPanel({ x: xs, best })
    : parabolaPanel({ sums, view, lowest: model.get("lowest"), b: fixedB, onPick: (m) => settings.change({ m: snap(m, step("m")) }) });
  const figures = el("div", { class: "nnx-figures" }, left.element, right.element);
  const { sliders: controls, toggles } = settings.buildControls();
  for (const toggle of toggles) toggle.title = "The least-squares line of chapter 1, for comparison";
  const buttons = el(
    "div",
    { class: "nnx-buttons" },
    ...toggles,
    button("Reset", () => settings.reset(), { title: "Back to the starting line" }),
  );
  const text = readout();
  root.append(figures, controls, buttons, text);
  host.replaceChildren(root);

  // A handle dragged to height v: the other handle stays, the line goes through both.
  function onHandle(index, v) {
    const hx = left.handleX;
    if (!isLine) {
      settings.change({ m: snap((v - fixedB) / hx[0], step("m")) });
      return;
    }
    const { m: m1, b: b1 } = settings.values;
    const other = 1 - index;
    const otherY = m1 * hx[other] + b1;
    const m = (v - otherY) / (hx[index] - hx[other]);
    const b = otherY - m * hx[other];
    settings.change({ m: snap(m, step("m")), b: snap(b, step("b")) });
  }

  function show(save) {
    const s = settings.values;
    const m = s.m;
    const b = isLine ? s.b : fixedB;
    const loss = lossAt(sums, m, b);
    left.draw(m, b);
    right.draw(m, isLine ? b : loss, ys, loss);
    if (isLine) {
      left.showBest(s.show_best);
      right.showBest(s.show_best);
    }
    text.textContent =
      `m = ${formatNumber(m)}  b = ${formatNumber(b)}${isLine ? "" : " (fixed)"}  loss = ${formatNumber(loss)}` +
      (isLine && s.show_best ? `  (best line: ${formatNumber(best.loss)})` : "");
    settings.report(root, isLine ? { loss } : { b, loss }, save);
  }

  settings.connect(() => show(true));
  show(true);
  settings.start(root);

  return () => settings.disconnect();
}

export function renderLine(args) {
  return renderHandPlaced(args, "line");
}

export function renderParabola(args) {
  return renderHandPlaced(args, "parabola");
}
