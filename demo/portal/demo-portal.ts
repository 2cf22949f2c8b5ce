import { mkdtemp, rm } from "node:fs/promises";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validationDataHttpTransport } from "../../sidecar/network/validation-data-http-transport.js";
import { bundlePageScripts } from "./page-scripts/bundle-page-scripts.js";
import { handlePortalRequest, type PortalState } from "./portal-routes.js";
import { DEMO_ACCOUNTS, SESSION_COOKIE, SessionStore } from "./portal-session.js";
import { buildSampleDocuments, type PortalDocument } from "./sample-documents.js";
import { SignedFileArchive, type PortalUpload } from "./signed-file-archive.js";

export interface DemoPortalOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Where signed uploads are written; a temporary directory, removed on close, when absent. */
  dataDir?: string;
  /** Serve HTTPS (kyso's policy allows https:// portals only). */
  tls?: { certPem: string; keyPem: string };
  /** Multipart field of the window.kyso upload URL (the legacy handler always reads "uploadfile"). */
  uploadFieldName?: string;
  maxUploadBytes?: number;
  /** Roots the server-side verifier trusts (PEM). */
  trustAnchorsPem?: string[];
  /** Check revocation online (OCSP/CRL from the certificates), else only embedded data. */
  onlineRevocation?: boolean;
  /** Extra one-page documents for batch signing. */
  batchDocuments?: number;
}

export interface DemoPortal {
  /** Base URL without a trailing slash, e.g. https://127.0.0.1:43123. */
  url: string;
  documents: ReadonlyArray<Omit<PortalDocument, "bytes"> & { bytes?: undefined }>;
  /** Signed files accepted so far, oldest first, with their server-side verification. */
  uploads(): PortalUpload[];
  /** Signs in a demo account over HTTP and returns the Cookie header value (for tests and scripts). */
  login(account?: keyof typeof DEMO_ACCOUNTS): Promise<string>;
  close(): Promise<void>;
}

const DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/**
 * The demo "government portal" (issue 7, reused by the demo of issue 10): outgoing and
 * incoming documents, document pages with a PDF, buttons calling window.kyso.sign and the
 * legacy vgca_* calls, a page with the old CA plugin's WebSocket script, and upload handlers
 * that store signed files and verify them with the shared verifier. Session cookie auth.
 */
export async function startDemoPortal(options: DemoPortalOptions = {}): Promise<DemoPortal> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "kyso-portal-")));
  const documents = await buildSampleDocuments(options.batchDocuments ?? 10);
  const archive = new SignedFileArchive({
    directory: join(dataDir, "tep-da-ky"),
    trustAnchorsPem: options.trustAnchorsPem ?? [],
    ...(options.onlineRevocation ? { transport: validationDataHttpTransport() } : {}),
  });
  const state: PortalState = {
    documents,
    pageScripts: await bundlePageScripts(),
    sessions: new SessionStore(),
    archive,
    uploadFieldName: options.uploadFieldName ?? "file",
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    secureCookies: options.tls !== undefined,
  };
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    handlePortalRequest(request, response, state).catch((error: unknown) => {
      console.error("demo portal:", error);
      if (!response.headersSent) response.writeHead(500, { "content-type": "application/json; charset=utf-8" });
      response.end(JSON.stringify({ code: "INTERNAL_ERROR", message: "Lỗi máy chủ cổng thử nghiệm." }));
    });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.certPem, key: options.tls.keyPem }, handler) : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  const url = `${options.tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url,
    documents: documents.map((document) => ({ ...document, bytes: undefined })),
    uploads: () => archive.list(),
    async login(account = "vanthu") {
      const session = state.sessions.login(account, DEMO_ACCOUNTS[account]!.password)!;
      return Promise.resolve(`${SESSION_COOKIE}=${session.id}`);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
