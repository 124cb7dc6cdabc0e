// A figure panel: an SVG that scales with its container (viewBox), a plot area with a clip
// path, and d3 axes with grid lines. Shared by the linear explorers' panels.
import { axisBottom, axisLeft } from "d3-axis";
import { format } from "d3-format";
import { scaleLinear, scaleSymlog } from "d3-scale";
import { select } from "d3-selection";
import { el, svgEl } from "./controls.js";

export const WIDTH = 440;
export const HEIGHT = 352;
// Figure text in viewBox units (explorers.css sets the same sizes): a panel is drawn at about
// three quarters of its viewBox, so 15 units read as about 11 px, on a phone and beside another
// panel alike. Layout that must make room for text (legends, hints) uses these.
export const TEXT = 15;
export const CHAR = 0.6 * TEXT; // the width of an average character, for boxes around text

let clipCount = 0; // clip-path ids must be unique on the page (several explorers per page)

// margin: { top, right, bottom, left } in viewBox units. Returns the parts to draw into.
// `heading` is shown above the plot area;
// `title` is the longer description read by screen readers.
export function panel({ margin, title, heading, xTitle, yTitle, className = "" }) {
  const inner = { width: WIDTH - margin.left - margin.right, height: HEIGHT - margin.top - margin.bottom };
  const clipId = `nnx-clip-${++clipCount}`;
  const svg = svgEl("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    role: "img",
    "aria-label": title,
  });
  const plot = svgEl("g", { transform: `translate(${margin.left},${margin.top})` });
  const clip = svgEl("clipPath", { id: clipId }, svgEl("rect", { width: inner.width, height: inner.height }));
  const xAxis = svgEl("g", { class: "nnx-axis", transform: `translate(0,${inner.height})`, "aria-hidden": "true" });
  const yAxis = svgEl("g", { class: "nnx-axis", "aria-hidden": "true" });
  // Everything drawn in data coordinates goes in `layer`, clipped to the plot area.
  const layer = svgEl("g", { "clip-path": `url(#${clipId})` });
  const xLabel = svgEl(
    "text",
    { class: "nnx-axis-title", x: inner.width / 2, y: inner.height + 40, "text-anchor": "middle" },
    xTitle,
  );
  const yLabel = svgEl(
    "text",
    {
      class: "nnx-axis-title",
      transform: `translate(${-margin.left + 14},${inner.height / 2}) rotate(-90)`,
      "text-anchor": "middle",
    },
    yTitle,
  );
  const headingText = svgEl("text", { class: "nnx-heading", x: inner.width / 2, y: -14, "text-anchor": "middle" }, heading);
  plot.append(clip, xAxis, yAxis, layer, xLabel, yLabel, headingText);
  svg.append(svgEl("title", {}, title), plot);
  const element = el("div", { class: `nnx-panel ${className}`.trim() }, svg);
  return { element, svg, plot, layer, xAxis, yAxis, xLabel, yLabel, inner, margin };
}

// Tick labels in one style per axis: plain numbers ("2,000"), or powers of ten ("1e5") once
// the axis reaches a hundred thousand or goes below a thousandth (short labels fit a phone).
const plain = format(",~g");
const exponent = (v) => format(".0e")(v).replace("e+", "e");
export function tickFormatFor(domain) {
  const sizes = domain.map(Math.abs).filter((v) => v > 0);
  const wide = Math.max(...sizes) >= 1e5 || Math.min(...sizes) < 1e-3;
  return (v) => (v === 0 ? "0" : wide ? exponent(v) : plain(v));
}

// Draws a linear or log axis with light grid lines across the plot area.
// Tick labels of the x axis that would run into the one before them, or past the plot's left
// edge into the y axis's labels, are left blank (their grid lines stay): on a narrow panel "500"
// and "1,000" of a log step axis would touch.
function dropCrowdedLabels(axis, x) {
  let end = -CHAR; // a one-character label ("0") may sit on the corner
  for (const tick of axis.querySelectorAll(".tick")) {
    const label = tick.querySelector("text");
    if (!label || !label.textContent) continue;
    const at = x(tick.__data__);
    const half = (label.textContent.length * CHAR * 0.85) / 2;
    if (at - half < end + 4) label.textContent = "";
    else end = at + half;
  }
}

