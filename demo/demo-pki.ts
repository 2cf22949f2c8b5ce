import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateTestPki, type TestPki } from "../test/pki/test-pki.js";
import { startLoopbackHttpServer, type LoopbackHttpServer } from "../test/services/loopback-http-server.js";
import { ocspResponderHandler } from "../test/services/ocsp-responder.js";
import { pkiRepositoryHandler } from "../test/services/pki-repository.js";
import { timestampAuthorityHandler } from "../test/services/timestamp-authority.js";

/**
 * The demo's PKI — the test PKI of test/pki (root → issuing CA → signers with Vietnamese
 * names, the organisation's seal, an OCSP responder, a TSA, a TLS certificate), made with the
 * system's openssl on this machine: no private key is ever shipped. Its certificates name
 * the OCSP responder's and CA repository's loopback URLs, ports included, so the PKI is kept
 * in the state directory with its ports and reused on the next run; generating it again
 * (~20 s) happens only the first time or when one of those ports is taken.
 */
export interface DemoPki {
  pki: TestPki;
  ocspUrl: string;
  tsaUrl: string;
  /** True when this run generated the PKI (false: reused from the state directory). */
  generated: boolean;
  close(): Promise<void>;
}

interface SavedPorts {
  repository: number;
  ocsp: number;
  tsa: number;
}

async function listenAll(ports?: SavedPorts): Promise<LoopbackHttpServer[] | undefined> {
  const started = await Promise.allSettled(
    [ports?.repository, ports?.ocsp, ports?.tsa].map((port) => startLoopbackHttpServer(port === undefined ? {} : { port })),
  );
  const servers = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  if (servers.length === started.length) return servers;
  await Promise.all(servers.map((server) => server.close()));
  return undefined;
}

async function savedPki(dir: string): Promise<{ pki: TestPki; ports: SavedPorts } | undefined> {
  const pkiFile = join(dir, "pki.json");
  const portsFile = join(dir, "ports.json");
  if (!existsSync(pkiFile) || !existsSync(portsFile)) return undefined;
  return { pki: JSON.parse(await readFile(pkiFile, "utf8")) as TestPki, ports: JSON.parse(await readFile(portsFile, "utf8")) as SavedPorts };
}

export async function startDemoPki(stateDir: string): Promise<DemoPki> {
  const dir = join(stateDir, "pki");
  const saved = await savedPki(dir);
  const reused = saved ? await listenAll(saved.ports) : undefined;
  const servers = reused ?? (await listenAll());
  if (!servers) throw new Error("no free loopback ports for the OCSP responder, CA repository and TSA");
  const [repository, ocsp, tsa] = servers as [LoopbackHttpServer, LoopbackHttpServer, LoopbackHttpServer];
  let pki = saved?.pki;
  if (!reused || !pki) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    pki = await generateTestPki(dir, { repositoryBaseUrl: repository.baseUrl, ocspUrl: `${ocsp.baseUrl}/ocsp` });
    const ports: SavedPorts = { repository: repository.port, ocsp: ocsp.port, tsa: tsa.port };
    await writeFile(join(dir, "ports.json"), JSON.stringify(ports));
  }
  const tsaDir = join(stateDir, "tsa");
  await mkdir(tsaDir, { recursive: true });
  repository.setHandler(pkiRepositoryHandler(pki));
  ocsp.setHandler(ocspResponderHandler(pki));
  tsa.setHandler(await timestampAuthorityHandler(pki, tsaDir));
  return {
    pki,
    ocspUrl: `${ocsp.baseUrl}/ocsp`,
    tsaUrl: `${tsa.baseUrl}/tsa`,
    generated: reused === undefined,
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}
