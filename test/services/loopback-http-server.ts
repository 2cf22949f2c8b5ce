import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type RequestHandler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => Promise<void> | void;

export interface LoopbackHttpServer {
  port: number;
  /** `http://127.0.0.1:PORT` without a trailing slash. */
  baseUrl: string;
  /** Until a handler is set the server answers 503, like a service still starting. */
  setHandler: (handler: RequestHandler) => void;
  close: () => Promise<void>;
}

/** Largest request body a test service accepts (OCSP and TSA requests are a few hundred bytes). */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * An HTTP server bound to 127.0.0.1 only, on a free port picked by the kernel. Every test
 * service that speaks HTTP (CA repository, OCSP responder, TSA) sits on one of these, so the
 * port is known before the test PKI, whose certificates name these URLs, is generated.
 * `port` asks for a given port instead (the demo reuses a PKI whose certificates name it);
 * the promise rejects with EADDRINUSE when it is taken.
 */
export async function startLoopbackHttpServer(options: { port?: number } = {}): Promise<LoopbackHttpServer> {
  let handler: RequestHandler | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        response.writeHead(413).end();
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      if (!handler) {
        response.writeHead(503).end();
        return;
      }
      Promise.resolve(handler(request, Buffer.concat(chunks), response)).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
        response.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    setHandler(next) {
      handler = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
