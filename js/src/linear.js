// Placeholder: the linear explorers (chapters 5 and 6) land here next.
export function renderLinear({ el }) {
  el.textContent = "not yet";
}
