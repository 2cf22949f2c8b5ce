import pkcs11js from "pkcs11js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { returnValueName, translatePkcs11Error } from "./pkcs11-errors.js";
import { blankTrimmed, findObjects, matchingSlots, selectorCertificates, selectPrivateKey } from "./key-selection.js";
import type { KeySelector, OpenedKey, PresentToken, StoredCertificate, TokenRequest, TokenResults, TokenStats } from "./token-worker-protocol.js";
import type { TokenMechanism } from "./signing-mechanism.js";

/**
 * One PKCS#11 module as the worker thread holds it: the loaded library, its open key
 * sessions and counters. Every method is a synchronous PKCS#11 call sequence — which is
 * why this lives in a worker and never on the sidecar's event loop.
 */

type Handle = pkcs11js.Handle;

interface KeySession {
  slot: Handle;
  session: Handle;
  tokenSerial: string;
  certificateDer: Uint8Array;
  certificateId: Buffer | undefined;
  privateKey?: Handle;
  loggedIn: boolean;
}

/** Large enough for RSA-8192 or an ECDSA P-521 r || s. */
const SIGNATURE_BUFFER_BYTES = 1024;

export class TokenModule {
  private pkcs11: pkcs11js.PKCS11 | undefined;
  private readonly sessions = new Map<number, KeySession>();
  private nextSessionId = 1;
  private readonly stats: TokenStats = { loginCalls: 0, signCalls: 0, signMs: 0 };

  handle(request: TokenRequest): TokenResults[TokenRequest["op"]] {
    switch (request.op) {
      case "open":
        return this.open(request.modulePath);
      case "openKey":
        return this.openKey(request.selector);
      case "login":
        return this.login(request);
      case "sign":
        return this.sign({ sessionId: request.sessionId, mechanism: request.mechanism, data: request.data });
      case "closeKey":
        return this.closeKey(request.sessionId);
      case "slots":
        return this.slots(request.rescan);
      case "listCertificates":
        return this.listCertificates();
      case "stats":
        return { ...this.stats };
    }
  }

  private module(): pkcs11js.PKCS11 {
    if (!this.pkcs11) throw new KysoError("INTERNAL_ERROR", "the PKCS#11 module is not open in this worker");
    return this.pkcs11;
  }

