// The three figure panels of the linear explorers:
//   dataPanel  — the patients, the start line (dashed) and the current line (chapter 5);
//   mapPanel   — the loss over (m, b) as filled contour bands, the descent path, the gradient
//                arrow and a draggable start point (chapter 6);
//   lossPanel  — the loss after each step, log scale (both chapters).
// Each returns { element, drawRun(run, settings), drawStep(run, step) }: drawRun redraws what
// depends on the whole run (once per settings change), drawStep only what moves with the step.
import { contours } from "d3-contour";
import { scaleLinear, scaleLog } from "d3-scale";
import { interpolateYlGnBu } from "d3-scale-chromatic";
import { axisRight } from "d3-axis";
import { select } from "d3-selection";
import { CHAR, TEXT, drawAxes, legend, panel, stepScale, thinned, tickFormatFor } from "./axes.js";
import { holdTouch, px, svgEl } from "./controls.js";
import { gradientAt, lossAt } from "./kernels/descent.js";

const round1 = (v) => Math.round(v * 10) / 10;

// A run's polyline drawn twice: the whole run faint, and solid up to the current step.
// `set(xs, ys)` takes every step's position (viewBox units) once per run; `upTo(k)` then only
// joins the kept points up to step k.
function trail(layer, className) {
  const ahead = svgEl("path", { class: `${className} nnx-ahead` });
  const done = svgEl("path", { class: className });
  layer.append(ahead, done);
  let kept = [];
  let points = [];
  return {
    set(xs, ys, gap) {
      kept = thinned(xs, ys, gap);
      points = kept.map((k) => `${round1(xs[k])},${round1(ys[k])}`);
      ahead.setAttribute("d", points.length ? "M" + points.join("L") : "");
    },
    upTo(k, x, y) {
      let count = 0; // kept points at or before step k (kept is sorted)
      let hi = kept.length;
      while (count < hi) {
        const mid = (count + hi) >> 1;
        if (kept[mid] <= k) count = mid + 1;
        else hi = mid;
      }
      const head = points.slice(0, count);
      if (kept[count - 1] !== k) head.push(`${round1(x)},${round1(y)}`);
      done.setAttribute("d", "M" + head.join("L"));
    },
  };
}

// Text at the top or bottom edge of a plot area saying what left the view (and which way).
function edgeHints(p) {
  const make = (y) => {
    const text = svgEl("text", { class: "nnx-hint", x: p.inner.width / 2, y, "text-anchor": "middle" });
    const group = svgEl("g", { visibility: "hidden" }, text);
    p.plot.append(group);
    return { group, text };
  };
  const top = make(16);
  const bottom = make(p.inner.height - 8);
  const show = (hint, message) => {
    hint.group.setAttribute("visibility", message ? "visible" : "hidden");
    if (hint.text.textContent !== message) hint.text.textContent = message;
  };
  return { top: (m) => show(top, m), bottom: (m) => show(bottom, m) };
}

// --- Chapter 5: the data and the lines ---

