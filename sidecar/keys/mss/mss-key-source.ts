import type { SignatureAlgorithm } from "../../../shared/cms/algorithms.js";
import { bytesEqual } from "../../../shared/cms/der.js";
import { errorCodeOf, KysoError } from "../../../shared/protocol/kyso-error.js";
import type { KeyListing, KeySource, OpenedKey, OpenKeyOptions } from "../key-source.js";
import { dataToBeDisplayed, newTransactionCode } from "./display-text.js";
import { environmentWithMssSettings, isMssConfigured, mssConfigFromEnv, type MssConfig } from "./mss-config.js";
import { dataToBeSignedFor, signatureFormOf, signatureValueFromMssp } from "./mss-signature-value.js";
import { runMssTransaction } from "./mss-transaction.js";
import { parseMssUri } from "./mss-uri.js";
import { describeSubscriber, listSubscribers, readSubscriberCertificates, type SubscriberCertificates } from "./subscriber-certificates.js";

/**
 * PKI SIM signing through the operator's MSSP (ETSI TS 102 204), behind the one KeySource
 * interface. Every signature is one request to the phone: the SIM signs one digest per
 * MSS_Signature and TS 102 204 has no batch, so a batch of N documents asks N times, each
 * prompt naming its document and showing the code the awaiting-approval event carries.
 */

/** The phone's DataToBeDisplayed names the document; without a name for these bytes the prompt says "văn bản i/n". */
function documentNameFor(options: OpenKeyOptions, toBeSigned: Uint8Array): string | undefined {
  const index = options.toBeSigned?.findIndex((candidate) => bytesEqual(candidate, toBeSigned)) ?? -1;
  return index >= 0 ? options.documentNames?.[index] : undefined;
}

/** TS 102 204's PKCS#1 result is an RSASSA-PKCS1-v1_5 signature; the hash is kyso's choice, carried in the DigestInfo. */
function algorithmFor(options: OpenKeyOptions): SignatureAlgorithm {
  const scheme = options.algorithm?.scheme;
  if (scheme !== undefined && scheme !== "rsa-pkcs1-v1_5") throw new KysoError("KEY_UNSUPPORTED", `a PKI SIM signs with RSA PKCS#1 v1.5, not ${scheme}`);
  return { scheme: "rsa-pkcs1-v1_5", hash: options.algorithm?.hash ?? options.hash ?? "SHA-256" };
}

function openedKey(config: MssConfig, subscriber: SubscriberCertificates, options: OpenKeyOptions): OpenedKey {
  const algorithm = algorithmFor(options);
  const form = signatureFormOf(config.formatUri);
  let signed = 0;
  let closed = false;
  // The SIM answers one request at a time (a second one gets PB_SIGNATURE_PROCESS), so sign() calls queue.
  let queue: Promise<unknown> = Promise.resolve();
  const signOne = async (toBeSigned: Uint8Array): Promise<Uint8Array> => {
    if (closed) throw new KysoError("INTERNAL_ERROR", "the PKI SIM key was used after close()");
    signed += 1;
    const code = newTransactionCode();
    const documentName = documentNameFor(options, toBeSigned);
    const returned = await runMssTransaction({
      config,
      msisdn: subscriber.msisdn,
      dataToBeSigned: dataToBeSignedFor(form, { hash: algorithm.hash, toBeSigned }),
      dataToBeDisplayed: dataToBeDisplayed({ code, position: { index: signed, count: Math.max(options.count, signed) }, ...(documentName === undefined ? {} : { documentName }) }),
      code,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    return signatureValueFromMssp({ form, returned, toBeSigned, hash: algorithm.hash, certificate: subscriber.certificate });
  };
  return {
    certificateDer: subscriber.certificateDer,
    chainDer: subscriber.chainDer,
    algorithm,
    sign(toBeSigned) {
      const result = queue.then(() => signOne(toBeSigned));
      queue = result.catch(() => undefined);
      return result;
    },
    close() {
      // Nothing is held between requests: no session, no login; the SIM PIN never passes through kyso.
      closed = true;
      return Promise.resolve();
    },
  };
}

/** `mss:+84…` → a key for the batch; the certificate comes from KYSO_MSS_CERTIFICATE_DIR (subscriber-certificates.ts). */
export async function openMssKey(certificateId: string, options: OpenKeyOptions): Promise<OpenedKey> {
  // The PIN is typed on the phone, never given to kyso: a secret handed in is wiped and not used.
  options.secret?.fill(0);
  const { msisdn } = parseMssUri(certificateId);
  const config = mssConfigFromEnv(environmentWithMssSettings(options.env, options.settings?.mss));
  if (!config.certificateDir) throw new KysoError("KEY_NOT_FOUND", `no certificate for ${msisdn}: set KYSO_MSS_CERTIFICATE_DIR to the folder of <MSISDN>.pem files`);
  if (options.signal?.aborted) throw new KysoError("CANCELLED", "PKI SIM signing cancelled");
  return openedKey(config, await readSubscriberCertificates(config.certificateDir, msisdn), options);
}

async function listMssCertificates(env: NodeJS.ProcessEnv): Promise<KeyListing> {
  if (!isMssConfigured(env)) return { certificates: [], unavailable: [] };
  let config: MssConfig;
  try {
    config = mssConfigFromEnv(env);
  } catch (error) {
    return { certificates: [], unavailable: [{ source: "mss", code: errorCodeOf(error) }] };
  }
  const dir = config.certificateDir;
  if (!dir) return { certificates: [], unavailable: [{ source: "mss", code: "KEY_NOT_FOUND" }] };
  let msisdns: string[];
  try {
    msisdns = await listSubscribers(dir);
  } catch {
    return { certificates: [], unavailable: [{ source: `mss:${dir}`, code: "FILE_NOT_FOUND" }] };
  }
  const listing: KeyListing = { certificates: [], unavailable: [] };
  for (const msisdn of msisdns) {
    try {
      listing.certificates.push(describeSubscriber(await readSubscriberCertificates(dir, msisdn)));
    } catch (error) {
      listing.unavailable.push({ source: `mss:${msisdn}`, code: errorCodeOf(error) });
    }
  }
  return listing;
}

export const mssKeySource: KeySource = {
  scheme: "mss",
  list: ({ env, settings }) => listMssCertificates(environmentWithMssSettings(env, settings?.mss)),
  open: openMssKey,
};
