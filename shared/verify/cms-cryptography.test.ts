import { readFile } from "node:fs/promises";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { ID_CT_TST_INFO } from "../cms/cms-oids.js";
import { nobleHasherFactory } from "../cms/incremental-hasher.js";
import { memoryByteSource } from "../pdf/byte-source.js";
import { validationDataHttpTransport } from "../../sidecar/network/validation-data-http-transport.js";
import { testServices } from "../../test/setup/test-services.js";
import { pkijsSigned } from "../../test/verify/signed-files.js";
import { verifyDocument } from "./verify-document.js";

const { pki } = testServices();
let unsigned: Uint8Array;
let rootPem: string;

beforeAll(async () => {
  rootPem = await readFile(pki.rootCa.certPemFile, "utf8");
  const document = await PDFDocument.create();
  document.addPage([595, 842]);
  unsigned = await document.save({ useObjectStreams: false });
});

async function verdict(bytes: Uint8Array) {
  const result = await verifyDocument({ source: memoryByteSource(bytes), trustAnchorsPem: [rootPem], createHasher: nobleHasherFactory, transport: validationDataHttpTransport() });
  return result.signatures.map((s) => ({ indication: s.indication, subIndication: s.subIndication, problems: s.cryptography.problems }));
}

describe("signed attributes are consistent with what was signed (RFC 5652 §11.1)", () => {
  it("passes a CMS whose contentType attribute is the eContentType it signs, id-data", async () => {
    expect(await verdict(await pkijsSigned({ pki, bytes: unsigned, entity: "signerRsa2048" }))).toEqual([{ indication: "TOTAL_PASSED", subIndication: undefined, problems: [] }]);
  });

  it("fails a correctly signed CMS whose contentType attribute names another content than its eContentType (FORMAT_FAILURE)", async () => {
    const signed = await pkijsSigned({ pki, bytes: unsigned, entity: "signerRsa2048", contentTypeOid: ID_CT_TST_INFO });
    expect(await verdict(signed)).toEqual([{ indication: "TOTAL_FAILED", subIndication: "FORMAT_FAILURE", problems: ["content-type-mismatch"] }]);
  });
});
