import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PkiEntity } from "../pki/test-pki.js";
import { startLoopbackHttpServer } from "./loopback-http-server.js";
import { ecdsaP256SignDigest, hashNameOf, opaqueToken, pssParams, rsaPkcs1SignDigest, rsaPssSignDigest } from "./csc-server-signing.js";

/**
 * A Cloud Signature Consortium API v2 (v2.0.0.2) remote signing service on loopback, for the
 * tests: the real JSON protocol (info, oauth2/token with client credentials, auth/login,
 * credentials/list|info|authorize|authorizeCheck|extendTransaction, signatures/signHash in
 * synchronous and asynchronous mode, signatures/signPolling), keys of the test PKI, a PIN per
 * credential, and a phone the test holds: an out-of-band authorisation answers 202 with a
 * handle until the test approves, rejects or lets it expire.
 */

export interface CscTestCredential {
  id: string;
  entity: PkiEntity;
  /** "pin": a Password object; "phone": approval out of band; "pin+phone": both. */
  auth: "pin" | "phone" | "pin+phone";
  pin?: string;
  scal?: "1" | "2";
  multisign?: number;
  /** How this service answers ECDSA: IEEE P1363 r || s, or DER. */
  ecdsaEncoding?: "raw" | "der";
}

export interface CscServerOptions {
  clientId: string;
  clientSecret: string;
  /** Issuing CA + root, PEM: returned with certificates "chain". */
  chainPemFile: string;
  credentials: CscTestCredential[];
  name?: string;
  authType?: Array<"oauth2client" | "basic">;
  asynchronousSigning?: boolean;
  /** How long a pending phone approval lives; then authorizeCheck answers expired. */
  approvalTtlMs?: number;
}

export interface PendingApproval {
  handle: string;
  credentialId: string;
  numSignatures: number;
  hashes: string[];
  description: string;
}

export interface CscTestServer {
  /** The CSC API base URL, `http://127.0.0.1:PORT/csc/v2`. */
  baseUrl: string;
  /** Every method called, in order (oauth2/token included). */
  calls: string[];
  /** The next authorisation waiting on the phone (or one already waiting). */
  nextApproval(): Promise<PendingApproval>;
  approve(handle: string): void;
  reject(handle: string): void;
  expire(handle: string): void;
  close(): Promise<void>;
}

interface Sad {
  credentialId: string;
  remaining: number;
  hashes: Set<string> | undefined;
  expiresAtMs: number;
}

interface Approval extends PendingApproval {
  state: "pending" | "approved" | "rejected" | "expired";
  expiresAtMs: number;
  sad: Sad;
}

class CscFailure extends Error {
  constructor(readonly status: number, readonly error: string, readonly description: string) {
    super(description);
  }
}

const invalid = (description: string) => new CscFailure(400, "invalid_request", description);
const SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
const RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
const RSASSA_PSS = "1.2.840.113549.1.1.10";
const ECDSA_WITH = ["1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4"];
const ECDSA_HASH_OIDS: Readonly<Record<string, string>> = { "1.2.840.10045.4.3.2": "2.16.840.1.101.3.4.2.1", "1.2.840.10045.4.3.3": "2.16.840.1.101.3.4.2.2", "1.2.840.10045.4.3.4": "2.16.840.1.101.3.4.2.3" };
const HASH_LENGTHS: Readonly<Record<string, number>> = { sha256: 32, sha384: 48, sha512: 64 };
const PIN_TRIES = 3;

function pemCertificates(pem: string): string[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/g)].map((m) => m[1]!.replace(/\s+/g, ""));
}

const generalizedTime = (date: string) => new Date(date).toISOString().replace(/[-:T]/g, "").slice(0, 14) + "Z";

