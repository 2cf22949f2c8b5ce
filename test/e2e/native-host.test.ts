/**
 * The real extension (dist/chrome, fixed ID) in the system Chromium reaches the real native
 * host that `kyso install --scope user --browser chromium --user-data-dir DIR` registered:
 * the handshake through native-hello.ts, the round-trip time through one port, an answer over
 * the browser's 1 MiB cap arriving in chunks, and a PIN that reaches the token but no log.
 */
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_EXTENSION_ID } from "../../shared/extension-identity.js";
import { appendAuditRecord } from "../../sidecar/audit/audit-log.js";
import { runKyso } from "../cli/run-kyso.js";
import { testServices } from "../setup/test-services.js";
import { launchChromiumWithExtension, type LaunchedChromium } from "./chromium-launcher.js";
import { askHostThroughPort, type PortExchange } from "./native-port-probe.js";

const root = resolve(import.meta.dirname, "../..");
const { softhsm } = testServices();
const AUDIT_RECORDS = 400;
let chromium: LaunchedChromium | undefined;
let stateDir = "";
let profile = "";

beforeAll(async () => {
  const sandbox = await mkdtemp(join(tmpdir(), "kyso-e2e-host-"));
  profile = join(sandbox, "profile");
  stateDir = join(sandbox, "state");
  // Chromium starts the host with its own environment, which it inherits from this process.
  process.env.KYSO_STATE_DIR = stateDir;
  process.env.KYSO_CONFIG = join(sandbox, "config.json");
  const env = { HOME: sandbox, XDG_DATA_HOME: join(sandbox, "data") };
  const installed = await runKyso(["install", "--scope", "user", "--browser", "chromium", "--user-data-dir", profile], { env });
  if (installed.code !== 0) throw new Error(`kyso install failed: ${installed.stderr}`);
  // Enough audit records that audit.list's answer is over the 1 MiB a host may send at once.
  const subject = "CN=Nguyễn Văn An, O=Ủy ban nhân dân tỉnh ".repeat(80);
  for (let i = 0; i < AUDIT_RECORDS; i += 1) {
    appendAuditRecord(join(stateDir, "audit.jsonl"), { action: "sign", who: "an", origin: "https://ioffice.example.gov.vn", result: "ok", certificate: { subject, serialNumber: "01", issuer: "CN=CA" } });
  }
  chromium = await launchChromiumWithExtension({ extensionDir: join(root, "dist/chrome"), userDataDir: profile });
});

afterAll(async () => {
  await chromium?.close();
});

const launched = () => {
  if (!chromium) throw new Error("Chromium did not start (see the beforeAll error)");
  return chromium;
};
const ask = (exchange: PortExchange) => askHostThroughPort(launched().serviceWorker, exchange);

describe("real Chromium and the installed native host", () => {
  it("connects the extension's popup to the sidecar through the background's native port", async () => {
    const page = await launched().context.newPage();
    try {
      await page.goto(`chrome-extension://${CHROMIUM_EXTENSION_ID}/popup/popup.html`);
      await page.waitForSelector("#sidecar-status[data-state=connected]", { timeout: 10_000 });
      expect(await page.textContent("#sidecar-status")).toContain("0.1.0");
    } finally {
      await page.close();
    }
  });

  it("answers requests through one long-lived port with a median round trip of at most 2 ms", async () => {
    const { timesMs, answers } = await ask({ requests: Array.from({ length: 200 }, (_, i) => ({ method: "hello", params: { protocolVersion: 1, extensionVersion: `rt-${i}` } })) });
    expect(answers.every((a) => (a as { result?: unknown }).result !== undefined)).toBe(true);
    const sorted = [...timesMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(`native port round trip over ${sorted.length} hellos: median ${median.toFixed(2)} ms, p90 ${sorted[Math.floor(sorted.length * 0.9)]!.toFixed(2)} ms`);
    expect(median).toBeLessThanOrEqual(2);
  });

  it("delivers an answer larger than the browser's 1 MiB limit in chunks without losing the port", async () => {
    const { answers, chunkCounts } = await ask({ requests: [{ method: "audit.list", params: { limit: AUDIT_RECORDS } }, { method: "hello", params: { protocolVersion: 1, extensionVersion: "after" } }] });
    expect(chunkCounts[0]).toBeGreaterThan(1);
    expect(((answers[0] as { result: { records: unknown[] } }).result.records).length).toBe(AUDIT_RECORDS);
    expect((answers[1] as { result?: unknown }).result).toBeDefined();
  });

  it("signs with the token's PIN sent through the port, and the PIN is in no log", async () => {
    const listed = await ask({ requests: [{ method: "keys.list", params: { modulePaths: [softhsm.modulePath] } }] });
    const certificates = (listed.answers[0] as { result: { certificates: Array<{ certificateId: string }> } }).result.certificates;
    expect(certificates.length).toBe(softhsm.objects.length);
    const item = { documentName: "Tờ trình.pdf", documentSha256: "ab".repeat(32), toBeSigned: Buffer.from("signed attributes").toString("base64") };
    const signed = await ask({ requests: [{ method: "sign.digest", params: { certificateId: certificates[0]!.certificateId, items: [item], pin: softhsm.userPin, origin: "https://ioffice.example.gov.vn" } }] });
    expect((signed.answers[0] as { result?: { signatures: string[] } }).result?.signatures).toHaveLength(1);
    const logDir = join(stateDir, "logs");
    const logs = await Promise.all((await readdir(logDir)).map((file) => readFile(join(logDir, file), "utf8")));
    expect(logs.join("")).toContain("sign.digest");
    for (const text of logs) expect(text).not.toContain(softhsm.userPin);
    expect(await readFile(join(stateDir, "audit.jsonl"), "utf8")).toContain("Tờ trình.pdf");
  });
});
