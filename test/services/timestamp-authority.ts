import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TestPki } from "../pki/test-pki.js";
import type { RequestHandler } from "./loopback-http-server.js";
import { answerWithOpenssl } from "./openssl-request-responder.js";

/** Policy OID the test TSA stamps with (a private arc; not a real TSA policy). */
export const TEST_TSA_POLICY_OID = "1.3.6.1.4.1.99999.2.1";

/**
 * RFC 3161 time-stamp authority over HTTP (§3.4): POST `application/timestamp-query`,
 * answer `application/timestamp-reply`, produced by `openssl ts -reply` with the test TSA
 * certificate (critical EKU timeStamping) and ESSCertIDv2 (SHA-256) as RFC 5816 wants.
 */
export async function timestampAuthorityHandler(pki: TestPki, stateDir: string): Promise<RequestHandler> {
  const tsa = pki.entities.timestampAuthority;
  const configFile = join(stateDir, "tsa.cnf");
  await writeFile(join(stateDir, "tsa-serial"), "01\n");
  await writeFile(
    configFile,
    `[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = ${stateDir}
serial = $dir/tsa-serial
crypto_device = builtin
signer_cert = ${tsa.certPemFile}
signer_key = ${tsa.keyPemFile}
certs = ${pki.chainPemFile}
signer_digest = sha256
default_policy = ${TEST_TSA_POLICY_OID}
digests = sha256, sha384, sha512
accuracy = secs:1
clock_precision_digits = 0
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`,
  );
  // `openssl ts` bumps one serial file: answer one request at a time.
  let queue: Promise<unknown> = Promise.resolve();
  return async (request, body, response) => {
    if (request.method !== "POST" || request.headers["content-type"] !== "application/timestamp-query") {
      response.writeHead(415).end();
      return;
    }
    const answer = queue.then(() =>
      answerWithOpenssl(body, (requestFile, responseFile) => ["ts", "-reply", "-config", configFile, "-queryfile", requestFile, "-out", responseFile]),
    );
    queue = answer.catch(() => undefined);
    const reply = await answer;
    response.writeHead(200, { "content-type": "application/timestamp-reply", "content-length": reply.length }).end(reply);
  };
}
