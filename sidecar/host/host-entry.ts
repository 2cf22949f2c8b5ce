import { runHost } from "./host-main.js";

// dist/sidecar/kyso-host.mjs, the program the native host manifest's launcher runs. Exits
// explicitly once the browser has closed stdin: a token watch's worker thread or a pending
// socket must not keep a host nobody can talk to alive.
await runHost(process.argv.slice(2));
process.stdout.write("", () => process.exit(0));
