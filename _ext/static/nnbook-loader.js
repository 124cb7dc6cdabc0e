// Brings the book's explorers to life on the static website, where there is no Python kernel.
//
// In JupyterLab an explorer is an anywidget: the kernel holds its state and JupyterLab hands the
// front-end module a live `model`. On the website, Python has written that same state as JSON
// into the cell's HTML (`<div class="nnbook-explorer" data-state="…">`). This loader imports the
// same front-end module (explorers.js, served beside this file) and gives it a small stand-in
// model that keeps the state in the page; the model says it has no kernel, so the module keeps
// the reader's settings in the page's address instead.

class PageModel {
  constructor(state) {
    this.state = { ...state };
    this.listeners = new Map(); // "change:name" -> set of callbacks
    this.kernel = false; // no Python behind it: the explorer keeps its settings in the URL
  }
  get(name) {
    return this.state[name];
  }
  set(name, value) {
    const changed = this.state[name] !== value;
    this.state[name] = value;
    if (changed) this.emit(`change:${name}`);
  }
  on(event, callback) {
    for (const name of event.split(" ")) {
      if (!this.listeners.has(name)) this.listeners.set(name, new Set());
      this.listeners.get(name).add(callback);
    }
  }
  off(event, callback) {
    for (const name of (event ?? "").split(" ")) this.listeners.get(name)?.delete(callback);
  }
  emit(name) {
    for (const callback of this.listeners.get(name) ?? []) callback();
    for (const callback of this.listeners.get("change") ?? []) callback();
  }
  save_changes() {} // nothing to save to: there is no kernel
  send() {}
}

export async function startExplorers(root = document) {
  const holders = root.querySelectorAll(".nnbook-explorer[data-state]");
  if (holders.length === 0) return [];
  const module = await import(new URL("explorers.js", import.meta.url));
  const widget = module.default ?? module;
  const models = [];
  for (const holder of holders) {
    const model = new PageModel(JSON.parse(holder.dataset.state));
    holder.replaceChildren(); // the note for readers without JavaScript goes
    holder.removeAttribute("data-state");
    widget.render({ model, el: holder });
    models.push(model);
  }
  return models;
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => startExplorers());
} else {
  startExplorers();
}
