/**
 * `npm start`: the main job on embedded defaults (issue 10). Builds everything, creates the
 * demo PKI and token, starts the OCSP/TSA responders, the demo portal and local mail servers,
 * opens Chromium with the extension on the portal; headless (--headless, CI or no display)
 * it signs, verifies and mails a document by itself and writes ./demo-output/.
 * The steps live in demo/ (demo/run-demo.ts); this file only reads the options.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_USAGE, parseDemoOptions } from "../demo/demo-options.js";
import { runDemo } from "../demo/run-demo.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

let options: ReturnType<typeof parseDemoOptions>;
try {
  options = parseDemoOptions(process.argv.slice(2), process.env, process.cwd());
} catch (error) {
  process.stderr.write(`kyso start: ${error instanceof Error ? error.message : String(error)}\n${DEMO_USAGE}`);
  process.exit(64);
}
if (options === "help") {
  process.stdout.write(DEMO_USAGE);
} else {
  process.exitCode = await runDemo(options, root);
}
