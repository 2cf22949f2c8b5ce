import { DIGEST_OIDS, digest, type SignatureAlgorithm } from "../../../shared/cms/algorithms.js";
import type { OpenKeyOptions } from "../key-source.js";
import { cmsSignatureValue, type CscSignAlgorithm } from "./csc-algorithms.js";
import { authorizeCredential, extendTransaction, newApprovalCode, sadUsable, type Sad } from "./csc-authorization.js";
import type { CscClient } from "./csc-client.js";
import type { CscCredentialInfo } from "./csc-messages.js";
import { signHashes } from "./csc-sign-hash.js";

/** Hashes authorised together: one credentials/authorize, one signatures/signHash. */
interface HashGroup {
  keys: string[];
  hashes: Uint8Array[];
}

const keyOf = (hash: Uint8Array) => Buffer.from(hash).toString("base64");

/**
 * The authorisations and signatures of one batch on one CSC credential, with as few approvals
 * as the service allows (CSC API v2 §9):
 * - every hash known up front (the host's sign.digest): groups of up to `multisign` hashes,
 *   each authorised once with its hashes (what SCAL2 requires) and signed in one signHash;
 * - hashes one at a time (the CLI, document by document), SCAL1: one authorisation for up to
 *   `multisign` signatures, made when the key is opened;
 * - the same with SCAL2: the first hash is authorised for the whole count, each later one under
 *   credentials/extendTransaction (§13.12), or authorised anew where the service lacks it.
 */
export class CscBatch {
  private sad: Sad | undefined;
  private sadSignaturesLeft = 0;
  private signaturesLeft: number;
  private readonly groups: HashGroup[] = [];
  private authorizedGroup: HashGroup | undefined;
  private readonly ready = new Map<string, Uint8Array>();
  private readonly secret: Uint8Array | undefined;
  private readonly approvalCode = newApprovalCode();
  private readonly multisign: number;
  private readonly hashAlgorithmOID: string;

  constructor(
    private readonly client: CscClient,
    private readonly credential: { id: string; info: CscCredentialInfo; algorithm: SignatureAlgorithm; signAlgorithm: CscSignAlgorithm },
    private readonly options: Pick<OpenKeyOptions, "count" | "onEvent" | "signal"> & { secret?: Uint8Array },
  ) {
    this.secret = options.secret ? new Uint8Array(options.secret) : undefined;
    options.secret?.fill(0);
    this.signaturesLeft = Math.max(1, options.count);
    this.multisign = credential.info.multisign ?? 1;
    this.hashAlgorithmOID = DIGEST_OIDS[credential.algorithm.hash];
  }

  private get scal2(): boolean {
    return this.credential.info.SCAL === "2";
  }

  /** Authorises what can be authorised before the first document: the person approves once, at the start. */
  async prepare(toBeSigned: Uint8Array[] | undefined): Promise<void> {
    if (toBeSigned && toBeSigned.length > 0) {
      const hashes = await Promise.all(toBeSigned.map((bytes) => digest(this.credential.algorithm.hash, bytes)));
      for (let start = 0; start < hashes.length; start += this.multisign) {
        const slice = hashes.slice(start, start + this.multisign);
        this.groups.push({ keys: slice.map(keyOf), hashes: slice });
      }
      this.authorizedGroup = this.groups[0];
      this.sad = await this.authorize(this.groups[0]!.hashes.length, this.groups[0]!.hashes);
    } else if (!this.scal2) {
      const count = Math.min(this.signaturesLeft, this.multisign);
      this.sad = await this.authorize(count);
      this.sadSignaturesLeft = count;
    }
  }

  async sign(toBeSigned: Uint8Array): Promise<Uint8Array> {
    const hash = await digest(this.credential.algorithm.hash, toBeSigned);
    const key = keyOf(hash);
    const done = this.ready.get(key);
    if (done) {
      this.ready.delete(key);
      return done;
    }
    const group = this.groups.find((g) => g.keys.includes(key));
    const signatures = group ? await this.signGroup(group) : [await this.signOne(hash)];
    const values = signatures.map((signature) => cmsSignatureValue(this.credential.algorithm, signature));
    if (!group) return values[0]!;
    group.keys.forEach((k, i) => this.ready.set(k, values[i]!));
    const mine = this.ready.get(key)!;
    this.ready.delete(key);
    return mine;
  }

  /** Zeroes the PIN; the SAD dies with its count or its expiry on the service. */
  close(): Promise<void> {
    this.secret?.fill(0);
    this.sad = undefined;
    return Promise.resolve();
  }

  private async signGroup(group: HashGroup): Promise<Uint8Array[]> {
    this.groups.splice(this.groups.indexOf(group), 1);
    const sad = this.authorizedGroup === group && sadUsable(this.sad) ? this.sad : await this.authorize(group.hashes.length, group.hashes);
    this.authorizedGroup = undefined;
    return this.signHashes(sad, group.hashes);
  }

  private async signOne(hash: Uint8Array): Promise<Uint8Array> {
    const usable = sadUsable(this.sad) && this.sadSignaturesLeft > 0;
    if (this.scal2 && usable && this.client.supports("credentials/extendTransaction")) {
      this.sad = await extendTransaction(this.client, { credentialId: this.credential.id, sad: this.sad!, hashes: [hash], hashAlgorithmOID: this.hashAlgorithmOID });
    } else if (this.scal2 || !usable) {
      const count = Math.min(this.signaturesLeft, this.multisign);
      this.sad = await this.authorize(count, this.scal2 ? [hash] : undefined);
      this.sadSignaturesLeft = count;
    }
    this.sadSignaturesLeft -= 1;
    const [signature] = await this.signHashes(this.sad!, [hash]);
    return signature!;
  }

  private async signHashes(sad: Sad, hashes: Uint8Array[]): Promise<Uint8Array[]> {
    const signatures = await signHashes(this.client, {
      credentialId: this.credential.id, sad, hashes, algorithm: this.credential.signAlgorithm, ...(this.options.signal ? { signal: this.options.signal } : {}),
    });
    this.signaturesLeft = Math.max(1, this.signaturesLeft - hashes.length);
    return signatures;
  }

  private authorize(numSignatures: number, hashes?: Uint8Array[]): Promise<Sad> {
    return authorizeCredential(this.client, {
      credentialId: this.credential.id, info: this.credential.info, numSignatures, hashAlgorithmOID: this.hashAlgorithmOID, approvalCode: this.approvalCode,
      ...(hashes ? { hashes } : {}), ...(this.secret ? { secret: this.secret } : {}),
    }, { ...(this.options.onEvent ? { onEvent: this.options.onEvent } : {}), ...(this.options.signal ? { signal: this.options.signal } : {}) });
  }
}
