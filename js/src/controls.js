// Small helpers shared by every explorer: DOM building, sliders, buttons, the readout, the
// data-* attributes the browser tests read, theme colours and figure messages. Nothing here
// knows about gradient descent or networks; settings.js keeps the settings.

export const SVG_NS = "http://www.w3.org/2000/svg";

// An HTML element with attributes and children: el("div", { class: "row" }, child, "text").
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

// The same for SVG elements, which live in their own namespace.
export function svgEl(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

// A number as a short text: 4 decimals, or scientific notation when very large or small.
export function formatNumber(value, digits = 4) {
  if (!Number.isFinite(value)) return value > 0 ? "∞" : value < 0 ? "−∞" : "undefined";
  const size = Math.abs(value);
  if (size !== 0 && (size >= 1e6 || size < 1e-4)) return value.toExponential(digits);
  return value.toFixed(digits);
}

// A slider value as the person reads it: "0.00123", "5", "-12.5" (no trailing zeros).
export function formatSetting(value) {
  return String(Number(value.toPrecision(6)));
}

const clamp = (value, lo, hi) => Math.min(hi, Math.max(lo, value));

// How a slider position (an integer 0 … last) maps to a value, for the three kinds of slider.
// "log": `positions` steps evenly spaced in log10 between min and max, rounded to 3 significant
//        digits so that the values read well and round-trip through the URL.
// "linear": from min to max in steps of `step`.
// "choice": the position indexes `choices`.
function sliderScale({ kind, min, max, step, positions = 400, choices }) {
  if (kind === "choice") {
    return {
      last: choices.length - 1,
      value: (i) => choices[i],
      position: (v) => {
        // The choice nearest to v (choices are sorted).
        let best = 0;
        for (let i = 1; i < choices.length; i++) {
          if (Math.abs(choices[i] - v) < Math.abs(choices[best] - v)) best = i;
        }
        return best;
      },
    };
  }
  if (kind === "log") {
    const lo = Math.log10(min);
    const span = Math.log10(max) - lo;
    return {
      last: positions,
      value: (i) => clamp(Number((10 ** (lo + (span * i) / positions)).toPrecision(3)), min, max),
      position: (v) => Math.round(((Math.log10(clamp(v, min, max)) - lo) / span) * positions),
    };
  }
  const last = Math.round((max - min) / step);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return {
    last,
    value: (i) => Number((min + i * step).toFixed(decimals)),
    position: (v) => Math.round((clamp(v, min, max) - min) / step),
  };
}

// The sliders' key handlers, looked up from the window's capture-phase listener.
const keyHandlers = new WeakMap();
let listening = false;

function onKeyFirst(event) {
  // The element the key is for: composedPath()[0], since a host may draw the explorer inside a
  // shadow root (marimo does), where event.target at the window is the shadow host.
  const handler = keyHandlers.get(event.composedPath?.()[0] ?? event.target);
  if (handler && handler(event.key)) {
    event.preventDefault();
    event.stopPropagation();
  }
}

function listenForKeysFirst() {
  if (!listening) {
    window.addEventListener("keydown", onKeyFirst, true);
    listening = true;
  }
}

// A labelled range slider: one row of the controls grid (label | track | value).
//   options: { label, unit, kind: "log" | "linear" | "choice", min, max, step, positions,
//              choices, value, onChange(value) }
// Returns { element, input, value (getter), setValue(v) } — setValue moves the slider without
// calling onChange (used when Python or the URL sets a value).
// The value may lie between slider positions (Python can set any value): the slider then
// shows the nearest position, but the value is kept as given.
export function slider(options) {
  const scale = sliderScale(options);
  const { label, unit = "", onChange } = options;
  const input = el("input", {
    type: "range",
    min: "0",
    max: String(scale.last),
    step: "1",
    "aria-label": label,
  });
  const shown = el("output", { class: "nnx-value", "aria-hidden": "true" });
  const element = el(
    "label",
    { class: "nnx-slider" },
    el("span", { class: "nnx-label" }, label),
    input,
    shown,
  );
  let value = options.value;

  function show() {
    // `format` (optional) names a value, e.g. a choice that stands for a word.
    const text = (options.format ? options.format(value) : formatSetting(value)) + (unit ? ` ${unit}` : "");
    input.value = String(scale.position(value));
    input.setAttribute("aria-valuetext", `${label} ${text}`);
    shown.textContent = text;
  }
  function moveTo(position) {
    const next = scale.value(clamp(position, 0, scale.last));
    if (next === value) return show();
    value = next;
    show();
    onChange(value);
  }

  input.addEventListener("input", () => moveTo(Number(input.value)));
  // Keys are handled here rather than by the browser, each moving exactly one position. In a
  // notebook the app's own shortcuts would otherwise take the arrow keys first: Notebook 7
  // handles keys on the document before they reach the slider, so we listen on the window,
  // which the event passes even earlier (see onKeyFirst above).
  const page = Math.max(1, Math.round(scale.last / 10));
  keyHandlers.set(input, (key) => {
    const here = scale.position(value);
    const moves = {
      ArrowLeft: here - 1,
      ArrowDown: here - 1,
      ArrowRight: here + 1,
      ArrowUp: here + 1,
      PageDown: here - page,
      PageUp: here + page,
      Home: 0,
      End: scale.last,
    };
    if (!(key in moves)) return false;
    moveTo(moves[key]);
    return true;
  });
  listenForKeysFirst();

  show();
  return {
    element,
    input,
    get value() {
      return value;
    },
    setValue(next) {
      value = next;
      show();
    },
  };
}

// A drag handle keeps the touch that starts on it: without this the browser takes a finger's
// drag for a scroll after a few moves and cancels the pointer (Chromium ignores the CSS
// touch-action of SVG shapes). Swipes elsewhere on the figure still scroll the page.
export function holdTouch(handle) {
  handle.addEventListener("touchstart", (event) => event.preventDefault(), { passive: false });
}

// A button with a text label; `onClick` gets no arguments.
export function button(text, onClick, attrs = {}) {
  const node = el("button", { type: "button", class: "nnx-button", ...attrs }, text);
  node.addEventListener("click", () => onClick());
  // Keep Enter/Space from reaching JupyterLab's own shortcuts (e.g. Enter = edit cell).
  node.addEventListener("keydown", (event) => event.stopPropagation());
  return node;
}

// The visible text of the results; screen readers announce its changes politely.
export function readout() {
  return el("p", { class: "nnx-readout", "aria-live": "polite" });
}

// Full-precision values as data-* attributes (String(number) is the shortest round-trip form),
// for tests and for anyone inspecting the page. Keys are the Python names: data-steps_run.
export function setData(root, values) {
  for (const [name, value] of Object.entries(values)) root.setAttribute(`data-${name}`, String(value));
}

// --- Motion, colours and messages ---

export function prefersReducedMotion() {
  return window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
}

// Colours are CSS variables (explorers.css) so that the light and dark themes both work; SVG
// elements take them through classes. This reads one when a colour is needed in code.
export function themeColour(root, name) {
  return getComputedStyle(root).getPropertyValue(name).trim();
}

// A message under a figure panel's drawing (an HTML box, so it wraps at any width, and below
// the SVG, so it covers nothing). level: "warning" (unstable), "error" (diverged) or "info".
// show("") hides it.
export function figureMessage(panel) {
  const box = el("div", { class: "nnbook-explorer-message nnx-message", role: "status", hidden: "" });
  panel.append(box);
  return {
    element: box,
    show(text, level = "warning") {
      if (!text) {
        box.hidden = true;
        box.textContent = "";
        return;
      }
      box.hidden = false;
      box.dataset.level = level;
      if (box.textContent !== text) box.textContent = text;
    },
  };
}

// A number safe to write into an SVG attribute: finite, and not so far off the panel that the
// browser's geometry code misbehaves. NaN becomes `fallback`.
export function px(value, fallback = 0) {
  if (Number.isNaN(value)) return fallback;
  return clamp(value, -1e5, 1e5);
}