export function dataPanel({ x: xs, y: ys, view, labels }) {
  const p = panel({
    margin: { top: 34, right: 14, bottom: 50, left: 66 },
    heading: "The patients and the line",
    title: "The patients with the start line (dashed) and the line after the current step",
    xTitle: labels.x ?? "x",
    yTitle: labels.y ?? "y",
  });
  const x = scaleLinear().domain(view.x).range([0, p.inner.width]);
  const y = scaleLinear().domain(view.y).range([p.inner.height, 0]);
  drawAxes(p, x, y);
  const dots = svgEl("g", { "aria-hidden": "true" });
  xs.forEach((xi, i) => dots.append(svgEl("circle", { class: "nnx-data-point", cx: round1(x(xi)), cy: round1(y(ys[i])), r: 3.5 })));
  const startLine = svgEl("line", { class: "nnx-start-line" });
  const currentLine = svgEl("line", { class: "nnx-current-line" });
  p.layer.append(dots, startLine, currentLine);
  legend(p, [
    { cls: "nnx-data-point", shape: "dot", text: "patients" },
    { cls: "nnx-start-line", shape: "line", text: "start line" },
    { cls: "nnx-current-line", shape: "line", text: "current line" },
  ]);
  const hints = edgeHints(p);

  // The part of y = m x + b inside the view (x within the view, y within it padded by 10 %),
  // or where the line went: "above", "below" or "beside" (too steep to cross the view).
  const [x0, x1] = view.x;
  const pad = 0.1 * (view.y[1] - view.y[0]);
  const [y0, y1] = [view.y[0] - pad, view.y[1] + pad];
  function visiblePart(m, b) {
    if (!Number.isFinite(m) || !Number.isFinite(b)) return { where: "beside" };
    let lo = x0;
    let hi = x1;
    if (m !== 0) {
      const a = (y0 - b) / m;
      const c = (y1 - b) / m;
      lo = Math.max(lo, Math.min(a, c));
      hi = Math.min(hi, Math.max(a, c));
    } else if (b < y0 || b > y1) {
      lo = hi + 1;
    }
    if (lo <= hi) return { lo, hi };
    const middle = m * ((x0 + x1) / 2) + b;
    if (m * x0 + b > y1 && m * x1 + b > y1) return { where: "above" };
    if (m * x0 + b < y0 && m * x1 + b < y0) return { where: "below" };
    return { where: middle > y1 ? "above" : middle < y0 ? "below" : "beside" };
  }
  function place(element, m, b) {
    const part = visiblePart(m, b);
    element.setAttribute("visibility", part.where ? "hidden" : "visible");
    if (part.where) return part.where;
    element.setAttribute("x1", px(x(part.lo)));
    element.setAttribute("x2", px(x(part.hi)));
    element.setAttribute("y1", px(y(m * part.lo + b)));
    element.setAttribute("y2", px(y(m * part.hi + b)));
    return null;
  }

  let startWhere = null;
  function updateHints(currentWhere) {
    const say = (where, arrow) => {
      const lines = [startWhere === where && "start", currentWhere === where && "current"].filter(Boolean);
      if (lines.length === 0) return "";
      const what = lines.length === 2 ? "both lines" : `${lines[0]} line`;
      return `${arrow}${what} ${where === "beside" ? "outside the view" : `${where} the view`}`;
    };
    hints.top([say("above", "↑ "), say("beside", "")].filter(Boolean).join("; "));
    hints.bottom(say("below", "↓ "));
  }
  return {
    element: p.element,
    drawRun(run) {
      startWhere = place(startLine, run.m[0], run.b[0]);
    },
    drawStep(run, k) {
      updateHints(place(currentLine, run.m[k], run.b[k]));
    },
  };
}

// --- Both chapters: the loss curve ---

export function lossPanel({ best }) {
  const p = panel({
    margin: { top: 34, right: 24, bottom: 50, left: 82 },
    heading: "Loss after each step",
    title: "The loss after each step of gradient descent, on a log scale",
    xTitle: "step",
    yTitle: "mean squared error (log scale)",
  });
  const curveLayer = svgEl("g");
  const curve = trail(curveLayer, "nnx-loss-curve");
  const floor = svgEl("line", { class: "nnx-start-line", x1: 0, x2: p.inner.width, opacity: 0.6 });
  const floorLabel = svgEl("text", { class: "nnx-hint", x: 6 }, "lowest possible loss");
  const marker = svgEl("circle", { class: "nnx-current-point", r: 5 });
  p.layer.append(floor, curveLayer, marker);
  p.plot.append(floorLabel);
  let x = null;
  let y = null;
  let axesKey = "";
  let clampLoss = (v) => v;

  return {
    element: p.element,
    drawRun(run) {
      const steps = run.requested;
      const xs = stepScale(steps, p.inner.width);
      x = xs.scale;
      // The y range depends on the start and the optimum only, unless the loss rises above
      // twice its start: it then stays put while the learning rate moves through stable values.
      let lowest = Infinity;
      let highest = 0;
      for (const v of run.losses) {
        if (Number.isFinite(v) && v > 0) {
          lowest = Math.min(lowest, v);
          highest = Math.max(highest, v);
        }
      }
      if (!Number.isFinite(lowest)) [lowest, highest] = [1, 10];
      const cap = run.limitLoss * 100; // an overflowing last step is drawn at the top edge
      const lo = Math.max(Math.min(best.loss > 0 ? best.loss : lowest, lowest) * 0.8, 1e-12);
      const hi = Math.min(Math.max(1.5 * run.losses[0], highest * 1.3, lo * 2), cap);
      y = scaleLog().domain([lo, hi]).range([p.inner.height, 0]);
      const [ylo, yhi] = y.domain();
      clampLoss = (v) => (Number.isNaN(v) ? yhi : Math.min(yhi, Math.max(ylo, v)));
      const key = `${steps}|${ylo}|${yhi}`;
      if (key !== axesKey) {
        axesKey = key;
        p.xLabel.textContent = xs.title;
        drawAxes(p, x, y, { xValues: xs.values, yTicks: 6 });
      }
      const fy = round1(y(clampLoss(best.loss)));
      floor.setAttribute("y1", fy);
      floor.setAttribute("y2", fy);
      floorLabel.setAttribute("y", fy + 14 < p.inner.height - 4 ? fy + 14 : fy - 5);
      floorLabel.setAttribute("visibility", best.loss > 0 ? "visible" : "hidden");
      // Pixel positions of every step, then only the points far enough apart to matter.
      const n = run.losses.length;
      const px_ = new Float64Array(n);
      const py_ = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        px_[k] = x(k);
        py_[k] = y(clampLoss(run.losses[k]));
      }
      curve.set(px_, py_, 0.75);
    },
    drawStep(run, k) {
      const [mx, my] = [px(x(k)), px(y(clampLoss(run.losses[k])))];
      marker.setAttribute("cx", round1(mx));
      marker.setAttribute("cy", round1(my));
      curve.upTo(k, mx, my);
    },
  };
}

