import { describe, expect, it } from "vitest";
import type { HostMessage } from "../../shared/protocol/envelope.js";
import { BlobStore } from "./blob-store.js";
import type { HostLog } from "./host-log.js";
import { HostSession } from "./host-session.js";
import type { HandlerLoaders } from "./method-context.js";
import { outgoingTexts } from "./outgoing-messages.js";
import { redact } from "./redaction.js";

const silentLog: HostLog = { file: "", info: () => undefined, warn: () => undefined, error: () => undefined };
const frame = (message: unknown) => ({ kind: "message" as const, body: Buffer.from(JSON.stringify(message)) });

function session(handlers: Partial<HandlerLoaders>) {
  const sent: HostMessage[] = [];
  const host = new HostSession({
    send: (message) => sent.push(message),
    services: { log: silentLog, config: {}, blobs: new BlobStore(), auditFile: "/nonexistent/audit.jsonl", user: "test" },
    handlers: handlers as HandlerLoaders,
    hello: () => ({ protocolVersion: 1, sidecarVersion: "0", capabilities: [] }),
  });
  host.handleFrame(frame({ v: 1, id: "h", method: "hello", params: { protocolVersion: 1, extensionVersion: "0" } }));
  return { host, sent };
}

describe("host session", () => {
  it("answers a handler that throws a plain Error with INTERNAL_ERROR for that id and keeps serving others", async () => {
    const { host, sent } = session({
      "audit.list": () => Promise.resolve(() => Promise.reject(new TypeError("boom"))),
      "blob.get": () => Promise.resolve(() => Promise.resolve({ data: "", totalBytes: 0, eof: true })),
    });
    host.handleFrame(frame({ v: 1, id: "a", method: "audit.list", params: { limit: 1 } }));
    host.handleFrame(frame({ v: 1, id: "b", method: "blob.get", params: { blobId: "abcdefgh", offset: 0, length: 1 } }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await host.close();
    expect(sent.find((m) => m.id === "a")).toMatchObject({ error: { code: "INTERNAL_ERROR", detail: "boom" } });
    expect(sent.find((m) => m.id === "b")).toMatchObject({ result: { eof: true } });
  });

  it("cancels every request in progress when the port closes", async () => {
    const { host, sent } = session({ "audit.list": () => Promise.resolve(() => new Promise(() => undefined)) });
    host.handleFrame(frame({ v: 1, id: "forever", method: "audit.list", params: { limit: 1 } }));
    await host.close();
    expect(sent.find((m) => m.id === "forever")).toMatchObject({ error: { code: "CANCELLED" } });
  });
});

describe("outgoing messages", () => {
  it("leaves a message under 1 MiB whole and splits a larger one, Vietnamese text included, into chunks under 1 MiB that join back", () => {
    expect(outgoingTexts({ v: 1, id: "s", result: { ok: true } })).toHaveLength(1);
    const message: HostMessage = { v: 1, id: "big", result: { text: "Quyết định số 12/QĐ-UBND \"ký số\" 😀 ".repeat(60_000) } };
    const texts = outgoingTexts(message);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024 * 1024);
    const joined = texts.map((text) => (JSON.parse(text) as { chunk: { text: string } }).chunk.text).join("");
    expect(JSON.parse(joined)).toEqual(message);
  });
});

describe("log redaction", () => {
  it("replaces PINs and passwords at any depth and summarises bulk bytes", () => {
    const redacted = JSON.stringify(redact({ params: { pin: "123456", items: [{ toBeSigned: "QUJD" }], nested: { userPin: "1", smtpPassword: "p" } } }));
    expect(redacted).not.toContain("123456");
    expect(redacted).not.toContain("QUJD");
    expect(redacted).not.toContain('"p"');
    expect(redacted).toContain("[redacted]");
  });
});
