import { createHash } from "node:crypto";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composePortName, type ComposeRequest, type ToComposeWindow } from "../../../shared/protocol/compose.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { credentialKey } from "../../../sidecar/mail/credentials/credential-store.js";
import { encryptedFileStore } from "../../../sidecar/mail/credentials/encrypted-file-store.js";
import { startHost, type StartedHost } from "../../../sidecar/host/host-test-harness.js";
import { waitForCount } from "../../../test/services/mail/mail-test-accounts.js";
import { withImap } from "../../../test/services/mail/mail-clients.js";
import { testServices } from "../../../test/setup/test-services.js";
import { serveComposePort, type ComposePort, type ComposeSidecar } from "./compose-route.js";

/**
 * The compose route between a window's port (in memory here) and the real native host
 * process, which sends through the run's Postfix: what ext-core will wire with one line.
 */
const { mail } = testServices();
const [an, binh] = mail.users as [{ address: string; password: string }, { address: string; password: string }];
let host: StartedHost;
let pdf: Uint8Array;

beforeAll(async () => {
  const config = { mail: { address: an.address, smtp: { ...mail.smtp, tls: "starttls" }, imap: { ...mail.imap, tls: "implicit" }, caPem: mail.caPem, outboxDir: "outbox" } };
  host = await startHost({ config, env: { KYSO_CREDENTIAL_STORE: "file" } });
  await encryptedFileStore(join(host.stateDir, "mail-credentials.json")).write(credentialKey({ user: an.address, smtp: mail.smtp }), an.password);
  await host.client.hello();
  const document = await PDFDocument.create();
  document.addPage().drawText("Cong van 45");
  // Over one blob.put chunk (512 KiB), so the upload takes several chunks.
  await document.attach(new Uint8Array(700_000).map((_, i) => (i * 7919) % 251), "padding.bin");
  pdf = await document.save();
});
afterAll(async () => {
  await host.client.close();
});

let nextId = 0;
const sidecar: ComposeSidecar = {
  async request(method, params, options) {
    const { message, events } = await host.client.request({ id: `c${nextId++}`, method, params });
    for (const event of events) options?.onEvent?.(event);
    if ("error" in message) throw new KysoError(message.error.code, message.error.detail ?? message.error.code);
    return (message as unknown as { result: never }).result;
  },
};

/** A window's port: what the route posts is recorded; `fromWindow` plays the window's messages. */
function windowPort() {
  const posted: ToComposeWindow[] = [];
  const listeners: Array<(message: unknown) => void> = [];
  const port: ComposePort = {
    name: composePortName("test"),
    postMessage: (message) => posted.push(message as ToComposeWindow),
    onMessage: { addListener: (listener) => listeners.push(listener) },
    onDisconnect: { addListener: () => undefined },
  };
  const until = async (type: ToComposeWindow["type"], count = 1) => {
    for (let i = 0; i < 400 && posted.filter((m) => m.type === type).length < count; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    return posted.filter((m) => m.type === type).at(-1);
  };
  return { port, posted, fromWindow: (message: unknown) => listeners.forEach((listener) => listener(message)), until };
}

const request: ComposeRequest = {
  origin: "https://ioffice.ubnd.test",
  siteName: "Quản lý văn bản",
  documents: [{ name: "Công văn 45 – UBND.pdf", documentNumber: "45/UBND-VP", title: "V/v triển khai chữ ký số", sizeBytes: 0 }],
  bodyTemplate: "Kính gửi: {{recipient}}",
  addressBook: [{ name: "Sở Tư pháp", address: binh.address }],
};

describe("compose route (background side of the compose window) with the real host", () => {
  it("sends compose.init, uploads the document in blob.put chunks, sends through mail.send and reports the accepted outbox entry; the PDF arrives intact", async () => {
    const { port, posted, fromWindow, until } = windowPort();
    serveComposePort(port, { request, documentBytes: () => Promise.resolve(pdf), sidecar });
    expect(posted[0]).toEqual({ type: "compose.init", request });
    fromWindow({ type: "compose.send", to: [binh.address], cc: [], subject: "45/UBND-VP: V/v triển khai chữ ký số", text: "Kính gửi: Sở Tư pháp", attach: [0], readReceipt: false });
    const outbox = await until("compose.outbox");
    expect(outbox).toMatchObject({ type: "compose.outbox", entry: { state: "accepted", sentCopy: "done", refused: [] } });
    expect(posted.flatMap((m) => (m.type === "compose.progress" ? [m.stage] : []))).toEqual(["attaching", "attaching", "sending", "done"]);

    const messageId = await withImap(mail, an, async (client) => {
      const lock = await client.getMailboxLock("Sent");
      try {
        const last = await client.fetchOne("*", { envelope: true });
        return last ? last.envelope?.messageId ?? "" : "";
      } finally {
        lock.release();
      }
    });
    expect(await waitForCount({ servers: mail, user: binh, mailbox: "INBOX", messageId, atLeast: 1 })).toBe(1);
    const received = await withImap(mail, binh, async (client) => {
      const lock = await client.getMailboxLock("INBOX");
      try {
        const [uid] = (await client.search({ header: { "message-id": messageId } }, { uid: true })) || [];
        const download = await client.download(String(uid), "2", { uid: true });
        const chunks: Buffer[] = [];
        for await (const chunk of download.content ?? []) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      } finally {
        lock.release();
      }
    });
    const hash = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
    expect(hash(received)).toBe(hash(pdf));
  });

  it("shows a refused recipient with the server's reply, and answers a retry of the failed message with its new outcome", async () => {
    const { port, fromWindow, until } = windowPort();
    serveComposePort(port, { request, documentBytes: () => Promise.resolve(pdf), sidecar });
    fromWindow({ type: "compose.send", to: ["khong-ton-tai@sotp.test"], cc: [], subject: "Thử", text: "x", attach: [], readReceipt: false });
    const first = await until("compose.outbox");
    expect(first).toMatchObject({ entry: { state: "failed", error: { code: "MAIL_RECIPIENT_REFUSED" } } });
    const refused = first?.type === "compose.outbox" ? first.entry : undefined;
    expect(refused?.refused[0]?.reply).toMatch(/^550 5\.1\.1/);
    fromWindow({ type: "compose.retry", outboxId: refused?.id });
    const second = await until("compose.outbox", 2);
    expect(second).toMatchObject({ entry: { id: refused?.id, state: "failed", error: { code: "MAIL_RECIPIENT_REFUSED" } } });
  });

  it("reports a sidecar error in the window instead of hanging (a document index that does not exist)", async () => {
    const { port, fromWindow, until } = windowPort();
    serveComposePort(port, { request, documentBytes: () => Promise.resolve(pdf), sidecar });
    fromWindow({ type: "compose.send", to: [binh.address], cc: [], subject: "x", text: "x", attach: [3], readReceipt: false });
    expect(await until("compose.error")).toMatchObject({ type: "compose.error", code: "BAD_REQUEST" });
  });
});
