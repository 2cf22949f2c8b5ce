import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { promisify } from "node:util";
import { PDFDocument, PDFName, PDFString, degrees } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { PdfRect } from "../../../shared/appearance/appearance-options.js";
import { defaultDisplayedRect, infoBlockDisplayedRect } from "../../../shared/appearance/default-placement.js";
import { sealImagePng, signatureImagePng } from "../../../shared/appearance/fixtures/sample-images.js";
import { buildCorpus } from "../../../test/pdf-corpus/build-corpus.js";
import { PKCS12_PASSWORD } from "../../../test/pki/test-pki.js";
import { createNssTrustStore, pdfsig } from "../../../test/pdf-checkers/pdfsig.js";
import { qpdfCheck } from "../../../test/pdf-checkers/qpdf-check.js";
import { testServices } from "../../../test/setup/test-services.js";
import { runKyso, type CliRun } from "../../../test/cli/run-kyso.js";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../../..");
const artifacts = join(root, "test-artifacts");
const { pki } = testServices();
const A4 = { width: 595, height: 842 };
const LANDSCAPE = { width: 842, height: 595 };
/** pdftoppm -r 50: points to pixels. */
const SCALE = 50 / 72;
let scratch: string;
let nssDir: string;
const files = { twoPages: "", rotated: "", landscape: "", preparedField: "", signature: "", seal: "" };
/** Where the portal's prepared signature field sits. */
const PREPARED_RECT: PdfRect = [350, 150, 530, 230];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-visible-"));
  nssDir = await createNssTrustStore(join(scratch, "nss"), pki.rootCa.certPemFile);
  await mkdir(artifacts, { recursive: true });
  const make = async (name: string, pages: Array<{ size: [number, number]; rotate?: number }>) => {
    const document = await PDFDocument.create();
    for (const page of pages) document.addPage(page.size).setRotation(degrees(page.rotate ?? 0));
    const path = join(scratch, name);
    await writeFile(path, await document.save());
    return path;
  };
  files.twoPages = await make("hai-trang.pdf", [{ size: [595, 842] }, { size: [595, 842] }]);
  files.rotated = await make("xoay-90.pdf", [{ size: [595, 842], rotate: 90 }]);
  files.landscape = await make("ngang.pdf", [{ size: [842, 595] }]);
  files.preparedField = await preparedFieldPdf(join(scratch, "truong-ky.pdf"));
  files.signature = join(scratch, "chu-ky.png");
  files.seal = join(scratch, "con-dau.png");
  await writeFile(files.signature, signatureImagePng());
  await writeFile(files.seal, sealImagePng());
}, 120_000);

/** A portal-prepared document: an empty signature field "ChuKyLanhDao" (§12.7.4.5) on page 1. */
async function preparedFieldPdf(path: string): Promise<string> {
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  const field = document.context.register(document.context.obj({
    Type: "Annot", Subtype: "Widget", FT: "Sig", T: PDFString.of("ChuKyLanhDao"), F: 4, Rect: PREPARED_RECT, P: page.ref,
  }));
  page.node.set(PDFName.of("Annots"), document.context.obj([field]));
  document.catalog.set(PDFName.of("AcroForm"), document.context.obj({ Fields: [field] }));
  await writeFile(path, await document.save());
  return path;
}

function runSign(args: string[], key: "signerRsa2048" | "organisationSeal" = "signerRsa2048"): Promise<CliRun> {
  return runKyso(["sign", ...args, "--key", pki.entities[key].p12File, "--pin-env", "KYSO_PIN"], { env: { KYSO_PIN: PKCS12_PASSWORD } });
}

/** `kyso sign` that must succeed. */
async function kyso(args: string[], key: "signerRsa2048" | "organisationSeal" = "signerRsa2048"): Promise<void> {
  const result = await runSign(args, key);
  expect(result.code, result.stderr).toBe(0);
}

async function expectValid(file: string, count = 1): Promise<void> {
  const check = await qpdfCheck(file);
  expect(check.ok, check.output).toBe(true);
  const report = await pdfsig(file, nssDir);
  expect(report).toHaveLength(count);
  for (const signature of report) {
    expect(signature.valid, signature.raw).toBe(true);
    expect(signature.trusted, signature.raw).toBe(true);
  }
}

/** A page rendered by poppler at 50 dpi: RGB pixels, row 0 at the top. */
interface Rendering {
  width: number;
  height: number;
  rgb: (x: number, y: number) => [number, number, number];
}

