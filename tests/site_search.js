// Run a built Sphinx site's own search in Node, without a browser.
//
//   node site_search.js <html_dir> <query>   ->  JSON list of docnames found
//
// Loads, like the page does, _static/searchtools.js then
// _static/language_data.js (stopwords, Stemmer, optional splitQuery), then
// searchindex.js, all as classic scripts in one vm context so top-level
// const/let are shared between them as in a browser.  Only the few DOM bits
// these scripts touch while searching are stubbed.  Any error in the site's
// scripts (e.g. "ChineseStemmer is not defined") makes this exit non-zero.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [htmlDir, query] = process.argv.slice(2);
if (!htmlDir || query === undefined) {
  console.error("usage: node site_search.js <html_dir> <query>");
  process.exit(2);
}

const element = () => ({
  firstChild: null, removeChild() {}, appendChild: (c) => c,
  classList: { add() {} }, dataset: {}, style: {},
});
const document = {
  readyState: "complete",
  documentElement: { dataset: { content_root: "./" }, lang: "" },
  body: element(),
  addEventListener() {},
  getElementById: () => element(),
  createElement: () => element(),
  querySelectorAll: () => [],
};
const sandbox = {
  document,
  localStorage: { getItem: () => null, setItem() {}, removeItem() {} },
  location: { search: "" },
  URLSearchParams,
  console,
  setTimeout: () => 0,
  SPHINX_HIGHLIGHT_ENABLED: false, // normally from sphinx_highlight.js
  _ready: () => {},                 // normally from doctools.js; no DOM events here
};
sandbox.window = sandbox;
const context = vm.createContext(sandbox);

for (const file of ["_static/searchtools.js", "_static/language_data.js", "searchindex.js"]) {
  const full = path.join(htmlDir, file);
  new vm.Script(fs.readFileSync(full, "utf8"), { filename: full }).runInContext(context);
}

context.__query = query;
const found = new vm.Script(`
  if (!Search.hasIndex()) throw new Error("searchindex.js did not call Search.setIndex");
  Search._performSearch(...Search._parseQuery(__query)).map((r) => r[0]);
`).runInContext(context);
process.stdout.write(JSON.stringify([...new Set(found)]) + "\n");
