// STUB written by the linear-explorer helper so that the bundle builds: the network-explorer
// helper replaces this whole file with the chapter-8 explorer (export renderNetwork).
export function renderNetwork() {
  throw new Error("not yet");
}
