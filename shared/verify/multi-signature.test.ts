import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { nobleHasherFactory } from "../cms/incremental-hasher.js";
import { memoryByteSource, type ByteSource } from "../pdf/byte-source.js";
import { validationDataHttpTransport } from "../../sidecar/network/validation-data-http-transport.js";
import { testServices } from "../../test/setup/test-services.js";
import { kysoSigned, libpdfSigned, signpdfSigned } from "../../test/verify/signed-files.js";
import { verifyDocument } from "./verify-document.js";

const { pki } = testServices();
const LARGE_STREAM_BYTES = 8 * 1024 * 1024;
let rootPem: string;
/**
 * Signed by @signpdf/signpdf, then kyso, then @libpdf/core: three revisions. (In other orders the
 * peers lose earlier signatures: placeholder-plain drops fields it did not write, and @libpdf/core
 * 0.4.2 rewrites a file placeholder-plain signed — see other-signers.test.ts.)
 */
let threeSigned: Uint8Array;

/** A byte source that counts what is read from it. */
function countingSource(bytes: Uint8Array): ByteSource & { bytesRead: () => number } {
  const inner = memoryByteSource(bytes);
  let total = 0;
  return {
    size: inner.size,
    read: async (offset, length) => {
      const chunk = await inner.read(offset, length);
      total += chunk.length;
      return chunk;
    },
    bytesRead: () => total,
  };
}

async function verify(source: ByteSource) {
  return verifyDocument({ source, trustAnchorsPem: [rootPem], createHasher: nobleHasherFactory, transport: validationDataHttpTransport() });
}

beforeAll(async () => {
  rootPem = await readFile(pki.rootCa.certPemFile, "utf8");
  const document = await PDFDocument.create();
  document.addPage([595, 842]);
  // Incompressible bytes, so that reading the file twice would show in the count.
  document.context.register(document.context.stream(randomBytes(LARGE_STREAM_BYTES)));
  // placeholder-plain reads only classic cross-reference tables.
  const unsigned = await document.save({ useObjectStreams: false });
  const first = await signpdfSigned({ pki, bytes: unsigned, entity: "signerRsa2048", subFilter: "ETSI.CAdES.detached" });
  const second = await kysoSigned({ pki, bytes: first, entity: "signerEcdsaP256", fieldName: "Phe duyet 2" });
  threeSigned = await libpdfSigned({ pki, bytes: second, entity: "signerRsa3072" });
});

describe("several signatures in one file", () => {
  it("verifies three sequential signatures by @signpdf, kyso and @libpdf/core, reading the file's bytes once", async () => {
    const source = countingSource(threeSigned);
    const result = await verify(source);
    const summary = result.signatures.map((s) => [s.signer?.name, s.indication, s.integrity.coverage]);
    expect(summary, JSON.stringify(result, null, 1)).toEqual([
      [pki.entities.signerRsa2048.commonName, "TOTAL_PASSED", "whole-revision"],
      [pki.entities.signerEcdsaP256.commonName, "TOTAL_PASSED", "whole-revision"],
      [pki.entities.signerRsa3072.commonName, "TOTAL_PASSED", "whole-file"],
    ]);
    expect(result.indication).toBe("TOTAL_PASSED");
    // What came after each signature: the later signatures, nothing else.
    expect(result.signatures.map((s) => [...new Set(s.modifications.after.map((m) => m.class))])).toEqual([["signature"], ["signature"], []]);
    // One streamed pass over the bytes (three signatures hashed separately would read them three
    // times); the parser's object reads — windows of a few KiB per object — add little beside it.
    expect(source.bytesRead()).toBeLessThan(threeSigned.length * 1.25);
  });

  it("fails the signature whose revision was tampered with and every later one covering it, and keeps the earlier one", async () => {
    // A byte of the second (kyso's) revision outside its /Contents: its field name.
    const text = Buffer.from(threeSigned).toString("latin1");
    const firstEnd = text.indexOf("%%EOF", text.indexOf("/ByteRange")) + 5;
    const secondEnd = text.indexOf("%%EOF", firstEnd);
    const nameAt = text.indexOf("(Phe duyet 2)", firstEnd);
    expect(nameAt).toBeGreaterThan(firstEnd);
    expect(nameAt).toBeLessThan(secondEnd);
    const tampered = new Uint8Array(threeSigned);
    tampered[nameAt + 1] = "Q".charCodeAt(0);
    const result = await verify(memoryByteSource(tampered));
    expect(result.signatures.map((s) => [s.indication, s.subIndication]), JSON.stringify(result, null, 1)).toEqual([
      ["TOTAL_PASSED", undefined],
      ["TOTAL_FAILED", "HASH_FAILURE"],
      ["TOTAL_FAILED", "HASH_FAILURE"],
    ]);
    expect(result.indication).toBe("TOTAL_FAILED");
  });
});
