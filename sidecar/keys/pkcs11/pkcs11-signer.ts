import { X509Certificate } from "node:crypto";
import type { CmsSigner } from "../../../shared/cms/cms-signer.js";
import type { ErrorCode } from "../../../shared/protocol/error-codes.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { chooseSignatureAlgorithm, type SignatureAlgorithmChoice } from "../signature-algorithm-choice.js";
import { signingKeyTypeOf } from "../signing-key-type.js";
import { TOKEN_PIN_FLAGS } from "./pkcs11-errors.js";
import type { Pkcs11Uri } from "./pkcs11-uri.js";
import { planSigning, signatureValue, tokenInput } from "./signing-mechanism.js";
import { DEFAULT_CALL_TIMEOUT_MS, TokenWorker } from "./token-worker-client.js";
import type { OpenedKey, TokenStats } from "./token-worker-protocol.js";

/** CK_TOKEN_INFO.flags (PKCS#11 v2.40 §3.2). */
const CKF_LOGIN_REQUIRED = 0x4;
const CKF_PROTECTED_AUTHENTICATION_PATH = 0x100;

/** A person typing on a PIN pad gets longer than a token computing a signature. */
const PIN_PAD_TIMEOUT_MS = 120_000;

/** After one of these, no later document of the batch can be signed with this login. */
const BATCH_ENDING_CODES: ReadonlySet<ErrorCode> = new Set(["TOKEN_REMOVED", "PIN_LOCKED", "PIN_REQUIRED", "TIMEOUT", "CANCELLED", "INTERNAL_ERROR"]);

export interface Pkcs11SignerOptions {
  uri: Pkcs11Uri;
  /** The module to load when the URI has no module-path. */
  modulePath?: string;
  /**
   * The user PIN as bytes in a buffer of their own; it is moved to the token's worker and
   * zeroed after C_Login. Absent: the token's PIN pad, or PIN_REQUIRED.
   */
  pin?: Uint8Array;
  algorithm?: SignatureAlgorithmChoice;
  timeoutMs?: number;
  /** Cancels the batch: the call in progress and every later one end with CANCELLED. */
  signal?: AbortSignal;
}

/** A CmsSigner holding one token login for a batch; close() logs out. */
export interface Pkcs11Signer extends CmsSigner {
  tokenLabel: string;
  close(): Promise<void>;
  /** Calls the module's worker has made: C_Login count, C_Sign count, time inside C_Sign. */
  stats(): Promise<TokenStats>;
  /** Time this signer's signatures spent inside the token, milliseconds. */
  tokenMs(): number;
}

/** Zeroes PIN bytes still held here (a transferred buffer is already detached and empty). */
function zero(pin: Uint8Array | undefined): void {
  if (pin && pin.byteLength > 0) pin.fill(0);
}

/** Issuer certificates from the token, nearest first (RFC 5652 §5.1: the set needs no order). */
export function chainFrom(certificateDer: Uint8Array, othersDer: Uint8Array[]): Uint8Array[] {
  const others = othersDer.map((der) => ({ der, certificate: new X509Certificate(der) }));
  const chain: Uint8Array[] = [];
  let current = new X509Certificate(certificateDer);
  for (;;) {
    const issuer = others.find((o) => !chain.includes(o.der) && o.certificate.subject === current.issuer && current.checkIssued(o.certificate) && o.certificate.subject !== current.subject);
    if (!issuer) return chain;
    chain.push(issuer.der);
    current = issuer.certificate;
  }
}

