import { describe, expect, it } from "vitest";
import { BatchSigner } from "./batch-signer.js";

const key = { certificateDer: new Uint8Array([1]), chainDer: [new Uint8Array([2])], algorithm: { scheme: "rsa-pkcs1-v1_5", hash: "SHA-256" } as const };
const bytes = (value: number) => new Uint8Array([value]);

/** Whether a promise has settled by the time queued microtasks have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

describe("BatchSigner (one sign.digest for the whole batch)", () => {
  it("gives each document's view the batch key's certificate, chain and algorithm", () => {
    const view = new BatchSigner(key, [0]).signerFor(0);
    expect(view.certificateDer).toBe(key.certificateDer);
    expect(view.chainDer).toBe(key.chainDer);
    expect(view.algorithm).toEqual(key.algorithm);
  });

  it("collects only when every document has asked, in index order whatever order they asked in", async () => {
    const batch = new BatchSigner(key, [0, 1, 2]);
    void batch.signerFor(2).sign(bytes(22));
    void batch.signerFor(0).sign(bytes(20));
    expect(await settled(batch.collected)).toBe(false);
    void batch.signerFor(1).sign(bytes(21));
    expect(await batch.collected).toEqual([
      { index: 0, toBeSigned: bytes(20) },
      { index: 1, toBeSigned: bytes(21) },
      { index: 2, toBeSigned: bytes(22) },
    ]);
  });

  it("stops waiting for a document whose preparation failed", async () => {
    const batch = new BatchSigner(key, [0, 1]);
    void batch.signerFor(1).sign(bytes(21));
    batch.drop(0);
    expect(await batch.collected).toEqual([{ index: 1, toBeSigned: bytes(21) }]);
  });

  it("collects nothing at once when every document dropped out, or there were none", async () => {
    const batch = new BatchSigner(key, [0]);
    batch.drop(0);
    expect(await batch.collected).toEqual([]);
    expect(await new BatchSigner(key, []).collected).toEqual([]);
  });

  it("hands each document its own signature, and fails a document the key returned none for", async () => {
    const batch = new BatchSigner(key, [0, 1]);
    const first = batch.signerFor(0).sign(bytes(20));
    const second = batch.signerFor(1).sign(bytes(21));
    await batch.collected;
    batch.deliver(new Map([[0, bytes(90)]]));
    expect(await first).toEqual(bytes(90));
    await expect(second).rejects.toThrow(/no signature for document 1/);
  });

  it("signs the documents the token finished before it was pulled out and fails the rest with the reason", async () => {
    const batch = new BatchSigner(key, [0, 1, 2]);
    const waits = [0, 1, 2].map((index) => batch.signerFor(index).sign(bytes(20 + index)));
    await batch.collected;
    const removed = new Error("TOKEN_REMOVED");
    batch.deliver(new Map([[0, bytes(90)]]), removed);
    expect(await waits[0]).toEqual(bytes(90));
    await expect(waits[1]).rejects.toBe(removed);
    await expect(waits[2]).rejects.toBe(removed);
  });

  it("fails every waiting document with the key's error (wrong PIN, token removed)", async () => {
    const batch = new BatchSigner(key, [0, 1]);
    const waits = [batch.signerFor(0).sign(bytes(20)), batch.signerFor(1).sign(bytes(21))];
    await batch.collected;
    const error = new Error("PIN_INCORRECT");
    batch.fail(error);
    for (const wait of waits) await expect(wait).rejects.toBe(error);
  });
});
