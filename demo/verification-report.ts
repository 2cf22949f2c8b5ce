import { readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { memoryByteSource } from "../shared/pdf/byte-source.js";
import { renderVerificationHtml } from "../shared/verify/report-html.js";
import { verifyDocument } from "../shared/verify/verify-document.js";
import { validationDataHttpTransport } from "../sidecar/network/validation-data-http-transport.js";
import { nodeHasherFactory } from "../sidecar/pdf-files/node-hasher.js";
import type { KysoRunner } from "./kyso-runner.js";

/**
 * The signed file verified, trusting only the demo PKI's root, with online revocation (the
 * demo OCSP responder): `kyso verify` in Vietnamese and English text and as JSON, and the HTML
 * report the extension's report page shows (shared/verify/report-html.ts), Vietnamese first.
 */
export interface VerificationFiles {
  indication: string;
  signers: Array<{ name: string; level: string }>;
  files: { textVi: string; textEn: string; json: string; html: string };
}

interface VerifyJson {
  indication: string;
  signatures: Array<{ signer?: { name?: string }; level?: string }>;
}

const PAGE_STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:24px;max-width:860px;color:#1d2330}
.kyso-report{margin-bottom:28px}.verdict{padding:10px 14px;border-radius:6px}.passed{background:#e8f5ec}.failed{background:#fdecea}.indeterminate{background:#fff4e0}
article{margin:14px 0;padding:6px 14px;background:#f7f8fa;border-radius:6px}dl{display:grid;grid-template-columns:34% 1fr;gap:4px 12px}dt{font-weight:600}.problem{color:#c62828}.note{color:#5b6475}`;

async function reportPage(signedFile: string, rootCaPem: string): Promise<string> {
  const result = await verifyDocument({
    source: memoryByteSource(await readFile(signedFile)),
    trustAnchorsPem: [rootCaPem],
    createHasher: nodeHasherFactory,
    revocationHardFail: false,
    transport: validationDataHttpTransport(),
  });
  const fileName = basename(signedFile);
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>kyso — báo cáo kiểm tra chữ ký số / signature verification report</title><style>${PAGE_STYLE}</style></head><body>` +
    renderVerificationHtml(result, { language: "vi", fileName }) + renderVerificationHtml(result, { language: "en", fileName }) + "</body></html>";
}

export async function writeVerificationReport(options: { kyso: KysoRunner; signedFile: string; rootCaPemFile: string; outDir: string }): Promise<VerificationFiles> {
  const base = ["verify", options.signedFile, "--trust", options.rootCaPemFile];
  const [vi, en, json] = await Promise.all([
    options.kyso([...base, "--lang", "vi"]),
    options.kyso([...base, "--lang", "en"]),
    options.kyso([...base, "--json"]),
  ]);
  if (!json.stdout.trim().startsWith("{")) throw new Error(`kyso verify failed (exit ${json.code}): ${json.stderr.trim()}`);
  const report = JSON.parse(json.stdout) as VerifyJson;
  const files = {
    textVi: join(options.outDir, "verification-report.vi.txt"),
    textEn: join(options.outDir, "verification-report.en.txt"),
    json: join(options.outDir, "verification-report.json"),
    html: join(options.outDir, "verification-report.html"),
  };
  await Promise.all([
    writeFile(files.textVi, vi.stdout),
    writeFile(files.textEn, en.stdout),
    writeFile(files.json, json.stdout),
    writeFile(files.html, await reportPage(options.signedFile, await readFile(options.rootCaPemFile, "utf8"))),
  ]);
  return { indication: report.indication, signers: report.signatures.map((s) => ({ name: s.signer?.name ?? "?", level: s.level ?? "?" })), files };
}
