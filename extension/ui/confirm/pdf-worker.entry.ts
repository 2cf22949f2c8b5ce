/**
 * pdf.js's parser, in a worker of its own so that a large or hostile PDF cannot freeze the
 * confirmation window. Bundled from the package like every other extension script (no
 * remote code, no eval: MV3's default extension CSP holds). The legacy build carries the
 * polyfills that minimum_chrome_version 116 and Firefox 140 (gecko strict_min_version) need.
 */
import "./promise-with-resolvers.js";
import "pdfjs-dist/legacy/build/pdf.worker.mjs";
