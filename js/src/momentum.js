// Chapter 8's explorer ("momentum"): heavy-ball momentum's path on the loss map, and the loss
// curve. It is linear.js's explorer with one more setting, β, and momentum's run in place of
// plain gradient descent; this file describes only what differs.
import { formatSetting } from "./controls.js";
import { momentumDescend, stableLimit } from "./kernels/descent.js";
import { renderLinear } from "./linear.js";

export function renderMomentum(view) {
  return renderLinear(view, heavyBall);
}

// Momentum for renderLinear (see `gradientDescent` in linear.js for the fields).
function heavyBall(model) {
  const largest = model.get("largest_curvature"); // λmax of the loss Hessian
  return {
    stepTitle: "One step of momentum (after the last step: back to the start)",
    run: (sums, s, factor) =>
      momentumDescend(sums, s.m0, s.b0, s.learning_rate, s.beta, s.steps, factor, stableLimit(s.beta, largest)),
    stableLimit: (s) => stableLimit(s.beta, largest),
    limitText: (s, shown) => `the stable limit 2(1 + β)/λmax = ${shown} for β = ${formatSetting(s.beta)}`,
  };
}
