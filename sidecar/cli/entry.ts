import { runCli } from "./main.js";

// The bundled entry point (dist/sidecar/kyso.mjs). Set exitCode rather than calling
// process.exit() so that pending output is flushed.
process.exitCode = await runCli(process.argv.slice(2));
