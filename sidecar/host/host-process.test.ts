import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { HostMessage } from "../../shared/protocol/envelope.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.js";
import { appendAuditRecord } from "../audit/audit-log.js";
import { rawFrame, startHost, type StartedHost } from "./host-test-harness.js";

const MiB = 1024 * 1024;
const hosts: StartedHost[] = [];
async function host(options: Parameters<typeof startHost>[0] = {}): Promise<StartedHost> {
  const started = await startHost(options);
  hosts.push(started);
  return started;
}
afterEach(async () => {
  for (const started of hosts.splice(0)) await started.client.close();
});

const errorCode = (message: HostMessage | undefined) => (message && "error" in message ? message.error.code : undefined);
const resultOf = (message: HostMessage) => ("result" in message ? message.result : undefined) as Record<string, unknown>;

/** Answers audit.list: a cheap request proving the host still serves. */
async function stillServes(started: StartedHost, id = "alive"): Promise<void> {
  const { message } = await started.client.request({ id, method: "audit.list", params: { limit: 1 } });
  expect(resultOf(message)).toEqual({ records: [] });
}

describe("native host over pipes: handshake", () => {
  it("answers hello with its protocol version, sidecar version, capabilities and the config file's digest", async () => {
    const started = await host({ config: { tsaUrls: ["http://127.0.0.1:9/tsa"] } });
    const { message } = await started.client.hello();
    const result = resultOf(message);
    expect(result.protocolVersion).toBe(PROTOCOL_VERSION);
    expect(result.sidecarVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(result.capabilities).toContain("sign.digest");
    expect(result.policyDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses any request before hello with HANDSHAKE_REQUIRED echoing its id, then serves after hello", async () => {
    const started = await host();
    const early = await started.client.request({ id: "early", method: "audit.list", params: { limit: 1 } });
    expect(errorCode(early.message)).toBe("HANDSHAKE_REQUIRED");
    expect(early.message.id).toBe("early");
    await started.client.hello();
    await stillServes(started);
  });

  it("answers a wrong protocol version, in the envelope or in hello, with PROTOCOL_VERSION_MISMATCH", async () => {
    const started = await host();
    const envelope = await started.client.request({ id: "v9", v: 9, method: "hello", params: { protocolVersion: 9, extensionVersion: "9" } });
    expect(errorCode(envelope.message)).toBe("PROTOCOL_VERSION_MISMATCH");
    const hello = await started.client.request({ id: "h9", method: "hello", params: { protocolVersion: 9, extensionVersion: "9" } });
    expect(errorCode(hello.message)).toBe("PROTOCOL_VERSION_MISMATCH");
    expect(hello.message.id).toBe("h9");
  });
});

describe("native host over pipes: framing", () => {
  it("joins a message whose header and body arrive in many small reads", async () => {
    const started = await host();
    const frame = rawFrame(Buffer.from(JSON.stringify({ v: 1, id: "split", method: "hello", params: { protocolVersion: 1, extensionVersion: "x" } })));
    const cuts = [0, 1, 3, 9, 20, frame.length];
    for (let i = 1; i < cuts.length; i += 1) {
      started.client.writeRaw(frame.subarray(cuts[i - 1], cuts[i]));
      await delay(15);
    }
    const answer = await started.client.next();
    expect(answer?.id).toBe("split");
    expect(resultOf(answer!).protocolVersion).toBe(PROTOCOL_VERSION);
  });

  it("answers a zero-length message with BAD_REQUEST and keeps serving", async () => {
    const started = await host();
    await started.client.hello();
    started.client.writeRaw(rawFrame(Buffer.alloc(0)));
    const answer = await started.client.next();
    expect(errorCode(answer)).toBe("BAD_REQUEST");
    expect(answer?.id).toBeNull();
    await stillServes(started);
  });

  it("accepts a message of exactly 1 MiB", async () => {
    const started = await host();
    await started.client.hello();
    const data = Buffer.alloc(512 * 1024, 7).toString("base64");
    const json = JSON.stringify({ v: 1, id: "exact", method: "blob.put", params: { totalBytes: 512 * 1024, offset: 0, data } });
    const body = Buffer.from(json.padEnd(MiB, " "));
    expect(body.length).toBe(MiB);
    started.client.writeRaw(rawFrame(body));
    const answer = await started.client.next();
    expect(answer?.id).toBe("exact");
    expect(resultOf(answer!)).toMatchObject({ receivedBytes: 512 * 1024, complete: true });
  });

  it("refuses a message over its cap with MESSAGE_TOO_LARGE without reading it into memory, and keeps serving", async () => {
    const started = await host({ config: { maxMessageBytes: 2 * MiB } });
    await started.client.hello();
    started.client.writeRaw(rawFrame(Buffer.alloc(2 * MiB + 1, 0x20)));
    const answer = await started.client.next();
    expect(errorCode(answer)).toBe("MESSAGE_TOO_LARGE");
    await stillServes(started);
  });

  it("sends an answer over the browser's 1 MiB in chunks, each under 1 MiB, that join to the answer", async () => {
    const started = await host();
    const auditFile = join(started.stateDir, "audit.jsonl");
    const longName = "Quyết định phê duyệt ".repeat(24);
    for (let i = 0; i < 500; i += 1) appendAuditRecord(auditFile, { action: "sign", who: "an", origin: "https://ioffice.example.gov.vn", documentName: longName, result: "ok", certificate: { subject: "CN=Nguyễn Văn An".repeat(60), serialNumber: "01", issuer: "CN=CA" } });
    await started.client.hello();
    const before = started.client.frameSizes.length;
    const { message } = await started.client.request({ id: "big", method: "audit.list", params: { limit: 500 } });
    expect((resultOf(message).records as unknown[]).length).toBe(500);
    const frames = started.client.frameSizes.slice(before);
    expect(frames.length).toBeGreaterThan(1);
    expect(frames.reduce((a, b) => a + b, 0)).toBeGreaterThan(MiB);
    for (const size of frames) expect(size).toBeLessThanOrEqual(MiB);
  });

  it("answers malformed JSON with BAD_REQUEST (id null) and keeps serving", async () => {
    const started = await host();
    await started.client.hello();
    started.client.writeRaw(rawFrame(Buffer.from('{"v":1,"id":"x","method":')));
    const answer = await started.client.next();
    expect(errorCode(answer)).toBe("BAD_REQUEST");
    expect(answer?.id).toBeNull();
    await stillServes(started);
  });

  it("exits with status 0 when the browser closes stdin, also in the middle of a message", async () => {
    const started = await host();
    await started.client.hello();
    started.client.writeRaw(Buffer.from([0x10, 0x00]));
    expect(await started.client.close()).toBe(0);
    hosts.pop();
  });
});

describe("native host over pipes: requests", () => {
  it("answers an unknown method, and an unknown mail.* name, with UNKNOWN_METHOD echoing the id", async () => {
    const started = await host();
    await started.client.hello();
    for (const method of ["nope", "mail.delete", "__proto__"]) {
      const { message } = await started.client.request({ id: `m-${method}`, method });
      expect(errorCode(message), method).toBe("UNKNOWN_METHOD");
      expect(message.id).toBe(`m-${method}`);
    }
  });

  it("answers invalid params and envelopes with BAD_REQUEST echoing the id when there is one", async () => {
    const started = await host();
    await started.client.hello();
    const params = await started.client.request({ id: "p", method: "audit.list", params: { limit: -1 } });
    expect(errorCode(params.message)).toBe("BAD_REQUEST");
    expect(params.message.id).toBe("p");
    started.client.send({ v: 1, id: "no-method" });
    const envelope = await started.client.next();
    expect(errorCode(envelope)).toBe("BAD_REQUEST");
    expect(envelope?.id).toBe("no-method");
  });

  it("serves concurrent requests by id: a fast one is answered while a slow one waits, and cancel ends the slow one", async () => {
    let server: Server | undefined;
    try {
      server = createServer((_request, response) => void delay(3000).then(() => response.end()));
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const port = (server.address() as { port: number }).port;
      const started = await host();
      await started.client.hello();
      started.client.send({ v: 1, id: "slow", method: "tsa.timestamp", params: { url: `http://127.0.0.1:${port}/tsa`, request: "MAA=" } });
      started.client.send({ v: 1, id: "slow", method: "audit.list", params: { limit: 1 } });
      started.client.send({ v: 1, id: "fast", method: "audit.list", params: { limit: 1 } });
      const first = [await started.client.next(), await started.client.next()];
      expect(first.map((m) => m?.id).sort()).toEqual(["fast", "slow"]);
      expect(errorCode(first.find((m) => m?.id === "slow"))).toBe("BAD_REQUEST");
      started.client.send({ v: 1, id: "c", method: "cancel", params: { requestId: "slow" } });
      const rest = [await started.client.next(), await started.client.next()];
      expect(errorCode(rest.find((m) => m?.id === "slow"))).toBe("CANCELLED");
      expect(resultOf(rest.find((m) => m?.id === "c")!)).toEqual({ cancelled: true });
    } finally {
      server?.closeAllConnections();
      server?.close();
    }
  });

  it("answers a request whose handler throws with a typed error and keeps serving", async () => {
    const started = await host();
    await started.client.hello();
    const { message } = await started.client.request({ id: "bad-chain", method: "revocation.fetch", params: { chain: ["AAAA"] } });
    expect(errorCode(message)).toMatch(/^[A-Z_]+$/);
    const missing = await started.client.request({ id: "no-blob", method: "blob.get", params: { blobId: "nonexistent", offset: 0, length: 10 } });
    expect(errorCode(missing.message)).toBe("BAD_REQUEST");
    await stillServes(started);
  });
});
