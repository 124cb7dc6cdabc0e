// The JS gate (tests/test_bundle.py runs it): no undefined names, no unused ones. The explorers
// run in the browser, the kernel tests in Node.js.
import globals from "globals";

export default [
  {
    files: ["src/**/*.js", "test/**/*.mjs"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.node },
    },
    rules: { "no-undef": "error", "no-unused-vars": "error" },
  },
];