async function logIn(options: { worker: TokenWorker; opened: OpenedKey; pin: Uint8Array | undefined; signal?: AbortSignal; timeoutMs: number }): Promise<void> {
  const { worker, opened, pin } = options;
  const signal = options.signal ? { signal: options.signal } : {};
  if ((opened.tokenFlags & CKF_LOGIN_REQUIRED) === 0) {
    await worker.call({ op: "login", sessionId: opened.sessionId, mode: "none" }, { timeoutMs: options.timeoutMs, ...signal });
    return;
  }
  if (opened.tokenFlags & TOKEN_PIN_FLAGS.CKF_USER_PIN_LOCKED) {
    // Trying would not unlock it and some tokens count the attempt against the SO PIN.
    throw new KysoError("PIN_LOCKED", `token ${opened.tokenLabel} reports CKF_USER_PIN_LOCKED`);
  }
  const pinPad = (opened.tokenFlags & CKF_PROTECTED_AUTHENTICATION_PATH) !== 0;
  if (!pin && !pinPad) {
    throw new KysoError("PIN_REQUIRED", `token ${opened.tokenLabel} needs its PIN (--pin-env NAME or --pin-stdin)`);
  }
  await worker.call(
    pin ? { op: "login", sessionId: opened.sessionId, mode: "pin", pin } : { op: "login", sessionId: opened.sessionId, mode: "pin-pad" },
    { timeoutMs: pin ? options.timeoutMs : Math.max(options.timeoutMs, PIN_PAD_TIMEOUT_MS), ...signal },
  );
}

/**
 * Opens the key a `pkcs11:` URI selects and logs in once for the whole batch. Each
 * sign() hashes on the host or on the token as the token's mechanism list allows
 * (signing-mechanism.ts) and runs in the module's worker thread with a time-out.
 */
export async function loadPkcs11Signer(options: Pkcs11SignerOptions): Promise<Pkcs11Signer> {
  const modulePath = options.uri.modulePath ?? options.modulePath;
  if (!modulePath) throw new KysoError("CLI_USAGE", "the pkcs11: URI needs ?module-path=/path/to/pkcs11-module");
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const callOptions = { timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
  let pin = options.pin;
  const worker = await TokenWorker.acquire(modulePath, callOptions).catch((error: unknown) => {
    zero(pin);
    throw error;
  });
  let opened: OpenedKey | undefined;
  const close = async () => {
    if (opened) await worker.call({ op: "closeKey", sessionId: opened.sessionId }, { timeoutMs }).catch(() => undefined);
    opened = undefined;
    await worker.release();
  };
  try {
    const { uri } = options;
    opened = await worker.call({
      op: "openKey",
      selector: {
        ...(uri.token === undefined ? {} : { token: uri.token }), ...(uri.manufacturer === undefined ? {} : { manufacturer: uri.manufacturer }),
        ...(uri.serial === undefined ? {} : { serial: uri.serial }), ...(uri.model === undefined ? {} : { model: uri.model }),
        ...(uri.slotId === undefined ? {} : { slotId: uri.slotId }), ...(uri.object === undefined ? {} : { object: uri.object }),
        ...(uri.id === undefined ? {} : { id: uri.id }), namesPrivateKey: uri.type === "private",
      },
    }, callOptions);
    const certificate = new X509Certificate(opened.certificateDer);
    const algorithm = chooseSignatureAlgorithm(signingKeyTypeOf(certificate.publicKey), options.algorithm);
    const plan = planSigning(algorithm, opened.mechanisms);
    await logIn({ worker, opened, pin, timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
    pin = undefined;
    const sessionId = opened.sessionId;
    let batchError: KysoError | undefined;
    let tokenMs = 0;
    return {
      certificateDer: opened.certificateDer,
      chainDer: chainFrom(opened.certificateDer, opened.otherCertificatesDer),
      algorithm,
      tokenLabel: opened.tokenLabel,
      async sign(toBeSigned) {
        if (batchError) throw batchError;
        try {
          const data = tokenInput(plan, { toBeSigned, hash: algorithm.hash });
          const result = await worker.call({ op: "sign", sessionId, mechanism: plan.mechanism, data }, callOptions);
          tokenMs += result.tokenMs;
          return signatureValue(plan, result.signature);
        } catch (error) {
          if (error instanceof KysoError && BATCH_ENDING_CODES.has(error.code)) batchError = error;
          throw error;
        }
      },
      close,
      stats: () => worker.call({ op: "stats" }, { timeoutMs }),
      tokenMs: () => tokenMs,
    };
  } catch (error) {
    zero(pin);
    await close();
    throw error;
  }
}
