// The settings store's rules, without a browser: how any value is cleaned into one a control
// can take, and how the address is read (today's format, the old one, and junk).
// Run: node --test js/test/settings.test.mjs
import assert from "node:assert/strict";
import { test } from "node:test";
import { cleanValue, parseHash } from "../src/settings.js";

const rate = { name: "learning_rate", kind: "log", default: 0.1, range: [0.001, 1], aliases: ["lr"] };
const units = { name: "hidden_units", kind: "choice", default: 2, choices: [1, 2, 4, 8] };
const activation = { name: "activation", kind: "choice", default: "tanh", choices: ["tanh", "relu"] };
const best = { name: "show_best", kind: "toggle", default: false };

test("a range clamps, and what is not a number gives the default", () => {
  assert.equal(cleanValue(rate, "0.05"), 0.05);
  assert.equal(cleanValue(rate, 5), 1);
  assert.equal(cleanValue(rate, "-3"), 0.001);
  for (const junk of ["NaN", "Infinity", "abc", "", null, undefined, {}]) assert.equal(cleanValue(rate, junk), 0.1);
});

test("a choice snaps to the nearest; words must be one of the words", () => {
  assert.equal(cleanValue(units, "3.1"), 4);
  assert.equal(cleanValue(units, -5), 1);
  assert.equal(cleanValue(units, "many"), 2);
  assert.equal(cleanValue(activation, "relu"), "relu");
  assert.equal(cleanValue(activation, "RELU"), "tanh");
  assert.equal(cleanValue(activation, 1), "tanh");
});

test("a toggle reads true/false and 1/0, anything else is its default", () => {
  assert.equal(cleanValue(best, "true"), true);
  assert.equal(cleanValue(best, "1"), true);
  assert.equal(cleanValue(best, "0"), false);
  assert.equal(cleanValue(best, "yes"), false);
});

test("today's address: each explorer= starts a group; words before it are anchors", () => {
  const { groups, anchors } = parseHash("intro&explorer=momentum&learning_rate=0.005&beta=0.9&explorer=line&m=3");
  assert.deepEqual(anchors, ["intro"]);
  assert.deepEqual([...groups.get("momentum")], [["learning_rate", "0.005"], ["beta", "0.9"]]);
  assert.deepEqual([...groups.get("line")], [["m", "3"]]);
});

test("the old address: kebab-case names and short keys, parts split by ';'", () => {
  const { groups, anchors } = parseHash("a-heading;hidden-layer=units:8,lr:0.05;line=m:12.5,b:20,best:1");
  assert.deepEqual(anchors, ["a-heading"]);
  assert.deepEqual(Object.fromEntries(groups.get("hidden_layer")), { units: "8", lr: "0.05" });
  assert.deepEqual(Object.fromEntries(groups.get("line")), { m: "12.5", b: "20", best: "1" });
});

test("junk never throws", () => {
  for (const junk of ["%", "%zz;%E0%A4%A", "=", "explorer", "&&&", "%26x%3D".repeat(1500), "line=m:%"]) {
    assert.doesNotThrow(() => parseHash(junk), junk.slice(0, 20));
  }
  assert.equal(parseHash("explorer=line&m=1&m=2").groups.get("line").get("m"), "2");
});
