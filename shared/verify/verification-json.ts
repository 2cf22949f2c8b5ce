import type { DocumentVerification, SignatureVerification } from "./verification-result.js";

/** One signature as `kyso verify --json` prints it: the summary keys first, then every fact. */
export type SignatureJson = SignatureVerification & {
  coverage: SignatureVerification["integrity"]["coverage"];
  modificationsAfter: SignatureVerification["modifications"]["after"];
  signingTime?: string;
  timestampTime?: string;
};

export interface DocumentJson {
  file?: string;
  indication: DocumentVerification["indication"];
  signatures: SignatureJson[];
}

/**
 * The JSON report for programs (issue 5: `{ indication, signatures: [{ field, signer,
 * indication, subIndication, coverage, modificationsAfter, signingTime, timestampTime, level }] }`),
 * keeping the per-fact fields of the verification beside the summary keys. `signingTime` is what
 * the signer claimed; `timestampTime` is a verified timestamp's.
 */
export function verificationJson(result: DocumentVerification, options: { file?: string } = {}): DocumentJson {
  return {
    ...(options.file !== undefined ? { file: options.file } : {}),
    indication: result.indication,
    signatures: result.signatures.map((signature) => ({
      field: signature.field,
      ...(signature.signer ? { signer: signature.signer } : {}),
      indication: signature.indication,
      ...(signature.subIndication ? { subIndication: signature.subIndication } : {}),
      coverage: signature.integrity.coverage,
      modificationsAfter: signature.modifications.after,
      ...(signature.time.claimedSigningTime ? { signingTime: signature.time.claimedSigningTime } : {}),
      ...(signature.time.timestampTime ? { timestampTime: signature.time.timestampTime } : {}),
      ...(signature.level ? { level: signature.level } : {}),
      ...signature,
    })),
  };
}
