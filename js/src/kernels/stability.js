// Where rounding can change what an explorer shows. Pure numerics: imports nothing.
//
// numpy's tanh and exp and the browser's may differ in the last bit or two. In a stable run such
// differences die out; in an unstable one they grow until the printed digits differ from
// nnlib's. Two signs of such a run, either one enough: the loss rose at some epoch (the learning
// rate is past the edge of stability), or the same training with the learning rate nudged in its
// last bits (×NUDGE) ends at other printed digits.
export const NUDGE = 1 + 4 * Number.EPSILON;

// The first epoch (≥ 1) whose loss is above the one before, or 0 if the loss never rose.
export function firstRise(losses, epochsRun) {
  for (let e = 1; e <= epochsRun; e++) if (losses[e] > losses[e - 1]) return e;
  return 0;
}

// The printed form of a number at `digits` decimals, the same for the run and its twin.
const printed = (v, digits) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

// Does rounding change the run's printed numbers? `values(trainer)` lists what the page prints.
export function roundingSensitive(trainer, twin, values, digits = 4) {
  if (trainer.diverged !== twin.diverged || trainer.epoch !== twin.epoch) return true;
  const a = values(trainer);
  const b = values(twin);
  return a.some((v, i) => printed(v, digits) !== printed(b[i], digits));
}
