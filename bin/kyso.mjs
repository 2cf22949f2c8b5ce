#!/usr/bin/env node
// `npx kyso ...`: runs the bundled sidecar CLI. The bundle is built by `npm install`
// (the package's prepare script) or `npm run build`.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = fileURLToPath(new URL("../dist/sidecar/kyso.mjs", import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write("kyso: chưa build — chạy: npm run build\nkyso: not built yet — run: npm run build\n");
  process.exit(70);
}
await import(bundle);
