import { createServer, type Server } from "node:net";

/**
 * Asks the kernel for `count` distinct free TCP ports on 127.0.0.1.
 *
 * All probe sockets stay open until every port is known: closing each one before
 * opening the next may hand out the same port twice.  The ports are free only at
 * this moment (another process may take one before a daemon binds it); for a
 * test suite on one machine that race is acceptable.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      servers.push(server);
      ports.push(await listenOnRandomPort(server));
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => closeServer(server)));
  }
}

function listenOnRandomPort(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        reject(new Error("listen(0) did not yield a TCP address"));
        return;
      }
      resolve(address.port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
  });
}
