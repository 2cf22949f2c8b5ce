import { appendedByteSource, type ByteSource } from "../../shared/pdf/byte-source.js";
import { extendPdf, type LongTermLevel } from "../../shared/pades/ltv/extend-pdf.js";
import type { PadesLevel, TimestampTransport } from "../../shared/pades/sign-pdf.js";
import { probeTimestampTokenSize } from "../../shared/pades/timestamp-transport.js";
import { concatBytes } from "../../shared/cms/der.js";
import type { KysoSettings } from "../../shared/policy/settings.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import type { SidecarConnection } from "./sidecar-connection.js";
import { sidecarTimestampTransport } from "./sidecar-timestamp.js";
import { SidecarValidationData } from "./sidecar-validation-data.js";

/** What a batch will be signed at, settled before the confirmation window opens. */
export interface SigningLevelPlan {
  level: PadesLevel;
  timestamp?: TimestampTransport;
  longTerm?: { level: LongTermLevel; validationData: SidecarValidationData };
}

/**
 * The PAdES level the policy asks for (signing.level), as far as the TSA allows. The TSA is
 * asked once up front (the token-size probe every batch needs anyway), so that a TSA that is
 * down is known before anyone types a PIN: with signing.requireTimestamp (the default) the
 * request fails with the TSA's error; without it the batch is signed B-B and the page is told
 * so (results[].level). No TSA configured at all means B-B, as before policy named one.
 */
export async function planSigningLevel(options: { settings: KysoSettings; sidecar: SidecarConnection; signal: AbortSignal }): Promise<SigningLevelPlan> {
  const { level, tsaUrl, hash, requireTimestamp } = options.settings.signing;
  if (level === "B-B" || tsaUrl === "") return { level: "B-B" };
  const timestamp = sidecarTimestampTransport({ sidecar: options.sidecar, tsaUrl, signal: options.signal });
  try {
    await probeTimestampTokenSize({ timestamp, hash });
  } catch (error) {
    options.signal.throwIfAborted();
    if (!requireTimestamp) return { level: "B-B" };
    if (error instanceof KysoError) throw error;
    throw new KysoError("TIMESTAMP_UNREACHABLE", `${tsaUrl}: ${String(error)}`, { cause: error });
  }
  if (level === "B-T") return { level, timestamp };
  return { level, timestamp, longTerm: { level, validationData: new SidecarValidationData({ sidecar: options.sidecar, signal: options.signal }) } };
}

/**
 * B-LT / B-LTA after the B-T signature (ETSI EN 319 142-1 §6.3): the DSS with every
 * certificate and OCSP/CRL the document's signatures need (relayed by the sidecar's
 * validation.get / validation.ocsp), then for B-LTA a document timestamp. Returns the bytes to append after
 * `signedUpdate`.
 */
export async function extendToLongTerm(options: { source: ByteSource; signedUpdate: Uint8Array; plan: SigningLevelPlan & { timestamp: TimestampTransport; longTerm: NonNullable<SigningLevelPlan["longTerm"]> }; hash: KysoSettings["signing"]["hash"] }): Promise<Uint8Array> {
  const signed = appendedByteSource(options.source, options.signedUpdate);
  const { validationData, level } = options.plan.longTerm;
  const extended = await extendPdf({ source: signed, level, validationData, timestamp: options.plan.timestamp, hash: options.hash });
  return concatBytes([options.signedUpdate, extended.update]);
}
