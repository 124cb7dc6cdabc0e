// Builds the explorers' front-end module: `npm run build` (from js/).
//
// One ES module, nnlib/static/explorers.js, holds every explorer and the d3 pieces they use, so
// the website and JupyterLab (anywidget's `_esm`) load a single file and nothing from another
// host. The output is deterministic (same sources → same bytes), so the committed bundle can be
// checked against a fresh build. Licences of everything bundled go to THIRD_PARTY_LICENSES.txt.
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "nnlib", "static");
mkdirSync(out, { recursive: true });

const result = await build({
  entryPoints: [join(here, "src", "index.js")],
  outfile: join(out, "explorers.js"),
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: true,
  sourcemap: false,
  legalComments: "none", // the licences are in THIRD_PARTY_LICENSES.txt instead
  banner: { js: "/* nnbook explorers. Bundles d3 modules (ISC licence): see THIRD_PARTY_LICENSES.txt */" },
  metafile: true, // tells which npm packages ended up in the bundle
  logLevel: "warning",
});

copyFileSync(join(here, "src", "explorers.css"), join(out, "explorers.css"));

// The npm packages whose code is in the bundle: the inputs that left bytes in the output
// (a package that is imported but entirely shaken out, such as d3-time, ships nothing).
const packages = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const match = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (match && bytesInOutput > 0) packages.add(match[1]);
  }
}

function licenceText(dir) {
  const name = readdirSync(dir).find((file) => /^licen[cs]e(\.md|\.txt)?$/i.test(file));
  if (!name) throw new Error(`no LICENSE file in ${dir}`);
  return readFileSync(join(dir, name), "utf8").trim();
}

const sections = [...packages].sort().map((name) => {
  const dir = join(here, "node_modules", name);
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return `${name} ${meta.version} (${meta.license})\n${"-".repeat(40)}\n${licenceText(dir)}\n`;
});
writeFileSync(
  join(out, "THIRD_PARTY_LICENSES.txt"),
  "Third-party code bundled in explorers.js\n\n" + sections.join("\n"),
);

const bytes = readFileSync(join(out, "explorers.js")).length;
console.log(`explorers.js: ${bytes} bytes; bundled: ${[...packages].sort().join(", ") || "none"}`);
if (!existsSync(join(out, "explorers.css"))) throw new Error("explorers.css was not copied");
