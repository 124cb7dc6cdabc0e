// One settings store for every explorer: the reader's settings, kept in step with the model
// (Python), the controls on the page and, on the static website, the URL hash.
//
// The controls come from the explorer's table in Python (the model's "spec": name, label, kind,
// range or choices, step, default, aliases); nothing about them is typed here. A setting has
// one name everywhere: the Python attribute, the key here, the URL key and the data-* attribute.
import { button, el, formatSetting, setData, slider } from "./controls.js";

const clamp = (value, lo, hi) => Math.min(hi, Math.max(lo, value));
const missing = (raw) => raw === undefined || raw === null || raw === "";

// The choice nearest to `value` (the first of two equally near).
export function nearest(choices, value) {
  return choices.reduce((a, c) => (Math.abs(c - value) < Math.abs(a - value) ? c : a), choices[0]);
}

// A value this control can take, from anything (the model, the URL, a drag); the control's
// default when `raw` cannot be read as one. Ranges clamp, choices snap to the nearest.
export function cleanValue(control, raw) {
  if (control.kind === "toggle") {
    if (raw === true || raw === "true" || raw === "1" || raw === 1) return true;
    if (raw === false || raw === "false" || raw === "0" || raw === 0) return false;
    return control.default;
  }
  if (control.kind === "choice" && typeof control.choices[0] === "string") {
    return control.choices.includes(raw) ? raw : control.default;
  }
  const value = Number(raw);
  if (missing(raw) || !Number.isFinite(value)) return control.default;
  if (control.kind === "choice") return nearest(control.choices, value);
  return clamp(value, control.range[0], control.range[1]);
}

// --- The URL hash: "#explorer=momentum&learning_rate=0.005&beta=0.9" ---
// Each "explorer=" starts the settings of that explorer. Links made before this format
// ("#momentum=lr:0.005,beta:0.9;…", with an explorer's name in kebab case and short keys)
// are still read: the controls' aliases map their keys.

const LEGACY = /=[^&=]*:/;

// The hash as { groups: Map(explorer → Map(key → text)), anchors: [words without "="] }.
export function parseHash(raw) {
  const groups = new Map();
  const anchors = [];
  if (LEGACY.test(raw)) {
    let text = raw;
    try {
      text = decodeURIComponent(raw);
    } catch {
      // a mangled escape: read the text as it stands
    }
    for (const part of text.split(";")) {
      const at = part.indexOf("=");
      if (at < 0) {
        if (part) anchors.push(part);
        continue;
      }
      const pairs = part.slice(at + 1).split(",").map((pair) => pair.split(":"));
      groups.set(part.slice(0, at).replaceAll("-", "_"), new Map(pairs.filter((p) => p.length === 2)));
    }
    return { groups, anchors };
  }
  let current = null;
  for (const [key, value] of new URLSearchParams(raw)) {
    if (key === "explorer") {
      current = new Map();
      groups.set(value, current);
    } else if (current) {
      current.set(key, value);
    } else if (value === "" && !raw.includes(`${key}=`)) {
      anchors.push(key);
    }
  }
  return { groups, anchors };
}