// --- Chapter 6: the loss map ---

const GRID = [72, 54]; // loss samples across and up the map (the bands are interpolated)
const BANDS = 14; // each band boundary halves the loss above the minimum

export function mapPanel({ sums, best, view, ranges, labels, onDrag, onDragEnd }) {
  const p = panel({
    margin: { top: 34, right: 84, bottom: 50, left: 66 },
    className: "nnx-map",
    heading: "Loss over slope m and intercept b",
    title: "Contours of the loss over slope m and intercept b, with the descent path from the start point",
    xTitle: labels.m ?? "slope m",
    yTitle: labels.b ?? "intercept b",
  });
  const { width, height } = p.inner;
  const x = scaleLinear().range([0, width]);
  const y = scaleLinear().range([height, 0]);
  const bands = svgEl("g", { "aria-hidden": "true" });
  const dragArea = svgEl("rect", { class: "nnx-drag-area", width, height });
  const pathLayer = svgEl("g");
  const path = trail(pathLayer, "nnx-path");
  const markers = svgEl("path", { class: "nnx-path-marker" });
  const bestMark = svgEl("g", { "aria-hidden": "true" });
  const arrow = svgEl("g", { "aria-hidden": "true" });
  const arrowLine = svgEl("line", { class: "nnx-arrow-outline" });
  const arrowShaft = svgEl("line", { class: "nnx-arrow" });
  const arrowHead = svgEl("path", { class: "nnx-arrow-head" });
  const arrowLabel = svgEl("text", { class: "nnx-arrow-label" }, "−gradient");
  arrow.append(arrowLine, arrowShaft, arrowHead, arrowLabel);
  const current = svgEl("circle", { class: "nnx-current-point", r: 5.5 });
  const start = svgEl("circle", { class: "nnx-start-point", r: 7 });
  const startHit = svgEl("circle", { class: "nnx-start-hit", r: 18 }); // a finger-sized target
  start.append(svgEl("title", {}, "start point: drag it"));
  p.layer.append(bands, dragArea, pathLayer, markers, bestMark, arrow, current, startHit, start);
  // Marks labelled where they are rather than in a legend (which would hide part of the map).
  const startLabel = svgEl("text", { class: "nnx-mark-label", "aria-hidden": "true" }, "start (drag it)");
  const bestLabel = svgEl("text", { class: "nnx-mark-label", "aria-hidden": "true" }, "minimum");
  p.layer.append(startLabel, bestLabel);
  const hints = edgeHints(p);
  const colourBar = svgEl("g", { transform: `translate(${width + 10},0)`, "aria-hidden": "true" });
  p.plot.append(colourBar);

  // Which part of the (m, b) plane the map shows. Three frames, from the closest to the widest:
  //   the default frame (from Python, framing the default run);
  //   the wide frame, which holds every start the sliders allow and the minimum;
  //   a frame fitted to the run, for the rare run that leaves even that (a learning rate just
  //   above the stable limit zigzags far out before it diverges).
  // The smallest one that holds the start and, unless the run diverged, the whole path is
  // shown. Few distinct frames keep the picture steady and let their bands be cached.
  // While the start point is dragged the frame holds still (the point stays under the pointer).
  let frame = null;
  let frameKey = "";
  let dragging = false;
  const padded = ([lo, hi], [vlo, vhi]) => {
    const [a, b] = [Math.min(lo, vlo), Math.max(hi, vhi)];
    return scaleLinear()
      .domain([a - 0.04 * (b - a), b + 0.04 * (b - a)])
      .nice(8)
      .domain();
  };
  const wide = {
    m: padded([ranges.m0[0], ranges.m0[1]], [Math.min(view.m[0], best.m), Math.max(view.m[1], best.m)]),
    b: padded([ranges.b0[0], ranges.b0[1]], [Math.min(view.b[0], best.b), Math.max(view.b[1], best.b)]),
  };
  const holds = (f, [mlo, mhi], [blo, bhi]) => mlo >= f.m[0] && mhi <= f.m[1] && blo >= f.b[0] && bhi <= f.b[1];
  function frameFor(run) {
    let [mlo, mhi, blo, bhi] = [Infinity, -Infinity, Infinity, -Infinity];
    const count = run.diverged ? 1 : run.m.length;
    for (let k = 0; k < count; k++) {
      mlo = Math.min(mlo, run.m[k]);
      mhi = Math.max(mhi, run.m[k]);
      blo = Math.min(blo, run.b[k]);
      bhi = Math.max(bhi, run.b[k]);
    }
    if (holds(view, [mlo, mhi], [blo, bhi])) return view;
    if (holds(wide, [mlo, mhi], [blo, bhi])) return wide;
    return { m: padded([mlo, mhi], wide.m), b: padded([blo, bhi], wide.b) };
  }

  const bandCache = new Map(); // frame → its band and colour-bar elements, built once

  function setFrame(next) {
    const key = `${next.m}|${next.b}`;
    if (key === frameKey) return;
    frameKey = key;
    frame = next;
    x.domain(frame.m);
    y.domain(frame.b);
    drawAxes(p, x, y);
    if (!bandCache.has(key)) {
      if (bandCache.size >= 6) bandCache.delete(bandCache.keys().next().value);
      bandCache.set(key, drawBands());
    }
    const cached = bandCache.get(key);
    bands.replaceChildren(...cached.bands);
    colourBar.replaceChildren(...cached.bar);
    const bx = round1(x(best.m));
    const by = round1(y(best.b));
    // On the side of the minimum with room for the word (the plot area clips what overflows).
    const bestOnRight = bx < width - 8 * CHAR;
    bestLabel.setAttribute("x", bestOnRight ? bx + 10 : bx - 10);
    bestLabel.setAttribute("y", by + 5);
    bestLabel.setAttribute("text-anchor", bestOnRight ? "start" : "end");
    bestMark.replaceChildren(
      svgEl("circle", { cx: bx, cy: by, r: 6, class: "nnx-best-outline" }),
      svgEl("circle", { cx: bx, cy: by, r: 6, class: "nnx-best" }),
    );
  }

  // Filled bands of the loss above its minimum, halving from the largest value on the map down,
  // and the colour bar; returned as elements (cached per frame by setFrame).
  // d3-contour returns, for each threshold, the region of the grid at or above it; drawn from
  // the lowest threshold up, each region covers the previous ones.
  function drawBands() {
    const [nx, ny] = GRID;
    const excess = new Float64Array(nx * ny);
    let top = 0;
    for (let j = 0; j < ny; j++) {
      const b = frame.b[0] + ((j + 0.5) / ny) * (frame.b[1] - frame.b[0]);
      for (let i = 0; i < nx; i++) {
        const m = frame.m[0] + ((i + 0.5) / nx) * (frame.m[1] - frame.m[0]);
        const value = Math.max(0, lossAt(sums, m, b) - best.loss);
        excess[j * nx + i] = value;
        top = Math.max(top, value);
      }
    }
    top = Math.max(top, 1e-9);
    const thresholds = [0];
    for (let k = BANDS; k >= 1; k--) thresholds.push(top * 2 ** -k);
    const colour = scaleLog()
      .domain([thresholds[1], top])
      .range([0, 1])
      .clamp(true);
    const fill = (t) => interpolateYlGnBu(1 - 0.9 * colour(Math.max(t, thresholds[1])));
    const gx = (v) => round1(x(frame.m[0] + (v / nx) * (frame.m[1] - frame.m[0])));
    const gy = (v) => round1(y(frame.b[0] + (v / ny) * (frame.b[1] - frame.b[0])));
    const shapes = contours().size([nx, ny]).thresholds(thresholds)(excess);
    const bandPaths = shapes.map((shape) => {
        let d = "";
        for (const polygon of shape.coordinates) {
          for (const ring of polygon) d += "M" + ring.map(([a, b]) => `${gx(a)},${gy(b)}`).join("L") + "Z";
        }
        return svgEl("path", { class: "nnx-band", d, fill: fill(shape.value) });
    });
    // The colour bar: one rectangle per band, with a log axis of the loss above the minimum.
    const bar = scaleLog().domain([thresholds[1], top]).range([height, 0]);
    const rects = [];
    for (let k = 1; k < thresholds.length; k++) {
      const upper = k + 1 < thresholds.length ? thresholds[k + 1] : top;
      rects.push(
        svgEl("rect", {
          x: 0,
          width: 10,
          y: round1(bar(upper)),
          height: round1(bar(thresholds[k]) - bar(upper)) + 0.5,
          fill: fill(thresholds[k]),
        }),
      );
    }
    const axis = svgEl("g", { class: "nnx-axis", transform: "translate(10,0)" });
    const barTitle = svgEl(
      "text",
      { class: "nnx-axis-title", transform: `translate(70,${height / 2}) rotate(-90)`, "text-anchor": "middle" },
      "loss above its minimum",
    );
    const barText = tickFormatFor(bar.domain());
    select(axis).call(axisRight(bar).ticks(4).tickSize(3).tickFormat((v) => (isPowerOfTen(v) ? barText(v) : "")));
    return { bands: bandPaths, bar: [...rects, axis, barTitle] };
  }

  // Dragging the start point moves it; so does pressing anywhere on the map with a mouse or pen.
  // On a touch screen only the point itself is a handle: a swipe across the map scrolls the page.
  let pending = null;
  function pointerTo(event) {
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(p.plot.getScreenCTM().inverse());
    const clampTo = (v, [lo, hi], [rlo, rhi]) => Math.min(Math.min(hi, rhi), Math.max(Math.max(lo, rlo), v));
    const m = clampTo(x.invert(point.x), frame.m, ranges.m0);
    const b = clampTo(y.invert(point.y), frame.b, ranges.b0);
    if (pending === null) {
      requestAnimationFrame(() => {
        const [pm, pb] = pending;
        pending = null;
        onDrag(pm, pb);
      });
    }
    pending = [m, b];
  }
  for (const handle of [startHit, start]) holdTouch(handle);
  for (const target of [dragArea, startHit, start]) {
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
      if (!dragging) return;
      dragging = false;
      requestAnimationFrame(() => onDragEnd());
    };
    target.addEventListener("pointerup", end);
    target.addEventListener("pointercancel", end);
  }

  let pathLeaves = false;
  const inside = (m, b) =>
    m >= frame.m[0] && m <= frame.m[1] && b >= frame.b[0] && b <= frame.b[1];

  return {
    element: p.element,
    drawRun(run) {
      if (!dragging) setFrame(frameFor(run));
      const n = run.m.length;
      const pxs = new Float64Array(n);
      const pys = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        pxs[k] = px(x(run.m[k]), 0);
        pys[k] = px(y(run.b[k]), 0);
      }
      path.set(pxs, pys, 1);
      // A dot per step where steps are a few pixels apart: at most about 200 of them.
      const dots = thinned(pxs, pys, 5).slice(0, 200);
      markers.setAttribute("d", dots.map((k) => `M${round1(pxs[k]) - 2},${round1(pys[k])}a2,2 0 1,0 4,0a2,2 0 1,0 -4,0`).join(""));
      for (const mark of [start, startHit]) {
        mark.setAttribute("cx", round1(pxs[0]));
        mark.setAttribute("cy", round1(pys[0]));
      }
      // The start's label on the side with more room.
      const onRight = pxs[0] < width * 0.6;
      startLabel.setAttribute("x", round1(pxs[0] + (onRight ? 11 : -11)));
      // Below the point when it is near the top, where the edge hints are written.
      startLabel.setAttribute("y", round1(pys[0] < 34 ? pys[0] + 22 : pys[0] - 9));
      startLabel.setAttribute("text-anchor", onRight ? "start" : "end");
      let left = false;
      for (let k = 0; k < n && !left; k++) left = !inside(run.m[k], run.b[k]);
      pathLeaves = left;
    },
    drawStep(run, k) {
      const m = run.m[k];
      const b = run.b[k];
      const seen = Number.isFinite(m) && Number.isFinite(b) && inside(m, b);
      path.upTo(k, px(x(m)), px(y(b)));
      current.setAttribute("visibility", seen ? "visible" : "hidden");
      arrow.setAttribute("visibility", "hidden");
      hints.top(seen ? (pathLeaves ? "the path leaves the map" : "") : "current point off the map");
      hints.bottom("");
      if (!seen) return;
      const cx = round1(x(m));
      const cy = round1(y(b));
      current.setAttribute("cx", cx);
      current.setAttribute("cy", cy);
      // The arrow points along −∇L as it looks on the map (each axis in its own pixels per
      // unit), with a fixed length: only the direction is shown, the size is in the readout.
      const [gm, gb] = gradientAt(sums, m, b);
      const dx = -gm * (width / (frame.m[1] - frame.m[0]));
      const dy = gb * (height / (frame.b[1] - frame.b[0])); // screen y points down
      const size = Math.hypot(dx, dy);
      if (!(size > 0) || !Number.isFinite(size)) return;
      const [ux, uy] = [dx / size, dy / size];
      const length = 42;
      const [tx, ty] = [cx + ux * length, cy + uy * length];
      for (const shaft of [arrowLine, arrowShaft]) {
        shaft.setAttribute("x1", cx);
        shaft.setAttribute("y1", cy);
        shaft.setAttribute("x2", round1(cx + ux * (length - 6)));
        shaft.setAttribute("y2", round1(cy + uy * (length - 6)));
      }
      const [bx, by] = [tx - ux * 10, ty - uy * 10];
      arrowHead.setAttribute(
        "d",
        `M${round1(tx)},${round1(ty)}L${round1(bx - uy * 5)},${round1(by + ux * 5)}L${round1(bx + uy * 5)},${round1(by - ux * 5)}Z`,
      );
      // The label beyond the tip, on the side away from the point; if it would cover the
      // minimum's or the start's label or leave the plot, behind the point instead; else none.
      const anchor = (u) => (u < -0.3 ? "end" : u > 0.3 ? "start" : "middle");
      const places = [
        [tx + ux * 10, ty + uy * 10 + 5, anchor(ux)],
        [cx - ux * 14, cy - uy * 14 + 5, anchor(-ux)],
      ];
      const avoid = [textBox(bestLabel), textBox(startLabel)];
      const fits = ([lx, ly, a]) => {
        const box = estimatedBox(arrowLabel.textContent, lx, ly, a);
        const inside = box.x0 >= 0 && box.x1 <= width && box.y0 >= 0 && box.y1 <= height;
        return inside && !avoid.some((other) => overlaps(box, other));
      };
      const place = places.find(fits);
      arrowLabel.setAttribute("visibility", place ? "inherit" : "hidden");
      if (place) {
        arrowLabel.setAttribute("x", round1(place[0]));
        arrowLabel.setAttribute("y", round1(place[1]));
        arrowLabel.setAttribute("text-anchor", place[2]);
      }
      arrow.setAttribute("visibility", "visible");
    },
  };
}

// Where a label of `text` at (x, y) with this text-anchor sits, estimated without a layout read.
function estimatedBox(text, x, y, anchor) {
  const w = text.length * CHAR;
  const x0 = anchor === "end" ? x - w : anchor === "middle" ? x - w / 2 : x;
  return { x0, x1: x0 + w, y0: y - TEXT, y1: y + 4 };
}
const textBox = (label) =>
  estimatedBox(label.textContent, Number(label.getAttribute("x")), Number(label.getAttribute("y")), label.getAttribute("text-anchor") ?? "start");
const overlaps = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

function isPowerOfTen(v) {
  const e = Math.log10(v);
  return Math.abs(e - Math.round(e)) < 1e-9;
}
