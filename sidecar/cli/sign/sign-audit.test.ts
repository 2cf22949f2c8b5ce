import { createHash, X509Certificate } from "node:crypto";
import { createSocket } from "node:dgram";
import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditRecord } from "../../../shared/protocol/methods/audit.js";
import { runKyso } from "../../../test/cli/run-kyso.js";
import { PKCS12_PASSWORD } from "../../../test/pki/test-pki.js";
import { testServices } from "../../../test/setup/test-services.js";
import { startHost, type StartedHost } from "../../host/host-test-harness.js";

/** `kyso sign` writes the audit log the native host writes (ARCHITECTURE.md security rule 7). */

const { pki } = testServices();
const signer = pki.entities.signerRsa2048;
let scratch: string;
let input: string;
const hosts: StartedHost[] = [];

/** No machine, browser or user config: an e2e suite may hold a policy meanwhile. */
async function isolatedEnv(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  const home = await mkdtemp(join(scratch, "machine-"));
  return { KYSO_STATE_DIR: join(home, "state"), KYSO_CONFIG: join(home, "config.json"), KYSO_MACHINE_POLICY: join(home, "no-policy.json"), KYSO_BROWSER_POLICY_DIRS: "", P: PKCS12_PASSWORD, ...extra };
}

const sha256Of = async (file: string) => createHash("sha256").update(await readFile(file)).digest("hex");
const recordsIn = async (stateDir: string) => (await readFile(join(stateDir, "audit.jsonl"), "utf8")).trimEnd().split("\n").map((line) => JSON.parse(line) as AuditRecord);

async function copiesOf(names: string[]): Promise<string[]> {
  const dir = await mkdtemp(join(scratch, "in-"));
  return Promise.all(names.map(async (name) => {
    const file = join(dir, name);
    await copyFile(input, file);
    return file;
  }));
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-cli-sign-audit-"));
  const document = await PDFDocument.create();
  document.addPage().drawText("Cong van 12");
  input = join(scratch, "cong-van.pdf");
  await writeFile(input, await document.save());
});
afterAll(async () => {
  for (const started of hosts.splice(0)) await started.client.close();
});

