import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TestPki } from "../test/pki/test-pki.js";
import { startDemoPortal, type DemoPortal } from "./portal/demo-portal.js";
import { buildSampleDocuments } from "./portal/sample-documents.js";
import { spkiSha256Base64 } from "./portal/self-signed-certificate.js";

/**
 * The demo portal (demo/portal) over HTTPS with the demo PKI's TLS certificate — kyso's
 * policy admits https:// portals only — verifying uploads against the demo root with online
 * revocation (the demo OCSP responder). Also writes the portal's first outgoing document as
 * the demo's sample.pdf, for the CLI steps.
 */
export interface RunningPortal {
  portal: DemoPortal;
  /** What Chromium's --ignore-certificate-errors-spki-list takes for this portal. */
  spkiSha256: string;
  samplePdfFile: string;
}

export async function openDemoPortal(options: { pki: TestPki; dataDir: string }): Promise<RunningPortal> {
  const tls = options.pki.entities.tlsServer;
  const certPem = await readFile(tls.certPemFile, "utf8");
  await mkdir(options.dataDir, { recursive: true });
  const portal = await startDemoPortal({
    dataDir: options.dataDir,
    tls: { certPem, keyPem: await readFile(tls.keyPemFile, "utf8") },
    trustAnchorsPem: [await readFile(options.pki.rootCa.certPemFile, "utf8")],
    onlineRevocation: true,
    batchDocuments: 0,
  });
  try {
    const [sample] = await buildSampleDocuments(0);
    const samplePdfFile = join(options.dataDir, "sample.pdf");
    await writeFile(samplePdfFile, sample!.bytes);
    return { portal, spkiSha256: spkiSha256Base64(certPem), samplePdfFile };
  } catch (error) {
    await portal.close();
    throw error;
  }
}
