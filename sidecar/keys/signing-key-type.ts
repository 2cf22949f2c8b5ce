import type { KeyObject } from "node:crypto";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import type { SigningKeyType } from "./signature-algorithm-choice.js";

/** OpenSSL's names (what node reports) of the curves kyso signs with. */
const NODE_CURVES: Readonly<Record<string, "P-256" | "P-384" | "P-521">> = { prime256v1: "P-256", secp384r1: "P-384", secp521r1: "P-521" };

function unsupportedKey(detail: string): KysoError {
  return new KysoError("KEY_UNSUPPORTED", detail);
}

/** The key type of a private key or of a certificate's public key, as every provider reports it. */
export function signingKeyTypeOf(key: KeyObject): SigningKeyType {
  switch (key.asymmetricKeyType) {
    case "rsa":
      return { type: "rsa" };
    case "rsa-pss":
      return { type: "rsa-pss" };
    case "ec": {
      const curve = NODE_CURVES[key.asymmetricKeyDetails?.namedCurve ?? ""];
      if (!curve) throw unsupportedKey(`the EC key is on curve ${key.asymmetricKeyDetails?.namedCurve ?? "unknown"}; kyso signs with P-256, P-384, P-521`);
      return { type: "ec", curve };
    }
    default:
      throw unsupportedKey(`the key type ${key.asymmetricKeyType ?? "unknown"} cannot sign PAdES signatures`);
  }
}
