import { constants, createPrivateKey, sign as nodeSign, X509Certificate, type KeyObject, type SignKeyObjectInput } from "node:crypto";
import type { SignatureAlgorithm } from "../../shared/cms/algorithms.js";
import { NODE_HASH_NAMES } from "../node-hash-names.js";
import type { CmsSigner } from "../../shared/cms/cms-signer.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import { readPkcs12, type Pkcs12Contents } from "./pkcs12-file.js";
import { chooseSignatureAlgorithm, type SignatureAlgorithmChoice } from "./signature-algorithm-choice.js";
import { signingKeyTypeOf } from "./signing-key-type.js";

/**
 * A CmsSigner over a PKCS#12 file — for development and the demo only (ARCHITECTURE.md,
 * Keys); real users sign with tokens, remote services or PKI SIMs.
 */

export interface Pkcs12SignerOptions {
  p12: Uint8Array;
  /** Used to open the file and then dropped: never logged, never kept. */
  password: string;
  algorithm?: SignatureAlgorithmChoice;
}

/** The certificate of the key: by localKeyId (PKCS #9 §5.5.2) first, then by public key; always confirmed by public key. */
function splitCertificates(contents: Pkcs12Contents, privateKey: KeyObject): { certificateDer: Uint8Array; chainDer: Uint8Array[] } {
  const matchesKey = (der: Uint8Array) => new X509Certificate(der).checkPrivateKey(privateKey);
  const localKeyId = contents.privateKeyLocalKeyId;
  const byLocalKeyId = localKeyId
    ? contents.certificates.find((c) => c.localKeyId !== undefined && Buffer.from(c.localKeyId).equals(localKeyId) && matchesKey(c.der))
    : undefined;
  const signer = byLocalKeyId ?? contents.certificates.find((c) => matchesKey(c.der));
  if (!signer) throw new KysoError("KEY_FILE_INVALID", "the PKCS#12 file has no certificate for its private key");
  return { certificateDer: signer.der, chainDer: contents.certificates.filter((c) => c !== signer).map((c) => c.der) };
}

function signOptions(key: KeyObject, algorithm: SignatureAlgorithm): SignKeyObjectInput {
  switch (algorithm.scheme) {
    case "rsa-pkcs1-v1_5":
      return { key, padding: constants.RSA_PKCS1_PADDING };
    case "rsa-pss":
      return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.saltLength };
    case "ecdsa":
      // CMS wants Ecdsa-Sig-Value (RFC 5753 §7.2), which OpenSSL produces directly.
      return { key, dsaEncoding: "der" };
  }
}

export async function loadPkcs12Signer(options: Pkcs12SignerOptions): Promise<CmsSigner> {
  // The password lives as bytes only while the file is opened, then they are zeroed (the
  // JS string itself cannot be wiped; the caller drops its reference).
  const password = new TextEncoder().encode(options.password);
  let contents: Pkcs12Contents;
  try {
    contents = await readPkcs12({ p12: options.p12, password: password.buffer });
  } finally {
    password.fill(0);
  }

  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: Buffer.from(contents.privateKeyPkcs8Der.buffer, contents.privateKeyPkcs8Der.byteOffset, contents.privateKeyPkcs8Der.byteLength), format: "der", type: "pkcs8" });
  } catch (error) {
    throw new KysoError("KEY_FILE_INVALID", "the private key in the PKCS#12 file cannot be used", { cause: error });
  } finally {
    contents.privateKeyPkcs8Der.fill(0);
  }

  const algorithm = chooseSignatureAlgorithm(signingKeyTypeOf(privateKey), options.algorithm);
  const { certificateDer, chainDer } = splitCertificates(contents, privateKey);
  const hashName = NODE_HASH_NAMES[algorithm.hash];
  const keyOptions = signOptions(privateKey, algorithm);
  return {
    certificateDer,
    chainDer,
    algorithm,
    sign: (toBeSigned) =>
      new Promise((resolve, reject) => {
        // The callback form runs in libuv's thread pool instead of blocking the event loop.
        nodeSign(hashName, toBeSigned, keyOptions, (error, signature) => {
          if (error) reject(new KysoError("INTERNAL_ERROR", "signing with the PKCS#12 key failed", { cause: error }));
          else resolve(new Uint8Array(signature));
        });
      }),
  };
}