describe("kyso sign: audit records", () => {
  it("records each signed document of a batch in the hash-chained log, which kyso audit verify accepts, with the hashes of the chosen and the signed file and the certificate", async () => {
    const env = await isolatedEnv();
    const inputs = await copiesOf(["Công văn 12.pdf", "Quyết định 7.pdf"]);
    const outDir = await mkdtemp(join(scratch, "out-"));
    const run = await runKyso(["sign", ...inputs, "--out-dir", outDir, "--key", signer.p12File, "--pin-env", "P"], { env });
    expect(run.code, run.stderr).toBe(0);

    const records = await recordsIn(env.KYSO_STATE_DIR!);
    expect(records).toHaveLength(2);
    expect(records[1]!.prevHash).toBe(records[0]!.hash);
    const certificate = new X509Certificate(await readFile(signer.certPemFile));
    for (const [index, file] of inputs.entries()) {
      expect(records[index]).toMatchObject({
        seq: index + 1, action: "sign", origin: "cli", result: "ok", documentName: basename(file),
        documentSha256: await sha256Of(file),
        signedSha256: await sha256Of(join(outDir, basename(file))),
        certificate: { serialNumber: certificate.serialNumber, subject: expect.stringContaining("CN=Nguyễn Văn An") as string, issuer: certificate.issuer.replace(/\n/g, ", ") },
      });
    }
    expect(records[0]!.signedSha256).not.toBe(records[0]!.documentSha256);

    const verified = await runKyso(["--lang", "en", "audit", "verify"], { env });
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain(`intact: 2 records (${join(env.KYSO_STATE_DIR!, "audit.jsonl")})`);
  });

  it("records a damaged PDF with its error code and no signed hash, beside the record of the document that was signed", async () => {
    const env = await isolatedEnv();
    const broken = join(await mkdtemp(join(scratch, "broken-")), "hong.pdf");
    await writeFile(broken, "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nstartxref\n999999\n%%EOF\n");
    const outDir = await mkdtemp(join(scratch, "out-"));
    const run = await runKyso(["sign", broken, input, "--out-dir", outDir, "--key", signer.p12File, "--pin-env", "P"], { env });
    expect(run.code).toBe(1);
    const [failed, signed] = await recordsIn(env.KYSO_STATE_DIR!);
    expect(failed).toMatchObject({ action: "sign", origin: "cli", documentName: "hong.pdf", documentSha256: await sha256Of(broken), result: "PDF_MALFORMED" });
    expect(failed!.signedSha256).toBeUndefined();
    expect(signed).toMatchObject({ documentName: "cong-van.pdf", result: "ok", signedSha256: await sha256Of(join(outDir, "cong-van.pdf")) });
    expect((await runKyso(["audit", "verify"], { env })).code).toBe(0);
  });

  it("records every document of a batch whose key password is wrong, with KEY_PASSWORD_INCORRECT and no certificate, never the password", async () => {
    const env = await isolatedEnv({ P: "sai-mat-khau-7c1e" });
    const inputs = await copiesOf(["a.pdf", "b.pdf"]);
    const run = await runKyso(["sign", ...inputs, "--out-dir", scratch, "--key", signer.p12File, "--pin-env", "P"], { env });
    expect(run.code).toBe(1);
    const records = await recordsIn(env.KYSO_STATE_DIR!);
    expect(records.map((r) => [r.documentName, r.result, r.certificate])).toEqual([["a.pdf", "KEY_PASSWORD_INCORRECT", undefined], ["b.pdf", "KEY_PASSWORD_INCORRECT", undefined]]);
    expect(await readFile(join(env.KYSO_STATE_DIR!, "audit.jsonl"), "utf8")).not.toContain("sai-mat-khau-7c1e");
  });

  it("forwards each record to the syslog server IT's machine policy names (audit.syslogHost), as the host does", async () => {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    const received: string[] = [];
    socket.on("message", (data) => received.push(data.toString("utf8")));
    const env = await isolatedEnv();
    await writeFile(env.KYSO_MACHINE_POLICY!, JSON.stringify({ audit: { syslogHost: "127.0.0.1", syslogPort: socket.address().port, syslogProtocol: "udp" } }));
    const run = await runKyso(["sign", input, "-o", join(await mkdtemp(join(scratch, "out-")), "x.pdf"), "--key", signer.p12File, "--pin-env", "P"], { env });
    expect(run.code, run.stderr).toBe(0);
    await expect.poll(() => received.length).toBe(1);
    socket.close();
    const [record] = await recordsIn(env.KYSO_STATE_DIR!);
    expect(received[0]).toMatch(/^<110>1 \S+ \S+ kyso \d+ sign - \uFEFF/);
    expect(JSON.parse(received[0]!.slice(received[0]!.indexOf("\uFEFF") + 1))).toEqual(record);
  });

  it("shows the CLI's signatures in the native host's audit.list (the popup's recent activity)", async () => {
    const started = await startHost();
    hosts.push(started);
    await started.client.hello();
    const env = await isolatedEnv({ KYSO_STATE_DIR: started.stateDir });
    const [document] = await copiesOf(["Tờ trình 3.pdf"]);
    const run = await runKyso(["sign", document!, "-o", join(await mkdtemp(join(scratch, "out-")), "signed.pdf"), "--key", signer.p12File, "--pin-env", "P"], { env });
    expect(run.code, run.stderr).toBe(0);
    const { message } = await started.client.request({ id: "a", method: "audit.list", params: { limit: 10 } });
    const { records } = ("result" in message ? message.result : { records: [] }) as { records: AuditRecord[] };
    expect(records).toEqual([expect.objectContaining({ action: "sign", origin: "cli", documentName: "Tờ trình 3.pdf", result: "ok", documentSha256: await sha256Of(document!) })]);
  });
});