export async function startCscServer(options: CscServerOptions): Promise<CscTestServer> {
  const http = await startLoopbackHttpServer();
  const baseUrl = `${http.baseUrl}/csc/v2`;
  const chain = pemCertificates(readFileSync(options.chainPemFile, "utf8"));
  const keys = new Map<string, { credential: CscTestCredential; key: KeyObject; certificate: string; x509: X509Certificate; pinTriesLeft: number }>();
  for (const credential of options.credentials) {
    const der = readFileSync(credential.entity.certDerFile);
    keys.set(credential.id, { credential, key: createPrivateKey(readFileSync(credential.entity.keyPemFile)), certificate: der.toString("base64"), x509: new X509Certificate(der), pinTriesLeft: PIN_TRIES });
  }
  const tokens = new Set<string>();
  const sads = new Map<string, Sad>();
  const approvals = new Map<string, Approval>();
  const asyncResults = new Map<string, { signatures: string[]; polled: number }>();
  const waiters: Array<(approval: PendingApproval) => void> = [];
  const calls: string[] = [];
  const authType = options.authType ?? ["oauth2client"];

  const publicApproval = (a: Approval): PendingApproval => ({ handle: a.handle, credentialId: a.credentialId, numSignatures: a.numSignatures, hashes: a.hashes, description: a.description });

  function credentialOf(id: unknown) {
    const found = typeof id === "string" ? keys.get(id) : undefined;
    if (!found) throw invalid("Invalid parameter credentialID");
    return found;
  }

  function keyAlgos(x509: X509Certificate): string[] {
    return x509.publicKey.asymmetricKeyType === "ec" ? ECDSA_WITH : [RSA_ENCRYPTION, SHA256_WITH_RSA, RSASSA_PSS];
  }

  function credentialInfo(id: string, certificates: unknown) {
    const { credential, certificate, x509 } = credentialOf(id);
    const objects = [
      ...(credential.auth.includes("pin") ? [{ type: "Password", id: "PIN", format: "N", label: "PIN", description: "Mã PIN ký số" }] : []),
      ...(credential.auth.includes("phone") ? [{ type: "ChallengeResponseOOB", id: "PHONE", label: "Xác nhận trên điện thoại" }] : []),
    ];
    return {
      key: { status: "enabled", algo: keyAlgos(x509), len: x509.publicKey.asymmetricKeyDetails?.modulusLength ?? 256, ...(x509.publicKey.asymmetricKeyType === "ec" ? { curve: "1.2.840.10045.3.1.7" } : {}) },
      cert: {
        status: "valid",
        certificates: certificates === "none" ? [] : certificates === "chain" ? [certificate, ...chain] : [certificate],
        issuerDN: x509.issuer.replace(/\n/g, ", "), serialNumber: x509.serialNumber, subjectDN: x509.subject.replace(/\n/g, ", "),
        validFrom: generalizedTime(x509.validFrom), validTo: generalizedTime(x509.validTo),
      },
      auth: { mode: "explicit", expression: objects.map((o) => o.id).join(" AND "), objects },
      SCAL: credential.scal ?? "1",
      multisign: credential.multisign ?? 1,
      lang: "vi",
    };
  }

  function issueSad(credentialId: string, numSignatures: number, hashes: string[] | undefined): { sad: Sad; value: string } {
    const value = opaqueToken();
    const sad = { credentialId, remaining: numSignatures, hashes: hashes ? new Set(hashes) : undefined, expiresAtMs: Date.now() + 300_000 };
    sads.set(value, sad);
    return { sad, value };
  }

  function authorize(body: Record<string, unknown>) {
    const found = credentialOf(body.credentialID);
    const { credential } = found;
    const numSignatures = body.numSignatures;
    if (typeof numSignatures !== "number" || !Number.isInteger(numSignatures)) throw invalid("Missing (or invalid type) integer parameter numSignatures");
    if (numSignatures < 1) throw invalid("Invalid value for parameter numSignatures");
    if (numSignatures > (credential.multisign ?? 1)) throw invalid("Numbers of signatures is too high");
    const hashes = Array.isArray(body.hashes) ? (body.hashes as string[]) : undefined;
    if (credential.scal === "2" && (!hashes || hashes.length === 0 || typeof body.hashAlgorithmOID !== "string")) throw invalid("Missing (or invalid type) array parameter hashes");
    const authData = Array.isArray(body.authData) ? (body.authData as Array<{ id?: string; value?: string }>) : [];
    if (credential.auth.includes("pin")) {
      if (found.pinTriesLeft === 0) throw invalid("Credential locked");
      if (authData.find((a) => a.id === "PIN")?.value !== credential.pin) {
        found.pinTriesLeft -= 1;
        throw new CscFailure(400, "invalid_authentication_data", found.pinTriesLeft === 0 ? "Credential locked" : "The authentication data is invalid");
      }
      found.pinTriesLeft = PIN_TRIES;
    }
    const issued = issueSad(credential.id, numSignatures, credential.scal === "2" ? hashes : undefined);
    if (!credential.auth.includes("phone") || !authData.some((a) => a.id === "PHONE")) {
      if (credential.auth.includes("phone")) throw new CscFailure(400, "invalid_authentication_data", "The authentication data is invalid");
      return { status: 200, body: { SAD: issued.value, expiresIn: 300 } };
    }
    sads.delete(issued.value);
    const approval: Approval = {
      handle: opaqueToken(), credentialId: credential.id, numSignatures, hashes: hashes ?? [], description: typeof body.description === "string" ? body.description : "",
      state: "pending", expiresAtMs: Date.now() + (options.approvalTtlMs ?? 120_000), sad: issued.sad,
    };
    approvals.set(approval.handle, approval);
    waiters.splice(0).forEach((wake) => wake(publicApproval(approval)));
    return { status: 202, body: { handle: approval.handle } };
  }

  function authorizeCheck(body: Record<string, unknown>) {
    const approval = typeof body.handle === "string" ? approvals.get(body.handle) : undefined;
    if (!approval) throw invalid("Invalid parameter handle");
    if (approval.state === "pending" && Date.now() > approval.expiresAtMs) approval.state = "expired";
    switch (approval.state) {
      case "pending":
        return { status: 202, body: { handle: approval.handle } };
      case "rejected":
        throw new CscFailure(400, "access_denied", "The user rejected the authorization");
      case "expired":
        throw new CscFailure(400, "expired_token", "The authorization request expired");
      case "approved": {
        approvals.delete(approval.handle);
        const value = opaqueToken();
        sads.set(value, approval.sad);
        return { status: 200, body: { SAD: value, expiresIn: 300 } };
      }
    }
  }

  function sadOf(body: Record<string, unknown>): Sad {
    const sad = typeof body.SAD === "string" ? sads.get(body.SAD) : undefined;
    if (!sad || sad.credentialId !== body.credentialID) throw invalid("Invalid parameter SAD");
    if (Date.now() > sad.expiresAtMs) throw invalid("SAD expired");
    return sad;
  }

  function extendTransaction(body: Record<string, unknown>) {
    const sad = sadOf(body);
    sads.delete(body.SAD as string);
    for (const hash of (body.hashes as string[] | undefined) ?? []) sad.hashes?.add(hash);
    const value = opaqueToken();
    sads.set(value, sad);
    return { status: 200, body: { SAD: value, expiresIn: 300 } };
  }

  function signOne(found: { key: KeyObject; x509: X509Certificate; credential: CscTestCredential }, body: Record<string, unknown>, hash: Buffer): Buffer {
    const signAlgo = String(body.signAlgo);
    if (!keyAlgos(found.x509).includes(signAlgo)) throw invalid("Invalid parameter signAlgo");
    const hashOid = signAlgo === SHA256_WITH_RSA ? "2.16.840.1.101.3.4.2.1" : (ECDSA_HASH_OIDS[signAlgo] ?? String(body.hashAlgorithmOID));
    const hashName = hashNameOf(hashOid);
    if (hash.length !== HASH_LENGTHS[hashName]) throw invalid("Invalid digest value length");
    if (signAlgo === RSASSA_PSS) {
      if (typeof body.signAlgoParams !== "string") throw invalid("Missing (or invalid type) string parameter signAlgoParams");
      const params = pssParams(body.signAlgoParams);
      return rsaPssSignDigest(found.key, { hashName: params.hashName, saltLength: params.saltLength, digest: hash });
    }
    if (signAlgo === RSA_ENCRYPTION || signAlgo === SHA256_WITH_RSA) return rsaPkcs1SignDigest(found.key, hashName, hash);
    return ecdsaP256SignDigest(found.key, hash, found.credential.ecdsaEncoding ?? "raw");
  }

  function signHash(body: Record<string, unknown>) {
    const found = credentialOf(body.credentialID);
    const sad = sadOf(body);
    const hashes = body.hashes;
    if (!Array.isArray(hashes) || hashes.length === 0) throw invalid("Missing (or invalid type) array parameter hash");
    if (hashes.length > sad.remaining) throw invalid("Numbers of signatures is too high");
    if (sad.hashes && hashes.some((h) => !sad.hashes!.has(h as string))) throw invalid("Hash is not authorized by the SAD");
    const signatures = hashes.map((h) => signOne(found, body, Buffer.from(h as string, "base64")).toString("base64"));
    sad.remaining -= hashes.length;
    if (body.operationMode === "A") {
      const responseID = opaqueToken();
      asyncResults.set(responseID, { signatures, polled: 0 });
      return { status: 200, body: { responseID } };
    }
    return { status: 200, body: { signatures } };
  }

  function signPolling(body: Record<string, unknown>) {
    const result = typeof body.requestID === "string" ? asyncResults.get(body.requestID) : undefined;
    if (!result) throw invalid("Invalid parameter requestID");
    // The first poll finds the HSM still busy, as a real queue would.
    result.polled += 1;
    if (result.polled === 1) return { status: 202, body: { error: "accepted_request", error_description: "The previous async request has been accepted but not yet completed" } };
    return { status: 200, body: { signatures: result.signatures } };
  }

  function info() {
    return {
      specs: "2.0.0.2", name: options.name ?? "Dịch vụ ký số từ xa thử nghiệm", logo: `${http.baseUrl}/logo.png`, region: "VN", lang: "vi",
      description: "CSC API v2 test service", authType, oauth2: `${http.baseUrl}/`,
      asynchronousOperationMode: options.asynchronousSigning === true,
      methods: ["auth/login", "credentials/list", "credentials/info", "credentials/authorize", "credentials/authorizeCheck", "credentials/extendTransaction", "signatures/signHash", ...(options.asynchronousSigning ? ["signatures/signPolling"] : [])],
      signAlgorithms: { algos: [RSA_ENCRYPTION, SHA256_WITH_RSA, RSASSA_PSS, ...ECDSA_WITH] },
      signature_formats: { formats: ["C"], envelope_properties: [["Detached"]] },
      conformance_levels: ["Ades-B-B"],
    };
  }

  function token(raw: Buffer) {
    const form = new URLSearchParams(raw.toString("utf8"));
    if (form.get("grant_type") !== "client_credentials") throw new CscFailure(400, "unsupported_grant_type", "Invalid parameter grant_type");
    if (!authType.includes("oauth2client") || form.get("client_id") !== options.clientId || form.get("client_secret") !== options.clientSecret) {
      throw new CscFailure(401, "invalid_client", "Invalid parameter client_secret");
    }
    const accessToken = opaqueToken();
    tokens.add(accessToken);
    return { status: 200, body: { access_token: accessToken, token_type: "Bearer", expires_in: 3600 } };
  }

  function login(request: IncomingMessage) {
    const expected = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString("base64")}`;
    if (!authType.includes("basic") || request.headers.authorization !== expected) throw new CscFailure(400, "authentication_error", "An error occurred during authentication process");
    const accessToken = opaqueToken();
    tokens.add(accessToken);
    return { status: 200, body: { access_token: accessToken, expires_in: 3600 } };
  }

  const METHODS: Readonly<Record<string, (body: Record<string, unknown>) => { status: number; body: unknown }>> = {
    "credentials/list": (body) => ({ status: 200, body: { credentialIDs: [...keys.keys()], ...(body.credentialInfo === true ? { credentialInfos: [...keys.keys()].map((id) => ({ credentialID: id, ...credentialInfo(id, body.certificates) })) } : {}) } }),
    "credentials/info": (body) => ({ status: 200, body: credentialInfo(String(body.credentialID), body.certificates ?? "single") }),
    "credentials/authorize": authorize,
    "credentials/authorizeCheck": authorizeCheck,
    "credentials/extendTransaction": extendTransaction,
    "signatures/signHash": signHash,
    "signatures/signPolling": signPolling,
  };

  function answer(request: IncomingMessage, raw: Buffer): { status: number; body: unknown } {
    const path = new URL(request.url ?? "/", http.baseUrl).pathname;
    if (request.method !== "POST") return { status: 405, body: {} };
    if (path === "/oauth2/token") {
      calls.push("oauth2/token");
      return token(raw);
    }
    const method = path.startsWith("/csc/v2/") ? path.slice("/csc/v2/".length) : "";
    calls.push(method);
    if (method === "info") return { status: 200, body: info() };
    if (method === "auth/login") return login(request);
    const handler = METHODS[method];
    if (!handler) return { status: 501, body: { error: "invalid_request", error_description: "Not Implemented" } };
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (!bearer || !tokens.has(bearer)) throw new CscFailure(401, "invalid_token", "The access token is not valid");
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      throw invalid("The request is not JSON");
    }
    return handler(body instanceof Object ? (body as Record<string, unknown>) : {});
  }

  http.setHandler((request: IncomingMessage, raw: Buffer, response: ServerResponse) => {
    let result: { status: number; body: unknown };
    try {
      result = answer(request, raw);
    } catch (error) {
      if (!(error instanceof CscFailure)) throw error;
      result = { status: error.status, body: { error: error.error, error_description: error.description } };
    }
    response.writeHead(result.status, { "content-type": "application/json" }).end(JSON.stringify(result.body));
  });

  const settle = (handle: string, state: Approval["state"]) => {
    const approval = approvals.get(handle);
    if (!approval) throw new Error(`no pending approval ${handle}`);
    approval.state = state;
  };
  return {
    baseUrl,
    calls,
    nextApproval: () => {
      const pending = [...approvals.values()].find((a) => a.state === "pending");
      return pending ? Promise.resolve(publicApproval(pending)) : new Promise((resolve) => waiters.push(resolve));
    },
    approve: (handle) => settle(handle, "approved"),
    reject: (handle) => settle(handle, "rejected"),
    expire: (handle) => settle(handle, "expired"),
    close: () => http.close(),
  };
}

export const CSC_TEST_CLIENT = { clientId: "kyso-test-client", clientSecret: "csc-client-secret-test" } as const;
export const CSC_TEST_PIN = "246810";

/** The credentials most tests use: the test PKI's signers, by PIN or on the phone. */
export function cscTestCredentials(entities: Record<"signerRsa2048" | "signerRsa3072" | "signerEcdsaP256", PkiEntity>): CscTestCredential[] {
  return [
    { id: "rsa2048-pin", entity: entities.signerRsa2048, auth: "pin", pin: CSC_TEST_PIN, multisign: 100 },
    { id: "rsa3072-pin", entity: entities.signerRsa3072, auth: "pin", pin: CSC_TEST_PIN, multisign: 100 },
    { id: "ecdsa-raw-pin", entity: entities.signerEcdsaP256, auth: "pin", pin: CSC_TEST_PIN, multisign: 100, ecdsaEncoding: "raw" },
    { id: "ecdsa-der-phone", entity: entities.signerEcdsaP256, auth: "phone", multisign: 100, ecdsaEncoding: "der" },
    { id: "rsa2048-phone-scal2", entity: entities.signerRsa2048, auth: "phone", scal: "2", multisign: 10 },
    { id: "rsa2048-pin-scal2", entity: entities.signerRsa2048, auth: "pin", pin: CSC_TEST_PIN, scal: "2", multisign: 10 },
  ];
}
