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
    signatures: result.signatures.map(({ field, signer, indication, subIndication, level, ...facts }) => ({
      field,
      ...(signer ? { signer } : {}),
      indication,
      ...(subIndication ? { subIndication } : {}),
      coverage: facts.integrity.coverage,
      modificationsAfter: facts.modifications.after,
      ...(facts.time.claimedSigningTime ? { signingTime: facts.time.claimedSigningTime } : {}),
      ...(facts.time.timestampTime ? { timestampTime: facts.time.timestampTime } : {}),
      ...(level ? { level } : {}),
      ...facts,
    })),
  };
}
