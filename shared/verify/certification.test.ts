import { readFile } from "node:fs/promises";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { nobleHasherFactory } from "../cms/incremental-hasher.js";
import { memoryByteSource } from "../pdf/byte-source.js";
import { extendPdf } from "../pades/ltv/extend-pdf.js";
import { tsaHttpTransport } from "../../sidecar/network/tsa-http-transport.js";
import { validationDataHttpTransport } from "../../sidecar/network/validation-data-http-transport.js";
import { testServices } from "../../test/setup/test-services.js";
import { addAnnotation, fillTextField, replacePageContent } from "../../test/verify/document-changes.js";
import { kysoSigned, libpdfSigned, withUpdate } from "../../test/verify/signed-files.js";
import type { ModificationClass } from "./revision-changes.js";
import { verifyDocument } from "./verify-document.js";

const { pki, tsaUrl } = testServices();
const timestamp = tsaHttpTransport({ url: tsaUrl });
const validationData = validationDataHttpTransport();
let rootPem: string;
let unsigned: Uint8Array;

type Permission = 1 | 2 | 3;
type Change = "form fill" | "new signature" | "annotation" | "page content" | "DSS";

/** Each later change, as the update it appends and the class it must be reported as. */
const CHANGES: Record<Change, { class: ModificationClass; apply: (certified: Uint8Array) => Promise<Uint8Array> }> = {
  "form fill": { class: "form-fill", apply: (bytes) => withUpdate(bytes, (reader) => fillTextField(reader, { field: "ho_ten", value: "Nguyễn Văn An" })) },
  // kyso refuses to sign a P=1 document, so the second signature comes from another library.
  "new signature": { class: "signature", apply: (bytes) => libpdfSigned({ pki, bytes, entity: "signerRsa3072" }) },
  annotation: { class: "annotation", apply: (bytes) => withUpdate(bytes, addAnnotation) },
  "page content": { class: "other", apply: (bytes) => withUpdate(bytes, replacePageContent) },
  DSS: {
    class: "dss",
    apply: async (bytes) => {
      const { update } = await extendPdf({ source: memoryByteSource(bytes), level: "B-LT", validationData, timestamp, createHasher: nobleHasherFactory });
      return Uint8Array.from([...bytes, ...update]);
    },
  },
};

/**
 * ISO 32000-2 §12.8.2.2.2 Table 257: P=1 no changes; P=2 form filling and signing; P=3 also
 * annotations. DSS and document timestamps are not changes (§12.8.2.2.1, ETSI EN 319 142-1
 * §5.4); a change of page content is never permitted.
 */
const ALLOWED: Record<Change, Permission[]> = {
  "form fill": [2, 3],
  "new signature": [2, 3],
  annotation: [3],
  "page content": [],
  DSS: [1, 2, 3],
};

const certified = new Map<Permission, Uint8Array>();

beforeAll(async () => {
  rootPem = await readFile(pki.rootCa.certPemFile, "utf8");
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  document.getForm().createTextField("ho_ten").addToPage(page, { x: 72, y: 700, width: 300, height: 24 });
  unsigned = await document.save({ useObjectStreams: false });
  for (const permission of [1, 2, 3] as const) {
    certified.set(permission, await kysoSigned({ pki, bytes: unsigned, entity: "signerRsa2048", certify: permission, timestamp }));
  }
});

async function verify(bytes: Uint8Array) {
  return verifyDocument({ source: memoryByteSource(bytes), trustAnchorsPem: [rootPem], createHasher: nobleHasherFactory, transport: validationData });
}

describe("a certified document and the changes made after it (DocMDP)", () => {
  it("passes each certification as signed, reporting its DocMDP level", async () => {
    for (const [permission, bytes] of certified) {
      const [signature] = (await verify(bytes)).signatures;
      expect(signature, `P=${permission}`).toMatchObject({ indication: "TOTAL_PASSED", modifications: { after: [], docMdpLevel: permission } });
    }
  });

  const cases = (Object.keys(CHANGES) as Change[]).flatMap((change) => ([1, 2, 3] as const).map((permission) => [change, permission] as const));
  it.each(cases)("%s after a P=%i certification: allowed or TOTAL_FAILED (SIG_CONSTRAINTS_FAILURE) per Table 257", async (change, permission) => {
    const changed = await CHANGES[change].apply(certified.get(permission)!);
    const result = await verify(changed);
    const [certification] = result.signatures;
    const detail = JSON.stringify(certification?.modifications, null, 1);
    expect(certification?.modifications.after.map((m) => m.class), detail).toContain(CHANGES[change].class);
    if (ALLOWED[change].includes(permission)) {
      expect(certification?.modifications.forbidden, detail).toEqual([]);
      expect(certification?.indication, detail).toBe("TOTAL_PASSED");
      expect(result.indication).toBe("TOTAL_PASSED");
    } else {
      expect(certification?.modifications.forbidden.map((m) => m.class), detail).toContain(CHANGES[change].class);
      expect([certification?.indication, certification?.subIndication]).toEqual(["TOTAL_FAILED", "SIG_CONSTRAINTS_FAILURE"]);
      expect(result.indication).toBe("TOTAL_FAILED");
    }
  });
});