async function render(file: string, page: number, artifactName?: string): Promise<Rendering> {
  const prefix = join(scratch, `render-${Math.random().toString(36).slice(2)}`);
  await run("pdftoppm", ["-r", "50", "-f", String(page), "-l", String(page), "-singlefile", file, prefix]);
  if (artifactName) await run("pdftoppm", ["-png", "-r", "50", "-f", String(page), "-l", String(page), "-singlefile", file, join(artifacts, artifactName)]);
  const ppm = await readFile(`${prefix}.ppm`);
  const [magic, width, height, max] = ppm.toString("latin1", 0, 40).split(/\s+/);
  if (magic !== "P6" || max !== "255") throw new Error("pdftoppm did not write a binary PPM");
  const offset = ppm.indexOf("255\n", 0, "latin1") + 4;
  const w = Number(width);
  return { width: w, height: Number(height), rgb: (x, y) => [ppm[offset + (y * w + x) * 3]!, ppm[offset + (y * w + x) * 3 + 1]!, ppm[offset + (y * w + x) * 3 + 2]!] };
}

/** A rectangle on the displayed page (points, y up) as pixel bounds (y down). */
function pixels(rect: PdfRect, page: { height: number }): { left: number; top: number; right: number; bottom: number } {
  return { left: Math.floor(rect[0] * SCALE), right: Math.ceil(rect[2] * SCALE), top: Math.floor((page.height - rect[3]) * SCALE), bottom: Math.ceil((page.height - rect[1]) * SCALE) };
}

const isInk = ([r, g, b]: [number, number, number]) => r < 200 || g < 200 || b < 200;
const isRed = ([r, g, b]: [number, number, number]) => r > 150 && g < 110 && b < 110;
const isBlue = ([r, g, b]: [number, number, number]) => b > 130 && r < 120 && g < 140;

/** Counts ink inside each expected rectangle and anywhere else on the page (which must stay white). */
function inkReport(image: Rendering, options: { expected: PdfRect[]; page: { height: number } }) {
  const boxes = options.expected.map((rect) => pixels(rect, options.page));
  const inside = boxes.map(() => ({ ink: 0, red: 0, blue: 0, redLeftHalf: 0, redWidth: 0, redHeight: 0, redBounds: { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity } }));
  let outside = 0;
  for (let y = 0; y < image.height; y += 1) {
    for (let x = 0; x < image.width; x += 1) {
      const pixel = image.rgb(x, y);
      if (!isInk(pixel)) continue;
      // One pixel of slack for anti-aliasing at the rectangle's edge.
      const index = boxes.findIndex((b) => x >= b.left - 1 && x <= b.right + 1 && y >= b.top - 1 && y <= b.bottom + 1);
      if (index < 0) {
        outside += 1;
        continue;
      }
      const counts = inside[index]!;
      counts.ink += 1;
      if (isRed(pixel)) {
        counts.red += 1;
        const bounds = counts.redBounds;
        [bounds.left, bounds.right, bounds.top, bounds.bottom] = [Math.min(bounds.left, x), Math.max(bounds.right, x), Math.min(bounds.top, y), Math.max(bounds.bottom, y)];
        counts.redWidth = bounds.right - bounds.left + 1;
        counts.redHeight = bounds.bottom - bounds.top + 1;
      }
      if (isBlue(pixel)) counts.blue += 1;
      if (isRed(pixel) && x < (boxes[index]!.left + boxes[index]!.right) / 2) counts.redLeftHalf += 1;
    }
  }
  return { inside, outside };
}

