// Small helpers shared by every explorer: DOM building, sliders, buttons, the readout, the
// data-* attributes the browser tests read, the URL hash, settings kept in step with Python,
// theme colours and figure messages. Nothing here knows about gradient descent or networks.

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
  const handler = keyHandlers.get(event.target);
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
// for tests and for anyone inspecting the page. Keys are written as given: "steps-run".
export function setData(root, values) {
  for (const [name, value] of Object.entries(values)) root.setAttribute(`data-${name}`, String(value));
}

// --- The URL hash: "#ch5-learning-rate=lr:0.001,m0:5,b0:10,steps:100;ch6-loss-surface=…" ---
// Each explorer owns the part after its id; parts without "=" (a heading anchor) are kept.

function hashParts() {
  const raw = window.location.hash.replace(/^#/, "");
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // A malformed escape ("#%", "%zz") from a mangled link: read the text as it stands, so
    // the explorer opens with its defaults instead of failing.
  }
  return text ? text.split(";") : [];
}

// In a Jupyter front end the page URL belongs to JupyterLab, and the kernel's state is the
// truth: the hash is neither read nor written there.
function inJupyter() {
  return document.body?.hasAttribute("data-jp-theme-light") || !!document.querySelector(".jp-Notebook");
}

// The settings this explorer finds in the hash, as strings ({ lr: "0.001", … }), or null.
export function readHash(id) {
  if (!id || inJupyter()) return null;
  const part = hashParts().find((p) => p.startsWith(`${id}=`));
  if (!part) return null;
  const settings = {};
  for (const pair of part.slice(id.length + 1).split(",")) {
    const [key, value] = pair.split(":");
    if (key && value !== undefined) settings[key] = value;
  }
  return settings;
}

// True if this explorer's settings come first in the hash (the link was made from it).
export function firstInHash(id) {
  return !!id && hashParts().find((p) => p.includes("="))?.startsWith(`${id}=`);
}

// Rewrites this explorer's part of the hash; replaceState adds no history entry. A slider
// being dragged changes the settings many times a second: the URL follows a moment later
// (browsers throttle frequent replaceState calls, and each one costs more than a redraw).
const pendingHash = new Map(); // explorer id → its part of the hash, not yet written
let hashTimer = 0;
export function writeHash(id, settings) {
  if (!id || inJupyter()) return;
  pendingHash.set(id, `${id}=` + Object.entries(settings).map(([k, v]) => `${k}:${v}`).join(","));
  if (!hashTimer) hashTimer = setTimeout(flushHash, 150);
}
function flushHash() {
  hashTimer = 0;
  const others = hashParts().filter((p) => !pendingHash.has(p.split("=")[0]));
  const url = new URL(window.location.href);
  url.hash = [...others, ...pendingHash.values()].join(";");
  pendingHash.clear();
  history.replaceState(history.state, "", url);
}

// A number from the hash, or `fallback` when missing or not a finite number.
export function hashNumber(settings, key, fallback) {
  const value = Number(settings?.[key]);
  return settings && settings[key] !== "" && Number.isFinite(value) ? value : fallback;
}

// --- Settings: the reader's, kept in step with the model (Python), the sliders and the hash ---

// A setting inside [lo, hi], or `fallback` when it is not a finite number.
export function within(value, [lo, hi], fallback) {
  return Number.isFinite(value) ? clamp(value, lo, hi) : fallback;
}

// The choice nearest to `value` (the first of two equally near).
export function nearest(choices, value) {
  return choices.reduce((a, c) => (Math.abs(c - value) < Math.abs(a - value) ? c : a), choices[0]);
}

// The settings of one explorer, in `settings.values`. They start from the model, then from the
// URL hash when it names this explorer. `hashKeys` lists the settings in order with their
// short names in the hash ({ learning_rate: "lr", … }); `clean(values)` puts any values back
// inside their ranges. Once the sliders exist, `connect(sliders, rerun)`: from then on every
// change, from the reader or from Python, moves the sliders, goes to the model and the URL,
// and reruns the explorer.
export class Settings {
  constructor({ model, id, hashKeys, defaults, clean }) {
    this.model = model;
    this.id = id;
    this.hashKeys = hashKeys;
    this.keys = Object.keys(hashKeys);
    this.defaults = defaults;
    this.clean = clean;
    this.values = this.fromModel();
    this.hash = readHash(id);
    if (this.hash) {
      const read = this.keys.map((k) => [k, hashNumber(this.hash, hashKeys[k], this.values[k])]);
      this.values = clean(Object.fromEntries(read));
    }
    // True while we write to the model ourselves: its echo is not a change from Python.
    this.applying = false;
    this.fromPython = () => {
      if (!this.applying) this.change(this.fromModel());
    };
    // One listener per key: anywidget's model API is only promised for a single event name.
    this.events = this.keys.map((k) => `change:${k}`);
  }

  fromModel() {
    return this.clean(Object.fromEntries(this.keys.map((k) => [k, this.model.get(k) ?? this.defaults[k]])));
  }

  connect(sliders, rerun) {
    this.sliders = sliders;
    this.rerun = rerun;
    for (const event of this.events) this.model.on(event, this.fromPython);
  }

  disconnect() {
    for (const event of this.events) this.model.off(event, this.fromPython);
  }

  // A change of some settings (slider, drag, Python, Reset); nothing happens if none differs.
  change(update) {
    const next = this.clean({ ...this.values, ...update });
    if (this.keys.every((k) => next[k] === this.values[k])) return;
    this.values = next;
    for (const k of this.keys) this.sliders[k].setValue(next[k]);
    this.toModel();
    writeHash(this.id, Object.fromEntries(this.keys.map((k) => [this.hashKeys[k], formatSetting(next[k])])));
    this.rerun();
  }

  reset() {
    this.change({ ...this.defaults });
  }

  // After the first run: the URL's settings go to the model too (a no-op without a kernel),
  // and a shared link opens at the explorer it was made from (the first one it names).
  start(root) {
    if (this.hash) {
      this.toModel();
      if (firstInHash(this.id)) requestAnimationFrame(() => root.scrollIntoView({ block: "start" }));
    }
    this.model.save_changes();
  }

  toModel() {
    this.applying = true;
    for (const k of this.keys) this.model.set(k, this.values[k]);
    this.applying = false;
  }
}

// Results for Python. JSON has no Infinity or NaN: a non-finite result goes as null.
export function sendResults(model, results) {
  for (const [name, value] of Object.entries(results)) {
    model.set(name, typeof value === "number" && !Number.isFinite(value) ? null : value);
  }
  model.save_changes();
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

// A message shown over a figure panel (an HTML box over the SVG, so it wraps at any width).
// `panel` must be positioned (the CSS gives .nnx-panel position: relative).
// level: "warning" (unstable) or "error" (diverged). show("") hides it.
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
