/**
 * A loopback "government portal" for the page API e2e tests, over HTTPS with the test PKI's
 * TLS certificate (policy origins are https only). The portal gives the browser a session
 * cookie (Secure, HttpOnly, SameSite=Strict) and serves documents and takes uploads only with
 * it, so a passing test proves kyso used the page's credentials. A second server on another
 * origin (https://localhost:PORT) plays the foreign site: a document kyso must refuse, a
 * page with no kyso, and a frame that forges page API messages to its parent.
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { PDFDocument, StandardFonts } from "pdf-lib";

export interface UploadedFile {
  fieldName: string;
  fileName: string;
  bytes: Uint8Array;
  session: string | undefined;
}

export interface PageApiPortal {
  /** https://127.0.0.1:PORT, the allowed portal. */
  origin: string;
  /** https://localhost:PORT, a site policy does not name. */
  foreignOrigin: string;
  uploads: UploadedFile[];
  /** Documents served, by path, and whether the session cookie came with the request. */
  documentRequests: Array<{ path: string; withSession: boolean }>;
  close(): Promise<void>;
}

const SESSION_COOKIE = "portal_session";
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

async function testPdf(title: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.TimesRoman);
  for (let page = 0; page < 2; page++) pdf.addPage([595, 842]).drawText(`${title} - page ${page + 1}`, { x: 72, y: 760, size: 14, font });
  return pdf.save({ useObjectStreams: false });
}

function sessionOf(request: IncomingMessage): string | undefined {
  return /(?:^|;\s*)portal_session=([^;]+)/.exec(request.headers.cookie ?? "")?.[1];
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_UPLOAD_BYTES) throw new Error("upload too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const PORTAL_PAGE = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thử nghiệm</title></head>
<body><h1>Văn bản đến</h1><ul><li><a class="doc" href="/docs/cong-van-1.pdf">Công văn 1</a></li></ul>
<div id="frames"></div></body></html>`;

/** Posts forged page API requests to its parent, and records whatever comes back. */
const FORGING_FRAME = `<!doctype html><html><body><script>
window.received = [];
window.addEventListener("message", (event) => window.received.push(event.data));
const forge = () => parent.postMessage({ kyso: 1, type: "kyso.request", id: "forged-" + Date.now(), method: "sign",
  params: { documents: [{ url: "/docs/cong-van-1.pdf" }], profile: "approval" } }, "*");
forge(); setInterval(forge, 300);
</script></body></html>`;

function portalHandler(portal: PageApiPortal, pdfFor: (name: string) => Promise<Uint8Array>) {
  return async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", portal.origin);
    const session = sessionOf(request);
    if (request.method === "GET" && url.pathname === "/portal") {
      response.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "set-cookie": `${SESSION_COOKIE}=${session ?? randomUUID()}; Path=/; Secure; HttpOnly; SameSite=Strict`,
      });
      return void response.end(PORTAL_PAGE);
    }
    const documentPath = /^\/docs\/([\w-]+\.pdf)$/.exec(url.pathname);
    if (request.method === "GET" && documentPath) {
      portal.documentRequests.push({ path: url.pathname, withSession: session !== undefined });
      if (!session) return void response.writeHead(401).end("login required");
      const bytes = await pdfFor(documentPath[1]!);
      response.writeHead(200, { "content-type": "application/pdf", "content-length": bytes.length });
      return void response.end(bytes);
    }
    if (request.method === "POST" && url.pathname === "/upload") {
      if (!session) return void response.writeHead(401).end("login required");
      const raw = await body(request);
      const form = await new Request(url, { method: "POST", headers: { "content-type": request.headers["content-type"] ?? "" }, body: new Uint8Array(raw) }).formData();
      for (const [fieldName, value] of form.entries()) {
        if (typeof value === "string") continue;
        portal.uploads.push({ fieldName, fileName: value.name, bytes: new Uint8Array(await value.arrayBuffer()), session });
      }
      response.writeHead(200, { "content-type": "application/json" });
      return void response.end(JSON.stringify({ stored: portal.uploads.length }));
    }
    response.writeHead(404).end("not found");
  };
}

function foreignHandler(pdfFor: (name: string) => Promise<Uint8Array>) {
  return async (request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? "/";
    if (path === "/forging-frame") return void response.writeHead(200, { "content-type": "text/html" }).end(FORGING_FRAME);
    if (path === "/portal") return void response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PORTAL_PAGE);
    if (path === "/docs/cong-van-1.pdf") return void response.writeHead(200, { "content-type": "application/pdf" }).end(await pdfFor("foreign.pdf"));
    response.writeHead(404).end("not found");
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export async function startPageApiPortal(tls: { certPemFile: string; keyPemFile: string }): Promise<PageApiPortal> {
  const options = { cert: await readFile(tls.certPemFile), key: await readFile(tls.keyPemFile) };
  const pdfs = new Map<string, Promise<Uint8Array>>();
  const pdfFor = (name: string) => {
    if (!pdfs.has(name)) pdfs.set(name, testPdf(name));
    return pdfs.get(name)!;
  };
  const portal: PageApiPortal = { origin: "", foreignOrigin: "", uploads: [], documentRequests: [], close: () => Promise.resolve() };
  const fail = (response: ServerResponse, error: unknown) => {
    if (!response.headersSent) response.writeHead(500);
    response.end(String(error));
  };
  const handle = portalHandler(portal, pdfFor);
  const handleForeign = foreignHandler(pdfFor);
  const main = createServer(options, (request, response) => void handle(request, response).catch((error: unknown) => fail(response, error)));
  const foreign = createServer(options, (request, response) => void handleForeign(request, response).catch((error: unknown) => fail(response, error)));
  portal.origin = `https://127.0.0.1:${await listen(main)}`;
  portal.foreignOrigin = `https://localhost:${await listen(foreign)}`;
  portal.close = async () => {
    for (const server of [main, foreign]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
  return portal;
}
