/**
 * `npx tsx demo/portal/serve.ts [--port 8443] [--host 127.0.0.1] [--data-dir DIR] [--http]`
 * Starts the demo portal until Ctrl+C. HTTPS with a throw-away certificate by default, since
 * kyso's policy only lets https:// portals use it; --http serves plain HTTP.
 */
import { parseArgs } from "node:util";
import { startDemoPortal } from "./demo-portal.js";
import { selfSignedCertificate } from "./self-signed-certificate.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8443" },
    host: { type: "string", default: "127.0.0.1" },
    "data-dir": { type: "string" },
    http: { type: "boolean", default: false },
    "trust-pem": { type: "string", multiple: true },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port: ${values.port} không phải số cổng hợp lệ / is not a valid port`);
  process.exit(2);
}
const certificate = values.http ? undefined : await selfSignedCertificate();
const { readFile } = await import("node:fs/promises");
const trustAnchorsPem = await Promise.all((values["trust-pem"] ?? []).map((file) => readFile(file, "utf8")));
const portal = await startDemoPortal({
  port,
  host: values.host,
  trustAnchorsPem,
  ...(values["data-dir"] ? { dataDir: values["data-dir"] } : {}),
  ...(certificate ? { tls: { certPem: certificate.certPem, keyPem: certificate.keyPem } } : {}),
});
console.log(`Cổng thử nghiệm / demo portal: ${portal.url}/  (tài khoản / accounts: vanthu/demo, lanhdao/demo)`);
if (certificate) console.log(`Chromium: --ignore-certificate-errors-spki-list=${certificate.spkiSha256Base64}`);
const stop = () => void portal.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