export function drawAxes(p, x, y, { xTicks = 6, yTicks = 6, xValues } = {}) {
  const xa = axisBottom(x).tickSize(-p.inner.height).tickPadding(6);
  const xText = tickFormatFor(x.domain());
  if (xValues) xa.tickValues(xValues).tickFormat(xText);
  else xa.ticks(xTicks).tickFormat(xText);
  select(p.xAxis).call(xa);
  dropCrowdedLabels(p.xAxis, x);
  const ya = axisLeft(y).tickSize(-p.inner.width).tickPadding(6);
  const yText = tickFormatFor(y.domain());
  if (y.base) {
    // A log axis: label the powers of ten, grid lines at the others too if they fit.
    const decades = Math.log10(y.domain()[1] / y.domain()[0]);
    ya.ticks(yTicks).tickFormat((v) => {
      const exponent = Math.log10(v);
      const isPower = Math.abs(exponent - Math.round(exponent)) < 1e-9;
      const lead = Math.round(v / 10 ** Math.floor(exponent + 1e-9));
      const fewDecades = decades <= 3 && !yText(v).includes("e");
      return isPower || (fewDecades && (lead === 2 || lead === 5)) ? yText(v) : "";
    });
    if (decades > 6) ya.tickValues(powersOfTen(y.domain(), Math.ceil(decades / 6)));
  } else {
    ya.ticks(yTicks).tickFormat(yText);
  }
  select(p.yAxis).call(ya);
}

function powersOfTen([lo, hi], every) {
  const values = [];
  for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e += every) values.push(10 ** e);
  return values;
}

// The step axis of a loss curve: linear for a few steps; for many steps linear up to 1 and
// logarithmic after (symlog), so the fast first steps and the slow crawl both stay visible.
export function stepScale(steps, width) {
  if (steps <= 20) {
    const scale = scaleLinear().domain([0, steps]).range([0, width]);
    return { scale, title: "step", values: scale.ticks(Math.min(steps, 10)).filter(Number.isInteger) };
  }
  const scale = scaleSymlog().constant(1).domain([0, steps]).range([0, width]);
  const values = [0];
  for (let decade = 1; decade <= steps; decade *= 10) {
    for (const f of steps > 2000 ? [1] : [1, 5]) if (decade * f <= steps) values.push(decade * f);
  }
  return { scale, title: "step (log scale)", values };
}

// Evenly thinned points for a polyline: keeps a point only when it is at least `gap` viewBox
// units from the last one kept (plus the last point), so 10 000 steps cost a few hundred.
export function thinned(xs, ys, gap = 0.75) {
  const keep = [0];
  let lx = xs[0];
  let ly = ys[0];
  for (let i = 1; i < xs.length; i++) {
    if (Math.abs(xs[i] - lx) >= gap || Math.abs(ys[i] - ly) >= gap) {
      keep.push(i);
      lx = xs[i];
      ly = ys[i];
    }
  }
  if (keep[keep.length - 1] !== xs.length - 1) keep.push(xs.length - 1);
  return keep;
}

// A small legend at (x, y) of the plot: rows of { cls (the sample mark's class), shape ("line",
// "dot" or "box"), text, style (optional, for the sample) }. Returns the group; its rows are
// the group's children after the background box, in order (to hide one, e.g.).
export function legend(p, rows, { x = 8, y = 8 } = {}) {
  const group = svgEl("g", { class: "nnx-legend", transform: `translate(${x},${y})`, "aria-hidden": "true" });
  const longest = Math.max(...rows.map((row) => row.text.length));
  const step = TEXT + 5;
  group.append(svgEl("rect", { class: "nnx-hint-bg", x: -4, y: -4, rx: 3, width: 32 + longest * CHAR, height: rows.length * step + 4 }));
  rows.forEach(({ cls, shape, text, style }, i) => {
    const cy = i * step + step / 2 - 2;
    const mark =
      shape === "dot"
        ? svgEl("circle", { class: cls, cx: 9, cy, r: 3.5 })
        : shape === "box"
          ? svgEl("rect", { class: cls, x: 3, y: cy - 6, width: 12, height: 12 })
          : svgEl("line", { class: cls, x1: 0, x2: 18, y1: cy, y2: cy });
    if (style) mark.setAttribute("style", style);
    group.append(svgEl("g", {}, mark, svgEl("text", { x: 24, y: cy + TEXT * 0.35 }, text)));
  });
  p.plot.append(group);
  return group;
}
