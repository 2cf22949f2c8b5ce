import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PAGE_INLINE_DOCUMENT_MAX_BYTES, type ContentFrame, type PortToBackground, type PortToContent } from "../../shared/protocol/page-api.js";
import type { BackgroundLink } from "./background-link.js";
import { bridgePageMessages } from "./page-bridge.js";

/**
 * The content script's side of the page API with the browser's window replaced by one that
 * records what the bridge posts (and to which origin); the background link is replaced by one
 * that records what would go to the background. The real browser runs the same code in
 * test/e2e/page-api.test.ts (including a forged frame from a cross-origin iframe).
 */
interface Posted {
  frame: ContentFrame;
  targetOrigin: string;
}

const PAGE_ORIGIN = "https://vanban.example.gov.vn";
let listener: ((event: { source: unknown; origin: string; data: unknown }) => void) | undefined;
let posted: Posted[];
let sent: PortToBackground[];
let toContent: (message: PortToContent) => void;
const fakeWindow = {
  addEventListener: (type: string, handler: typeof listener) => {
    if (type === "message") listener = handler;
  },
  postMessage: (frame: ContentFrame, targetOrigin: string) => posted.push({ frame, targetOrigin }),
};

beforeEach(() => {
  posted = [];
  sent = [];
  (globalThis as { window?: unknown }).window = fakeWindow;
  const link = { onMessage: (handler: (message: PortToContent) => void) => (toContent = handler), send: (message: PortToBackground) => sent.push(message) };
  bridgePageMessages(link as unknown as BackgroundLink);
});

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

const fromPage = (data: unknown, origin = PAGE_ORIGIN) => listener!({ source: fakeWindow, origin, data });
const request = (id: string, method: string, params?: unknown) => ({ kyso: 1, type: "kyso.request", id, method, ...(params === undefined ? {} : { params }) });

describe("page API bridge in the content script", () => {
  it("ignores messages posted by another window or frame, even well-formed ones", () => {
    listener!({ source: {}, origin: "https://evil.example", data: request("r1", "sign", { documents: [{ url: "/a.pdf" }], profile: "approval" }) });
    listener!({ source: null, origin: PAGE_ORIGIN, data: request("r2", "version") });
    expect(posted).toEqual([]);
    expect(sent).toEqual([]);
  });

  it("ignores the page's other messages without answering", () => {
    for (const data of ["kyso.request", { type: "kyso.request", id: "r1", method: "version" }, { kyso: 1, type: "kyso.ack", id: "r1" }, request("r1", "sign.digest"), null]) fromPage(data);
    expect(posted).toEqual([]);
    expect(sent).toEqual([]);
  });

  it("acknowledges at once, to the page's own origin, and forwards the request to the background", () => {
    fromPage(request("r1", "version"));
    expect(posted).toEqual([{ frame: { kyso: 1, type: "kyso.ack", id: "r1" }, targetOrigin: PAGE_ORIGIN }]);
    expect(sent).toEqual([{ type: "request", id: "r1", method: "version" }]);
  });

  it("sends inline bytes to the background as base64", () => {
    fromPage(request("r1", "sign", { documents: [{ bytes: new TextEncoder().encode("%PDF-1.7"), name: "a.pdf" }], profile: "approval" }));
    expect(sent).toEqual([{ type: "request", id: "r1", method: "sign", params: { documents: [{ bytes: "JVBERi0xLjc=", name: "a.pdf" }], profile: "approval" } }]);
  });

  it("answers a malformed request with BAD_REQUEST and sends nothing on", () => {
    fromPage(request("r1", "sign", { documents: [], profile: "approval" }));
    expect(sent).toEqual([]);
    expect(posted.map(({ frame }) => frame)).toEqual([
      { kyso: 1, type: "kyso.ack", id: "r1" },
      { kyso: 1, type: "kyso.response", id: "r1", ok: false, error: { code: "BAD_REQUEST", message: expect.stringContaining("documents") as string } },
    ]);
  });

  it("refuses an inline document over the size cap before copying it anywhere", () => {
    fromPage(request("r1", "sign", { documents: [{ bytes: new Uint8Array(PAGE_INLINE_DOCUMENT_MAX_BYTES + 1), name: "big.pdf" }], profile: "approval" }));
    expect(sent).toEqual([]);
    expect(posted.at(-1)?.frame).toMatchObject({ type: "kyso.response", id: "r1", ok: false, error: { code: "MESSAGE_TOO_LARGE" } });
  });

  it("refuses a second request with the id of one still in flight", () => {
    fromPage(request("r1", "version"));
    fromPage(request("r1", "version"));
    expect(sent).toHaveLength(1);
    expect(posted.at(-1)?.frame).toMatchObject({ type: "kyso.response", id: "r1", ok: false, error: { code: "BAD_REQUEST", message: "duplicate request id" } });
  });

  it("passes progress and the answer back to the origin that asked, signed bytes as Uint8Array, once", () => {
    fromPage(request("r1", "sign", { documents: [{ url: "/a.pdf" }], profile: "approval" }));
    posted = [];
    toContent({ type: "progress", id: "r1", done: 0, total: 1, stage: "signing" });
    toContent({ type: "response", id: "r1", ok: true, result: { results: [{ name: "a.pdf", ok: true, signed: "JVBERi0xLjc=" }] } });
    toContent({ type: "response", id: "r1", ok: true, result: { results: [] } });
    expect(posted.map(({ targetOrigin }) => targetOrigin)).toEqual([PAGE_ORIGIN, PAGE_ORIGIN]);
    expect(posted[0]?.frame).toEqual({ kyso: 1, type: "kyso.progress", id: "r1", done: 0, total: 1, stage: "signing" });
    const answer = posted[1]?.frame as { result: { results: Array<{ signed: Uint8Array }> } };
    expect(answer.result.results[0]?.signed).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(answer.result.results[0]?.signed)).toBe("%PDF-1.7");
  });

  it("says nothing to the page about requests it did not make", () => {
    toContent({ type: "progress", id: "kyso-content-1", done: 0, total: 1, stage: "signing" });
    toContent({ type: "response", id: "kyso-content-1", ok: false, error: { code: "CANCELLED", message: "" } });
    expect(posted).toEqual([]);
  });
});
