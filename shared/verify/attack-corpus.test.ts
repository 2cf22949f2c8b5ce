import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { memoryByteSource } from "../pdf/byte-source.js";
import { loadPkcs12Signer } from "../../sidecar/keys/pkcs12-signer.js";
import { validationDataHttpTransport } from "../../sidecar/network/validation-data-http-transport.js";
import { signPdfFile } from "../../sidecar/pdf-files/sign-pdf-file.js";
import { buildAttackCorpus, buildPreparedReferenceAttacks, preparedDocument, type AttackFixture } from "../../test/pdf-corpus/attack-corpus.js";
import { createNssTrustStore, pdfsig } from "../../test/pdf-checkers/pdfsig.js";
import { PKCS12_PASSWORD } from "../../test/pki/test-pki.js";
import { testServices } from "../../test/setup/test-services.js";
import { nobleHasherFactory } from "../cms/incremental-hasher.js";
import { verifyDocument } from "./verify-document.js";

const { pki } = testServices();
let scratch: string;
let nssDir: string;
let rootPem: string;
let fixtures: AttackFixture[];
let signedBytes: Uint8Array;
let preparedSigned: Uint8Array;
let preparedFixtures: AttackFixture[];

async function verify(bytes: Uint8Array) {
  return verifyDocument({ source: memoryByteSource(bytes), trustAnchorsPem: [rootPem], createHasher: nobleHasherFactory, transport: validationDataHttpTransport() });
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-attacks-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  rootPem = await readFile(pki.rootCa.certPemFile, "utf8");
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.TimesRoman);
  document.addPage([595, 842]).drawText("SO TIEN: 1.000.000 VND", { x: 72, y: 700, size: 24, font });
  const input = join(scratch, "hop-dong.pdf");
  await writeFile(input, await document.save({ useObjectStreams: false }));
  const signed = join(scratch, "hop-dong-signed.pdf");
  const signer = await loadPkcs12Signer({ p12: new Uint8Array(await readFile(pki.entities.signerRsa2048.p12File)), password: PKCS12_PASSWORD });
  await signPdfFile({ inputPath: input, outputPath: signed, signer, signingTime: new Date() });
  signedBytes = new Uint8Array(await readFile(signed));
  fixtures = await buildAttackCorpus(signedBytes);
  await writeFile(join(scratch, "prepared.pdf"), preparedDocument());
  await signPdfFile({ inputPath: join(scratch, "prepared.pdf"), outputPath: join(scratch, "prepared-signed.pdf"), signer, signingTime: new Date() });
  preparedSigned = new Uint8Array(await readFile(join(scratch, "prepared-signed.pdf")));
  preparedFixtures = await buildPreparedReferenceAttacks(preparedSigned);
});

/** Verifies each fixture with kyso and pdfsig, returning one table row per fixture and kyso's first signature. */
async function judge(fixture: AttackFixture) {
  const file = join(scratch, `${fixture.name.replace(/[^a-z0-9]+/gi, "-")}.pdf`);
  await writeFile(file, fixture.bytes);
  const result = await verify(fixture.bytes);
  const [poppler] = await pdfsig(file, nssDir).catch(() => []);
  const [signature] = result.signatures;
  const row = `${fixture.attackClass} | ${fixture.name} | kyso ${signature?.indication ?? result.indication}/${signature?.subIndication ?? "-"} | pdfsig ${poppler ? (poppler.valid ? "valid" : "invalid") : "no signature"}${poppler?.totalDocumentSigned ? "" : " (not total)"}`;
  return { result, signature, row };
}

function expectedSubIndications(fixture: AttackFixture): string[] {
  if (fixture.attackClass === "integrity") return ["HASH_FAILURE"];
  return fixture.attackClass.startsWith("shadow") || fixture.attackClass === "ISA" ? ["SIG_CONSTRAINTS_FAILURE"] : ["FORMAT_FAILURE", "HASH_FAILURE"];
}

describe("the attack corpus (PDF insecurity: ISA, SWA, USF, shadow attacks)", () => {
  it("passes the untouched signed file it is built from", async () => {
    expect((await verify(signedBytes)).indication).toBe("TOTAL_PASSED");
  });

  it("never passes an attacked file: each is TOTAL_FAILED or INDETERMINATE with the expected sub-indication", async () => {
    const table: string[] = [];
    for (const fixture of fixtures) {
      const { result, signature, row } = await judge(fixture);
      table.push(row);
      if (fixture.name.startsWith("annotation overlay")) {
        expect(signature?.modifications.after.map((m) => m.class), JSON.stringify(signature?.modifications)).toEqual(["annotation"]);
        continue;
      }
      expect(result.indication, `${fixture.name}: ${JSON.stringify(signature, null, 1)}`).not.toBe("TOTAL_PASSED");
      expect(expectedSubIndications(fixture), fixture.name).toContain(signature?.subIndication);
    }
    console.log(table.join("\n"));
  });

  it("fails objects defined after signing where a prepared signed reference already pointed: a content stream in /Contents, a page in /Kids", async () => {
    expect((await verify(preparedSigned)).indication, "the prepared document as signed").toBe("TOTAL_PASSED");
    const table: string[] = [];
    for (const fixture of preparedFixtures) {
      const { result, signature, row } = await judge(fixture);
      table.push(row);
      expect(result.indication, `${fixture.name}: ${JSON.stringify(signature, null, 1)}`).toBe("TOTAL_FAILED");
      expect(signature?.subIndication).toBe("SIG_CONSTRAINTS_FAILURE");
      expect(signature?.modifications.forbidden.map((m) => m.detail).join("\n")).toMatch(/defined after signing, where signed object \d+ 0 R already referred/);
    }
    console.log(table.join("\n"));
  });
});