  private open(modulePath: string): null {
    if (this.pkcs11) return null;
    const pkcs11 = new pkcs11js.PKCS11();
    try {
      pkcs11.load(modulePath);
    } catch (error) {
      throw new KysoError("PKCS11_MODULE_UNAVAILABLE", `${modulePath}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    this.initialize(pkcs11);
    this.pkcs11 = pkcs11;
    return null;
  }

  private initialize(pkcs11: pkcs11js.PKCS11): void {
    try {
      pkcs11.C_Initialize();
    } catch (error) {
      // Another thread of this process (a worker stopped after a time-out) initialised it.
      if (returnValueName(error) !== "CKR_CRYPTOKI_ALREADY_INITIALIZED") throw translatePkcs11Error(error, "C_Initialize");
    }
  }

  private session(sessionId: number): KeySession {
    const found = this.sessions.get(sessionId);
    if (!found) throw new KysoError("INTERNAL_ERROR", `no open token session ${sessionId}`);
    return found;
  }

  private openKey(selector: KeySelector): OpenedKey {
    const pkcs11 = this.module();
    // Object handles are valid only while a session of their token is open: each slot's
    // session stays open until the choice is made.
    const found: Array<{ slot: Handle; session: Handle; certificate: { handle: Handle; der: Buffer } }> = [];
    const sessions: Handle[] = [];
    try {
      for (const slot of matchingSlots(pkcs11, selector)) {
        const session = pkcs11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
        sessions.push(session);
        for (const certificate of selectorCertificates({ pkcs11, session, selector })) found.push({ slot, session, certificate });
      }
      if (found.length === 0) throw new KysoError("KEY_NOT_FOUND", "no token present holds a certificate that the pkcs11: URI selects");
      if (found.length > 1) throw new KysoError("CLI_USAGE", `the pkcs11: URI selects ${found.length} certificates; add id=, object= or token= (see kyso keys list)`);
    } catch (error) {
      for (const session of sessions) pkcs11.C_CloseSession(session);
      throw error;
    }
    const [{ slot, session, certificate }] = found as [(typeof found)[number]];
    for (const other of sessions) if (other !== session) pkcs11.C_CloseSession(other);
    const info = pkcs11.C_GetTokenInfo(slot);
    const others = findObjects({ pkcs11, session, template: [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }] })
      .map((handle) => pkcs11.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_VALUE }])[0]?.value)
      .filter((der): der is Buffer => Buffer.isBuffer(der) && !der.equals(certificate.der));
    const [idAttribute] = pkcs11.C_GetAttributeValue(session, certificate.handle, [{ type: pkcs11js.CKA_ID }]);
    const sessionId = this.nextSessionId++;
    this.sessions.set(sessionId, {
      slot, session, tokenSerial: blankTrimmed(info.serialNumber), certificateDer: certificate.der,
      certificateId: Buffer.isBuffer(idAttribute?.value) && idAttribute.value.length > 0 ? idAttribute.value : undefined, loggedIn: false,
    });
    return {
      sessionId, tokenLabel: blankTrimmed(info.label), tokenSerial: blankTrimmed(info.serialNumber), tokenFlags: info.flags,
      certificateDer: new Uint8Array(certificate.der), otherCertificatesDer: others.map((der) => new Uint8Array(der)), mechanisms: pkcs11.C_GetMechanismList(slot),
    };
  }

  private login(request: Extract<TokenRequest, { op: "login" }>): null {
    const pkcs11 = this.module();
    const key = this.session(request.sessionId);
    const { pin } = request;
    if (request.mode !== "none") this.logIn({ key, pin });
    key.privateKey = selectPrivateKey({ pkcs11, session: key.session, certificateDer: key.certificateDer, certificateId: key.certificateId });
    return null;
  }

  private logIn(options: { key: KeySession; pin: Uint8Array | undefined }): void {
    const pkcs11 = this.module();
    const { key, pin } = options;
    this.stats.loginCalls += 1;
    try {
      // pkcs11js takes the PIN as a string and cannot pass NULL_PTR: the PIN pad case sends
      // an empty PIN (ulPinLen 0). The string lives until the garbage collector takes it.
      pkcs11.C_Login(key.session, pkcs11js.CKU_USER, pin ? Buffer.from(pin).toString("utf8") : "");
    } catch (error) {
      if (returnValueName(error) !== "CKR_USER_ALREADY_LOGGED_IN") {
        throw translatePkcs11Error(error, "C_Login", { tokenFlags: this.tokenFlags(key.slot) });
      }
    } finally {
      pin?.fill(0);
    }
    key.loggedIn = true;
  }

  private tokenFlags(slot: Handle): number | undefined {
    try {
      return this.module().C_GetTokenInfo(slot).flags;
    } catch {
      return undefined;
    }
  }

  private sign(options: { sessionId: number; mechanism: TokenMechanism; data: Uint8Array }): TokenResults["sign"] {
    const pkcs11 = this.module();
    const key = this.session(options.sessionId);
    if (!key.privateKey) throw new KysoError("PIN_REQUIRED", "sign before login");
    // Presence check: the same token (by serial) still answers in this slot.
    let serial: string;
    try {
      serial = blankTrimmed(pkcs11.C_GetTokenInfo(key.slot).serialNumber);
    } catch (error) {
      throw translatePkcs11Error(error, "checking that the token is still present", { presenceCheck: true });
    }
    if (serial !== key.tokenSerial) throw new KysoError("TOKEN_REMOVED", "another token is now in the slot");
    const { mechanism, pss } = options.mechanism;
    const started = performance.now();
    try {
      pkcs11.C_SignInit(key.session, pss ? { mechanism, parameter: { type: pkcs11js.CK_PARAMS_RSA_PSS, ...pss } } : { mechanism }, key.privateKey);
      const signature = pkcs11.C_Sign(key.session, Buffer.from(options.data), Buffer.alloc(SIGNATURE_BUFFER_BYTES));
      return { signature: new Uint8Array(signature), tokenMs: performance.now() - started };
    } catch (error) {
      throw translatePkcs11Error(error, "C_Sign");
    } finally {
      this.stats.signCalls += 1;
      this.stats.signMs += performance.now() - started;
    }
  }

  private closeKey(sessionId: number): null {
    const pkcs11 = this.module();
    const key = this.sessions.get(sessionId);
    if (!key) return null;
    this.sessions.delete(sessionId);
    // C_Logout ends the login of every session of this application on the token (v2.40 §5.6).
    const stillLoggedIn = [...this.sessions.values()].some((other) => other.loggedIn && other.tokenSerial === key.tokenSerial);
    try {
      if (key.loggedIn && !stillLoggedIn) pkcs11.C_Logout(key.session);
    } catch {
      // The token may be gone; closing the session below is all that is left to do.
    }
    try {
      pkcs11.C_CloseSession(key.session);
    } catch {
      // Same: a removed token has already closed its sessions.
    }
    return null;
  }

  /** X.509 certificates on every initialised token, without logging in (they are public objects). */
  private listCertificates(): StoredCertificate[] {
    const pkcs11 = this.module();
    const found: StoredCertificate[] = [];
    for (const slot of pkcs11.C_GetSlotList(true)) {
      const info = pkcs11.C_GetTokenInfo(slot);
      // An empty, uninitialised token (SoftHSM always offers one) holds nothing to list.
      if ((info.flags & pkcs11js.CKF_TOKEN_INITIALIZED) === 0) continue;
      const session = pkcs11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
      try {
        const template = [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }, { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 }];
        for (const handle of findObjects({ pkcs11, session, template })) {
          const [label, id, der] = pkcs11.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_LABEL }, { type: pkcs11js.CKA_ID }, { type: pkcs11js.CKA_VALUE }]);
          const bytes = (value: unknown) => new Uint8Array(Buffer.isBuffer(value) ? value : Buffer.alloc(0));
          found.push({ tokenLabel: blankTrimmed(info.label), tokenSerial: blankTrimmed(info.serialNumber), label: Buffer.from(bytes(label?.value)).toString("utf8"), id: bytes(id?.value), der: bytes(der?.value) });
        }
      } finally {
        pkcs11.C_CloseSession(session);
      }
    }
    return found;
  }

  /**
   * Tokens present now. Modules that freeze their slot list at C_Initialize (SoftHSM2 does;
   * PKCS#11 v2.40 §5.5 lets a module add slots only on a new C_GetSlotList, and many don't)
   * are re-initialised when `rescan` is asked and no session is open.
   */
  private slots(rescan: boolean): PresentToken[] {
    const pkcs11 = this.module();
    if (rescan && this.sessions.size === 0) {
      pkcs11.C_Finalize();
      this.initialize(pkcs11);
    }
    return pkcs11.C_GetSlotList(true).flatMap((slot) => {
      try {
        const info = pkcs11.C_GetTokenInfo(slot);
        if ((info.flags & pkcs11js.CKF_TOKEN_INITIALIZED) === 0) return [];
        return [{ slotId: slot.toString("hex"), label: blankTrimmed(info.label), serial: blankTrimmed(info.serialNumber), manufacturer: blankTrimmed(info.manufacturerID), model: blankTrimmed(info.model) }];
      } catch {
        // A token that no longer answers is not present (SoftHSM after its directory went).
        return [];
      }
    });
  }
}
