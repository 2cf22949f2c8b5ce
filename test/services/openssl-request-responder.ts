import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runOpenssl } from "../pki/openssl-command.js";

/**
 * Runs one `openssl` request→response command on files in a scratch directory. The OCSP
 * responder and the TSA are OpenSSL's own implementations driven this way, one process per
 * request: the HTTP side binds to loopback only (OpenSSL 3.0's `ocsp -port` binds every
 * interface) and the CA's index.txt is re-read on every request, so a certificate revoked
 * during a test is reported revoked at once.
 */
export async function answerWithOpenssl(requestDer: Uint8Array, buildArgs: (requestFile: string, responseFile: string) => string[]): Promise<Buffer> {
  const scratch = await mkdtemp(join(tmpdir(), "kyso-openssl-"));
  try {
    const requestFile = join(scratch, "request.der");
    const responseFile = join(scratch, "response.der");
    await writeFile(requestFile, requestDer);
    await runOpenssl(buildArgs(requestFile, responseFile));
    return await readFile(responseFile);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