describe("kyso sign --profile: visible signatures (Decree 30), checked with qpdf, pdfsig and poppler's rendering", () => {
  it("approval: draws the blue signature image in the lower third of the last page, and nothing elsewhere", async () => {
    const output = join(scratch, "approval.pdf");
    await kyso([files.twoPages, "-o", output, "--profile", "approval", "--image", files.signature]);
    await expectValid(output);
    const last = inkReport(await render(output, 2, "appearance-approval"), { expected: [defaultDisplayedRect("approval", A4)], page: A4 });
    expect(last.outside).toBe(0);
    expect(last.inside[0]!.blue).toBeGreaterThan(100);
    expect(inkReport(await render(output, 1), { expected: [], page: A4 }).outside).toBe(0);
  });

  it("approval without an image: writes the certificate's name instead of failing", async () => {
    const output = join(scratch, "approval-name.pdf");
    await kyso([files.twoPages, "-o", output, "--profile", "approval"]);
    await expectValid(output);
    const report = inkReport(await render(output, 2, "appearance-approval-name"), { expected: [defaultDisplayedRect("approval", A4)], page: A4 });
    expect(report.outside).toBe(0);
    expect(report.inside[0]!.ink).toBeGreaterThan(50);
    expect(report.inside[0]!.blue).toBe(0);
  });

  it("issuing: puts the red seal, at its real size, over the left third of the signature on the last page and the information block top right on the first", async () => {
    const output = join(scratch, "issuing.pdf");
    await kyso([files.twoPages, "-o", output, "--profile", "issuing", "--image", files.signature, "--seal", files.seal, "--org", "Ủy ban nhân dân tỉnh Gia Lai"], "organisationSeal");
    await expectValid(output);
    const seal = inkReport(await render(output, 2, "appearance-issuing"), { expected: [defaultDisplayedRect("issuing", A4)], page: A4 });
    expect(seal.outside).toBe(0);
    expect(seal.inside[0]!.red).toBeGreaterThan(100);
    expect(seal.inside[0]!.blue).toBeGreaterThan(100);
    expect(seal.inside[0]!.redLeftHalf / seal.inside[0]!.red).toBeGreaterThan(0.7);
    // The test seal's pHYs says 36 mm across (102 pt); its outer ring is 296 of its 300 px.
    expect(seal.inside[0]!.redWidth).toBeCloseTo((296 / 300) * (36 / 25.4) * 72 * SCALE, -1);
    const info = inkReport(await render(output, 1, "appearance-issuing-info"), { expected: [infoBlockDisplayedRect(A4)], page: A4 });
    expect(info.outside).toBe(0);
    expect(info.inside[0]!.ink).toBeGreaterThan(100);
    expect(info.inside[0]!.red).toBe(0);
  });

  it("keeps the approval signature valid when the organisation's issuing signature is added over it", async () => {
    const approved = join(scratch, "approved.pdf");
    const issued = join(scratch, "issued.pdf");
    await kyso([files.twoPages, "-o", approved, "--profile", "approval", "--image", files.signature]);
    await kyso([approved, "-o", issued, "--profile", "issuing", "--seal", files.seal], "organisationSeal");
    await expectValid(issued, 2);
    const page = inkReport(await render(issued, 2), { expected: [defaultDisplayedRect("issuing", A4)], page: A4 });
    expect(page.outside).toBe(0);
    expect(page.inside[0]!.red).toBeGreaterThan(100);
    expect(page.inside[0]!.blue).toBeGreaterThan(100);
  });

  it.each([
    ["copy", ["--org", "Văn phòng Sở Tư pháp"]],
    ["attachment", ["--doc-number", "125/QĐ-UBND"]],
    ["incoming", ["--doc-number", "3.456"]],
  ] as const)("%s: draws the text block at the profile's place on the first page", async (profile, extra) => {
    const output = join(scratch, `${profile}.pdf`);
    await kyso([files.twoPages, "-o", output, "--profile", profile, ...extra]);
    await expectValid(output);
    const report = inkReport(await render(output, 1, `appearance-${profile}`), { expected: [defaultDisplayedRect(profile, A4)], page: A4 });
    expect(report.outside).toBe(0);
    expect(report.inside[0]!.ink).toBeGreaterThan(100);
  });

  it("comment: draws the stamp at the page and rectangle given with --page and --rect", async () => {
    const output = join(scratch, "comment.pdf");
    await kyso([files.twoPages, "-o", output, "--profile", "comment", "--text", "Đồng ý, trình ký", "--page", "2", "--rect", "300,400,180,60"]);
    await expectValid(output);
    const report = inkReport(await render(output, 2, "appearance-comment"), { expected: [[300, 400, 480, 460]], page: A4 });
    expect(report.outside).toBe(0);
    expect(report.inside[0]!.ink).toBeGreaterThan(100);
  });

  it("fills a prepared empty signature field with the appearance, in the field's own rectangle", async () => {
    const output = join(scratch, "prepared.pdf");
    await kyso([files.preparedField, "-o", output, "--field", "ChuKyLanhDao", "--profile", "approval", "--image", files.signature]);
    await expectValid(output);
    expect((await pdfsig(output, nssDir))[0]?.raw).toContain("ChuKyLanhDao");
    const report = inkReport(await render(output, 1), { expected: [PREPARED_RECT], page: A4 });
    expect(report.outside).toBe(0);
    expect(report.inside[0]!.blue).toBeGreaterThan(100);
  });

  it("signs every corpus file visibly (xref tables and streams, object streams, linearized, Ghostscript, junk around the file) so that qpdf and pdfsig accept it", async () => {
    const corpusDir = join(scratch, "corpus");
    const outDir = join(scratch, "corpus-signed");
    await mkdir(corpusDir);
    await mkdir(outDir);
    const corpus = await buildCorpus(corpusDir);
    await kyso([...corpus.map((f) => f.path), "--out-dir", outDir, "--profile", "issuing", "--seal", files.seal, "--image", files.signature], "organisationSeal");
    for (const file of corpus) {
      const output = join(outDir, basename(file.path));
      const check = await qpdfCheck(output);
      expect(check.ok, `${file.description}: ${check.output}`).toBe(true);
      const [signature] = await pdfsig(output, nssDir);
      expect(signature?.valid, `${file.description}: ${signature?.raw ?? "no signature"}`).toBe(true);
    }
  }, 120_000);

  it("refuses issuing's information block on a document certified with DocMDP P=2, which forbids new annotations, and writes nothing", async () => {
    const document = await PDFDocument.create();
    document.addPage([595, 842]);
    const reference = document.context.obj({ Type: "SigRef", TransformMethod: "DocMDP", TransformParams: { Type: "TransformParams", P: 2, V: "1.2" } });
    const certification = document.context.register(document.context.obj({ Type: "Sig", Reference: [reference] }));
    document.catalog.set(PDFName.of("Perms"), document.context.obj({ DocMDP: certification }));
    const input = join(scratch, "certified-p2.pdf");
    await writeFile(input, await document.save());
    const output = join(scratch, "certified-issuing.pdf");
    const failure = await runSign([input, "-o", output, "--profile", "issuing", "--seal", files.seal], "organisationSeal");
    expect(failure.code).not.toBe(0);
    expect(failure.stderr).toMatch(/PDF_CHANGES_NOT_PERMITTED/);
    expect(existsSync(output)).toBe(false);
    await kyso([input, "-o", join(scratch, "certified-approval.pdf"), "--profile", "approval", "--image", files.signature]);
  });

  it("draws upright on a /Rotate 90 page: the same pixels as on an unrotated page of the same displayed size", async () => {
    const rotated = join(scratch, "rotated-approval.pdf");
    const landscape = join(scratch, "landscape-approval.pdf");
    await kyso([files.rotated, "-o", rotated, "--profile", "approval", "--image", files.signature]);
    await kyso([files.landscape, "-o", landscape, "--profile", "approval", "--image", files.signature]);
    await expectValid(rotated);
    const expected = defaultDisplayedRect("approval", LANDSCAPE);
    const [a, b] = [await render(rotated, 1, "appearance-approval-rotate90"), await render(landscape, 1)];
    expect(inkReport(a, { expected: [expected], page: LANDSCAPE }).outside).toBe(0);
    const box = pixels(expected, LANDSCAPE);
    let differing = 0;
    let ink = 0;
    for (let y = box.top; y < box.bottom; y += 1) {
      for (let x = box.left; x < box.right; x += 1) {
        if (isInk(a.rgb(x, y))) ink += 1;
        if (a.rgb(x, y).some((channel, i) => Math.abs(channel - b.rgb(x, y)[i]!) > 64)) differing += 1;
      }
    }
    expect(ink).toBeGreaterThan(100);
    expect(differing / ink).toBeLessThan(0.05);
  });

  it("puts issuing's information block at the reader's top right of a /Rotate 90 first page", async () => {
    const output = join(scratch, "rotated-issuing.pdf");
    await kyso([files.rotated, "-o", output, "--profile", "issuing", "--seal", files.seal, "--org", "Sở Nội vụ"], "organisationSeal");
    await expectValid(output);
    const report = inkReport(await render(output, 1, "appearance-issuing-rotate90"), { expected: [defaultDisplayedRect("issuing", LANDSCAPE), infoBlockDisplayedRect(LANDSCAPE)], page: LANDSCAPE });
    expect(report.outside).toBe(0);
    expect(report.inside[0]!.red).toBeGreaterThan(100);
    // Still round: a seal turned with the page but not back would be squeezed into an ellipse.
    expect(report.inside[0]!.redWidth / report.inside[0]!.redHeight).toBeCloseTo(1, 1);
    expect(report.inside[1]!.ink).toBeGreaterThan(100);
  });
});
