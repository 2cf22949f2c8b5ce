import { KysoError } from "../../shared/protocol/kyso-error.js";
import { loadPkcs11Signer, type Pkcs11Signer, type Pkcs11SignerOptions } from "../../sidecar/keys/pkcs11/pkcs11-signer.js";

/** Opens PKCS#11 signers for a test file and closes (logs out) all of them after each test. */
export function pkcs11SignerTracker(): { open: (options: Pkcs11SignerOptions) => Promise<Pkcs11Signer>; closeAll: () => Promise<void> } {
  const opened: Pkcs11Signer[] = [];
  return {
    async open(options) {
      const signer = await loadPkcs11Signer(options);
      opened.push(signer);
      return signer;
    },
    async closeAll() {
      for (const signer of opened.splice(0)) await signer.close();
    },
  };
}

/** The KysoError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function caughtKysoError(promise: Promise<unknown>): Promise<KysoError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KysoError) return error;
    throw error;
  }
  throw new Error("expected a KysoError");
}