function currentHash() {
  return parseHash(window.location.hash.replace(/^#/, ""));
}

// Rewrites the hash with this explorer's settings; replaceState adds no history entry. A slider
// being dragged changes the settings many times a second: the URL follows a moment later
// (browsers throttle frequent replaceState calls, and each one costs more than a redraw).
const pendingHash = new Map(); // explorer → its settings as [key, text] pairs, not yet written
let hashTimer = 0;
function writeHash(explorer, pairs) {
  pendingHash.set(explorer, pairs);
  if (!hashTimer) hashTimer = setTimeout(flushHash, 150);
}
function flushHash() {
  hashTimer = 0;
  const { groups, anchors } = currentHash();
  for (const [explorer, pairs] of pendingHash) groups.set(explorer, new Map(pairs));
  pendingHash.clear();
  const params = new URLSearchParams();
  for (const [explorer, pairs] of groups) {
    params.append("explorer", explorer);
    for (const [key, value] of pairs) params.append(key, value);
  }
  const url = new URL(window.location.href);
  url.hash = [...anchors.map(encodeURIComponent), params.toString()].filter(Boolean).join("&");
  history.replaceState(history.state, "", url);
}

// --- The store ---

export class Settings {
  // `model`: the anywidget model (or the static page's stand-in). Its "spec" lists the
  // controls, its "kind" names the explorer.
  constructor(model) {
    this.model = model;
    this.explorer = model.get("kind");
    this.controls = model.get("spec");
    this.names = this.controls.map((c) => c.name);
    this.byName = Object.fromEntries(this.controls.map((c) => [c.name, c]));
    this.defaults = Object.fromEntries(this.controls.map((c) => [c.name, c.default]));
    // The hash is the static page's memory only. Any host with a kernel (JupyterLab, Notebook 7,
    // marimo…) holds the settings in Python, and the page's address is the host's, not ours.
    this.usesHash = model.kernel === false;
    this.values = this.fromModel();
    this.fromLink = false;
    if (this.usesHash) {
      const found = currentHash().groups.get(this.explorer);
      if (found) {
        this.fromLink = true;
        const read = (c) => [c.name, ...(c.aliases ?? [])].map((key) => found.get(key)).find((v) => v !== undefined);
        this.values = this.clean(Object.fromEntries(this.controls.map((c) => [c.name, read(c)])));
      }
    }
    // True while we write to the model ourselves: its echo is not a change from Python.
    this.applying = false;
    this.fromPython = () => {
      if (!this.applying) this.change(this.fromModel());
    };
    // One listener per key: anywidget's model API is only promised for a single event name.
    this.events = this.names.map((name) => `change:${name}`);
    this.inputs = {};
    this.rerun = () => {};
  }

  clean(values) {
    return Object.fromEntries(this.controls.map((c) => [c.name, cleanValue(c, values[c.name])]));
  }

  fromModel() {
    return this.clean(Object.fromEntries(this.names.map((name) => [name, this.model.get(name)])));
  }

  // The range of a continuous control ([low, high]), for figures that need it.
  range(name) {
    return this.byName[name].range;
  }

  // The page's controls for the table: { sliders (one element per slider, in table order),
  // toggles (one button per yes/no setting) }.
  buildControls() {
    const sliders = [];
    const toggles = [];
    for (const c of this.controls) {
      if (c.kind === "toggle") {
        const text = c.label[0].toUpperCase() + c.label.slice(1);
        const node = button(text, () => this.change({ [c.name]: !this.values[c.name] }), {
          "aria-pressed": String(this.values[c.name]),
        });
        this.inputs[c.name] = { element: node, setValue: (v) => node.setAttribute("aria-pressed", String(v)) };
        toggles.push(node);
        continue;
      }
      const words = c.kind === "choice" && typeof c.choices[0] === "string";
      const control = slider({
        label: c.label,
        unit: c.unit ?? "",
        kind: words ? "choice" : c.kind,
        min: c.range?.[0],
        max: c.range?.[1],
        step: c.step,
        positions: c.positions,
        choices: words ? c.choices.map((_, i) => i) : c.choices,
        format: words ? (i) => c.choices[i] : undefined,
        value: words ? c.choices.indexOf(this.values[c.name]) : this.values[c.name],
        onChange: (v) => this.change({ [c.name]: words ? c.choices[v] : v }),
      });
      this.inputs[c.name] = words ? { ...control, setValue: (v) => control.setValue(c.choices.indexOf(v)) } : control;
      sliders.push(control.element);
    }
    return { sliders: el("div", { class: "nnx-controls" }, ...sliders), toggles };
  }

  // From now on every change, from the reader or from Python, moves the controls, goes to the
  // model and the URL, and calls `rerun`.
  connect(rerun) {
    this.rerun = rerun;
    for (const event of this.events) this.model.on(event, this.fromPython);
  }

  disconnect() {
    for (const event of this.events) this.model.off(event, this.fromPython);
  }

  // A change of some settings (control, drag, Python, Reset); nothing happens if none differs.
  change(update) {
    const next = this.clean({ ...this.values, ...update });
    if (this.names.every((name) => next[name] === this.values[name])) return;
    this.values = next;
    for (const name of this.names) this.inputs[name]?.setValue(next[name]);
    this.toModel();
    if (this.usesHash) writeHash(this.explorer, this.names.map((name) => [name, this.text(name)]));
    this.rerun();
  }

  // A setting as the URL and the page write it.
  text(name) {
    const value = this.values[name];
    return typeof value === "number" ? formatSetting(value) : String(value);
  }

  reset() {
    this.change({ ...this.defaults });
  }

  // After the first run: settings from a link go to the model too, and a shared link opens at
  // the explorer it was made from (the first one it names).
  start(root) {
    if (this.fromLink) {
      this.toModel();
      const first = currentHash().groups.keys().next().value;
      if (first === this.explorer) requestAnimationFrame(() => root.scrollIntoView({ block: "start" }));
    }
    this.model.save_changes();
  }

  toModel() {
    this.applying = true;
    for (const name of this.names) this.model.set(name, this.values[name]);
    this.applying = false;
  }

  // Results: to the data-* attributes with the settings (for tests and anyone inspecting the
  // page, at full precision), and, if `save`, to Python. JSON has no Infinity or NaN: a
  // non-finite result goes to Python as null.
  report(root, results, save = true) {
    setData(root, { ...results, ...this.values });
    if (!save) return;
    for (const [name, value] of Object.entries(results)) {
      this.model.set(name, typeof value === "number" && !Number.isFinite(value) ? null : value);
    }
    this.model.save_changes();
  }
}
