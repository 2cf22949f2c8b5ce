import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KysoError } from "../../shared/protocol/kyso-error.js";
import { PAGE_UPLOAD_RESPONSE_MAX_BYTES } from "../../shared/protocol/page-api.js";
import { startLoopbackHttpServer, type LoopbackHttpServer } from "../../test/services/loopback-http-server.js";
import { fetchPortalDocument, uploadSignedDocument } from "./portal-http.js";

/**
 * The background's HTTP to the portal, against a real loopback server: a URL checked by
 * url-rules.ts must not be able to lead elsewhere by a redirect, and no answer may make the
 * extension hold more than its cap.
 */
let portal: LoopbackHttpServer;
let elsewhere: LoopbackHttpServer;
const elsewhereHits: string[] = [];

beforeAll(async () => {
  [portal, elsewhere] = await Promise.all([startLoopbackHttpServer(), startLoopbackHttpServer()]);
  elsewhere.setHandler((request, _body, response) => {
    elsewhereHits.push(request.url ?? "");
    response.end("%PDF-1.7 secret");
  });
  portal.setHandler((request, _body, response) => {
    if (request.url === "/document.pdf") return void response.end("%PDF-1.7 portal");
    if (request.url === "/moved.pdf" || request.url === "/upload-moved") return void response.writeHead(302, { location: `${elsewhere.baseUrl}/internal` }).end();
    if (request.url === "/huge.pdf") {
      // Claims 300 MB and sends nothing: refused on the header, before any read.
      response.writeHead(200, { "content-length": String(300 * 1024 * 1024) });
      response.flushHeaders();
      return;
    }
    if (request.url === "/chatty-upload") {
      // No Content-Length (chunked): the cap must hold while reading.
      response.writeHead(200, { "content-type": "text/plain" });
      response.end("x".repeat(PAGE_UPLOAD_RESPONSE_MAX_BYTES + 1));
      return;
    }
    if (request.url === "/upload") return void response.writeHead(201).end(`received ${request.headers["content-type"]?.split(";")[0]}`);
    response.writeHead(404).end();
  });
});

afterAll(async () => {
  await Promise.all([portal.close(), elsewhere.close()]);
});

const codeOf = (promise: Promise<unknown>) => promise.then(() => "resolved", (error: unknown) => (error as KysoError).code);
const signal = () => new AbortController().signal;
const upload = (path: string) => uploadSignedDocument({ url: new URL(`${portal.baseUrl}${path}`), target: { url: path }, signed: new Blob(["%PDF-1.7 signed"]), fileName: "a.pdf", signal: signal() });

describe("portal HTTP from the background", () => {
  it("fetches the document into a Blob", async () => {
    expect(await (await fetchPortalDocument(new URL(`${portal.baseUrl}/document.pdf`), signal())).text()).toBe("%PDF-1.7 portal");
  });

  it("refuses a document redirect without following it", async () => {
    expect(await codeOf(fetchPortalDocument(new URL(`${portal.baseUrl}/moved.pdf`), signal()))).toBe("DOCUMENT_FETCH_FAILED");
    expect(elsewhereHits).toEqual([]);
  });

  it("refuses an upload redirect without sending the file on", async () => {
    expect(await codeOf(upload("/upload-moved"))).toBe("UPLOAD_FAILED");
    expect(elsewhereHits).toEqual([]);
  });

  it("refuses a document whose declared size is over the cap, and an HTTP error status", async () => {
    expect(await codeOf(fetchPortalDocument(new URL(`${portal.baseUrl}/huge.pdf`), signal()))).toBe("MESSAGE_TOO_LARGE");
    expect(await codeOf(fetchPortalDocument(new URL(`${portal.baseUrl}/missing.pdf`), signal()))).toBe("DOCUMENT_FETCH_FAILED");
  });

  it("uploads as multipart/form-data and keeps the portal's answer, refusing an answer over 1 MiB", async () => {
    expect(await upload("/upload")).toEqual({ status: 201, body: "received multipart/form-data" });
    expect(await codeOf(upload("/chatty-upload"))).toBe("MESSAGE_TOO_LARGE");
  });
});
