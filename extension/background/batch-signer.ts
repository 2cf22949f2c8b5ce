import type { SignatureAlgorithm } from "../../shared/cms/algorithms.js";
import type { CmsSigner } from "../../shared/cms/cms-signer.js";

/** What one document of the batch asks the key to sign: the DER of its CMS signed attributes. */
export interface CollectedItem {
  index: number;
  toBeSigned: Uint8Array;
}

interface Waiting {
  toBeSigned: Uint8Array;
  resolve: (signature: Uint8Array) => void;
  reject: (error: unknown) => void;
}

/**
 * One PIN, one sign.digest for a whole batch (ARCHITECTURE.md security rule 4). Each document
 * is prepared by the PDF engine with its own CmsSigner view; the view's sign() only records the
 * signed attributes and waits. When every document has either asked or dropped out (its
 * preparation failed), `collected` resolves with all items, the caller signs them in one
 * request and hands the signatures back with `deliver` (or the failure with `fail`).
 */
export class BatchSigner {
  private readonly waiting = new Map<number, Waiting>();
  private readonly open: Set<number>;
  private settle!: (items: CollectedItem[]) => void;
  readonly collected: Promise<CollectedItem[]>;

  constructor(
    private readonly key: { certificateDer: Uint8Array; chainDer: Uint8Array[]; algorithm: SignatureAlgorithm },
    indexes: number[],
  ) {
    this.open = new Set(indexes);
    this.collected = new Promise((resolve) => (this.settle = resolve));
    this.checkComplete();
  }

  signerFor(index: number): CmsSigner {
    return {
      certificateDer: this.key.certificateDer,
      chainDer: this.key.chainDer,
      algorithm: this.key.algorithm,
      sign: (toBeSigned) =>
        new Promise<Uint8Array>((resolve, reject) => {
          this.waiting.set(index, { toBeSigned, resolve, reject });
          this.open.delete(index);
          this.checkComplete();
        }),
    };
  }

  /** The document will not ask (its preparation failed): do not wait for it. */
  drop(index: number): void {
    this.open.delete(index);
    this.checkComplete();
  }

  /** Hands each document its signature; one without a signature fails with `missing` (why the batch stopped short). */
  deliver(signatures: Map<number, Uint8Array>, missing?: Error): void {
    for (const [index, waiting] of this.waiting) {
      const signature = signatures.get(index);
      if (signature) waiting.resolve(signature);
      else waiting.reject(missing ?? new Error(`no signature for document ${index}`));
    }
    this.waiting.clear();
  }

  fail(error: unknown): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }

  private checkComplete(): void {
    if (this.open.size > 0) return;
    this.settle([...this.waiting].map(([index, waiting]) => ({ index, toBeSigned: waiting.toBeSigned })).sort((a, b) => a.index - b.index));
  }
}
