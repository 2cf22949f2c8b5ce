import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runKyso } from "../../test/cli/run-kyso.js";
import { appendAuditRecord, readAuditRecords } from "./audit-log.js";
import { verifyAuditFile, verifyAuditLog } from "./audit-verify.js";
import { forwardToSyslog, formatSyslogMessage } from "./syslog-forwarder.js";

const entry = (n: number) => ({ action: "sign" as const, who: "an", origin: "https://ioffice.example.gov.vn", documentName: `Văn bản ${n}.pdf`, documentSha256: String(n).repeat(64).slice(0, 64), result: "ok" });

async function logOfFive(): Promise<{ file: string; lines: string[] }> {
  const file = join(await mkdtemp(join(tmpdir(), "kyso-audit-")), "audit.jsonl");
  for (let n = 1; n <= 5; n += 1) appendAuditRecord(file, entry(n));
  return { file, lines: (await readFile(file, "utf8")).trimEnd().split("\n") };
}

describe("audit log", () => {
  it("chains each record to the previous one and verifies an untouched log", async () => {
    const { file, lines } = await logOfFive();
    expect(verifyAuditLog(`${lines.join("\n")}\n`)).toEqual({ ok: true, records: 5, problems: [] });
    const records = readAuditRecords(file);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[1]!.prevHash).toBe(records[0]!.hash);
  });

  it.each([
    ["an edited line", (lines: string[]) => lines.map((l, i) => (i === 2 ? l.replace("Văn bản 3", "Văn bản 9") : l)), [{ line: 3, kind: "edited" }]],
    ["a deleted line", (lines: string[]) => lines.filter((_l, i) => i !== 1), [{ line: 2, kind: "chain-broken" }]],
    ["reordered lines", (lines: string[]) => [lines[0]!, lines[2]!, lines[1]!, lines[3]!, lines[4]!], [{ line: 2, kind: "chain-broken" }, { line: 3, kind: "chain-broken" }, { line: 4, kind: "chain-broken" }]],
    ["a line that is not a record", (lines: string[]) => [...lines.slice(0, 2), "garbage", ...lines.slice(2)], [{ line: 3, kind: "not-a-record" }]],
  ])("detects %s", async (_name, tamper, expected) => {
    const { lines } = await logOfFive();
    const result = verifyAuditLog(`${tamper(lines).join("\n")}\n`);
    expect(result.ok).toBe(false);
    expect(result.problems.map(({ line, kind }) => ({ line, kind }))).toEqual(expected);
  });

  it("verifies a log where mail records of the earlier form (outbox id in documentName) precede records with the mail fields, and detects an edited mail field", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "kyso-audit-")), "audit.jsonl");
    const mail = { action: "mail" as const, who: "an", origin: "https://ioffice.example.gov.vn", documentSha256: "a".repeat(64) };
    appendAuditRecord(file, { ...mail, documentName: "0190c2f4-7b1e: Công văn 45.pdf", result: "ok" });
    appendAuditRecord(file, entry(2));
    appendAuditRecord(file, {
      ...mail,
      documentName: "Công văn 46.pdf",
      mail: { outboxId: "0190c2f5-0a2b", messageId: "<0190c2f5-0a2b@gialai.gov.vn>", recipientCount: 3, recipientDomains: ["sotp.gialai.gov.vn", "stc.gialai.gov.vn"], attachmentsSha256: ["a".repeat(64)] },
      result: "ok",
    });
    const text = await readFile(file, "utf8");
    expect(verifyAuditLog(text)).toEqual({ ok: true, records: 3, problems: [] });
    expect(readAuditRecords(file)[2]?.mail?.recipientCount).toBe(3);
    const edited = verifyAuditLog(text.replace('"recipientCount":3', '"recipientCount":1'));
    expect(edited.problems.map(({ line, kind }) => ({ line, kind }))).toEqual([{ line: 3, kind: "edited" }]);
    expect((await runKyso(["audit", "verify", "--file", file])).code).toBe(0);
  });

  it("detects records cut from the end of the log through the head written beside it, also when the rest of the chain is intact", async () => {
    const { file, lines } = await logOfFive();
    expect(verifyAuditFile(file).ok).toBe(true);
    await writeFile(file, `${lines.slice(0, 3).join("\n")}\n`);
    const result = verifyAuditFile(file);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ kind: "truncated", detail: expect.stringContaining("ends at record 3, but record 5 was written") as string })]);
  });

  it("refuses to append after a last line that is not a record, JSON or not, with AUDIT_LOG_TAMPERED", async () => {
    for (const lastLine of ['{"seq":5,"hash":"cut-off', '{"seq":6}']) {
      const { file, lines } = await logOfFive();
      await writeFile(file, `${lines.join("\n")}\n${lastLine}\n`);
      expect(() => appendAuditRecord(file, entry(7))).toThrow(expect.objectContaining({ code: "AUDIT_LOG_TAMPERED" }));
    }
  });

  it("kyso audit verify exits 0 on an intact log and 1 with AUDIT_LOG_TAMPERED on an edited one", async () => {
    const { file, lines } = await logOfFive();
    const intact = await runKyso(["audit", "verify", "--file", file]);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toContain("5 bản ghi");
    await writeFile(file, `${lines.map((l) => l.replace('"result":"ok"', '"result":"PIN_INCORRECT"')).join("\n")}\n`);
    const tampered = await runKyso(["--lang", "en", "audit", "verify", "--file", file]);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/^kyso: AUDIT_LOG_TAMPERED: /);
    expect(tampered.stderr).toContain("line 1: edited");
  });
});

describe("syslog forwarding", () => {
  it("sends an RFC 5424 message with facility log audit over UDP", async () => {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    const received = new Promise<string>((resolve) => socket.once("message", (data) => resolve(data.toString("utf8"))));
    const { file } = await logOfFive();
    const record = readAuditRecords(file)[0]!;
    await forwardToSyslog({ host: "127.0.0.1", port: socket.address().port, protocol: "udp" }, formatSyslogMessage(record, { host: "may-tram-01", pid: 42 }));
    const message = await received;
    socket.close();
    expect(message).toMatch(/^<110>1 \d{4}-\d\d-\d\dT[\d:.]+Z may-tram-01 kyso 42 sign - \uFEFF\{/);
    expect(JSON.parse(message.slice(message.indexOf("\uFEFF") + 1))).toEqual(record);
  });

  it("sends octet-counted messages over TCP (RFC 6587)", async () => {
    let resolveData: (text: string) => void = () => undefined;
    const data = new Promise<string>((resolve) => (resolveData = resolve));
    const server = createServer((connection) => {
      const parts: Buffer[] = [];
      connection.on("data", (part: Buffer) => parts.push(part)).on("end", () => resolveData(Buffer.concat(parts).toString("utf8")));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { file } = await logOfFive();
    const message = formatSyslogMessage(readAuditRecords(file)[4]!);
    await forwardToSyslog({ host: "127.0.0.1", port: (server.address() as { port: number }).port, protocol: "tcp" }, message);
    const text = await data;
    server.close();
    expect(text).toBe(`${Buffer.byteLength(message)} ${message}`);
  });
});
