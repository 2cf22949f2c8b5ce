import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { memoryByteSource } from "../byte-source.js";
import { PdfDict, PdfName, PdfString, type PdfValue } from "../objects.js";
import { PdfDocumentReader } from "../read/pdf-document-reader.js";
import { openDocumentSecurity, type DocumentSecurity } from "./document-security.js";
import { assertPermissionsAllow, type SigningChange } from "./permissions.js";
import { rc4 } from "./rc4.js";

const run = promisify(execFile);
const TITLE = "Công văn số 12/UBND-VP";
let scratch: string;
let base: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-crypt-"));
  const document = await PDFDocument.create();
  document.addPage([595, 842]);
  document.setTitle(TITLE);
  base = join(scratch, "base.pdf");
  await writeFile(base, await document.save({ useObjectStreams: true }));
});

/** A file encrypted by qpdf, opened by kyso's reader; the /Info /Title as decrypted. */
async function openEncrypted(options: { qpdf: string[]; password?: string }): Promise<{ security: DocumentSecurity | undefined; title: string }> {
  const path = join(scratch, `${Math.random().toString(36).slice(2)}.pdf`);
  await run("qpdf", ["--allow-weak-crypto", "--encrypt", ...options.qpdf, "--", base, path]);
  const reader = await PdfDocumentReader.open(memoryByteSource(await readFile(path)), options.password === undefined ? {} : { password: options.password });
  const title = (await reader.resolveDict(reader.trailer.get("Info")))?.get("Title");
  if (!(title instanceof PdfString)) throw new Error("no /Title");
  return { security: reader.security, title: new TextDecoder("utf-16be").decode(title.bytes.subarray(2)) };
}

describe("Standard security handler (ISO 32000-2 §7.6.4): opening qpdf's encrypted files", () => {
  it.each([
    ["RC4 40-bit, R2", ["u", "o", "40"], 2],
    ["RC4 128-bit, R3", ["u", "o", "128", "--use-aes=n"], 3],
    ["AES-128, R4", ["u", "o", "128", "--use-aes=y"], 4],
    ["AES-256, R5 (Adobe extension level 3)", ["u", "o", "256", "--force-R5"], 5],
    ["AES-256, R6", ["u", "o", "256"], 6],
  ] as const)("%s: the user password gives user access, the owner password owner access, both decrypt text strings", async (_label, qpdf, revision) => {
    const asUser = await openEncrypted({ qpdf: [...qpdf], password: "u" });
    expect(asUser.security).toMatchObject({ access: "user", revision });
    expect(asUser.title).toBe(TITLE);
    const asOwner = await openEncrypted({ qpdf: [...qpdf], password: "o" });
    expect(asOwner.security).toMatchObject({ access: "owner", revision });
    expect(asOwner.title).toBe(TITLE);
  });

  it.each([
    ["R3", ["", "o", "128", "--use-aes=n"]],
    ["R6", ["", "o", "256"]],
  ] as const)("%s: an empty user password opens without any password given", async (_label, qpdf) => {
    const opened = await openEncrypted({ qpdf: [...qpdf] });
    expect(opened.security?.access).toBe("user");
    expect(opened.title).toBe(TITLE);
  });

  it.each([
    ["R2", ["u", "o", "40"]],
    ["R4", ["u", "o", "128", "--use-aes=y"]],
    ["R6", ["u", "o", "256"]],
  ] as const)("%s: no password is PDF_PASSWORD_REQUIRED, a wrong one PDF_PASSWORD_INCORRECT", async (_label, qpdf) => {
    await expect(openEncrypted({ qpdf: [...qpdf] })).rejects.toMatchObject({ code: "PDF_PASSWORD_REQUIRED" });
    await expect(openEncrypted({ qpdf: [...qpdf], password: "U" })).rejects.toMatchObject({ code: "PDF_PASSWORD_INCORRECT" });
  });

  it("takes a Vietnamese AES-256 password as UTF-8 after normalisation (NFC and NFD typing both open)", async () => {
    const password = "Mật khẩu";
    const opened = await openEncrypted({ qpdf: [password.normalize("NFC"), "o", "256"], password: password.normalize("NFD") });
    expect(opened.security?.access).toBe("user");
  });
});

describe("damaged or unknown encryption dictionaries: a typed error, never a crash", () => {
  const bytes = (length: number) => new PdfString(new Uint8Array(length));
  const name = (value: string) => PdfName.of(value);
  const rc4 = { Filter: name("Standard"), V: 2, R: 3, Length: 128, P: -4, O: bytes(32), U: bytes(32) };
  const stdCf = (method: string) => new PdfDict([["StdCF", new PdfDict([["CFM", name(method)]])]]);
  const aes128 = { ...rc4, V: 4, R: 4, CF: stdCf("AESV2"), StmF: name("StdCF"), StrF: name("StdCF") };
  const aes256 = { ...aes128, V: 5, R: 6, CF: stdCf("AESV3"), O: bytes(48), U: bytes(48), OE: bytes(32), UE: bytes(32), Perms: bytes(16) };
  it.each<{ damage: string; encrypt: Record<string, PdfValue | undefined>; id?: PdfValue; code: string }>([
    { damage: "no /R", encrypt: { ...rc4, R: undefined }, code: "PDF_UNSUPPORTED" },
    { damage: "an unknown revision /R 7", encrypt: { ...rc4, R: 7 }, code: "PDF_UNSUPPORTED" },
    { damage: "an unknown algorithm /V 3", encrypt: { ...rc4, V: 3 }, code: "PDF_UNSUPPORTED" },
    { damage: "an unknown crypt filter method", encrypt: { ...aes128, CF: stdCf("ChaCha") }, code: "PDF_UNSUPPORTED" },
    { damage: "no /P", encrypt: { ...rc4, P: undefined }, code: "PDF_MALFORMED" },
    { damage: "an /O shorter than 32 bytes", encrypt: { ...rc4, O: bytes(8) }, code: "PDF_MALFORMED" },
    { damage: "a key /Length of 4096 bits", encrypt: { ...rc4, Length: 4096 }, code: "PDF_MALFORMED" },
    { damage: "a crypt filter missing from /CF", encrypt: { ...aes128, CF: new PdfDict() }, code: "PDF_MALFORMED" },
    { damage: "an R6 dictionary without /OE", encrypt: { ...aes256, OE: undefined }, code: "PDF_MALFORMED" },
    { damage: "no trailer /ID (RC4 and AES-128 keys need it)", encrypt: aes128, id: null, code: "PDF_MALFORMED" },
  ])("$damage → $code", ({ encrypt, id, code }) => {
    const entries = Object.entries(encrypt).filter((entry): entry is [string, PdfValue] => entry[1] !== undefined);
    const open = () => openDocumentSecurity({ encrypt: new PdfDict(entries), trailerId: id === undefined ? [bytes(16), bytes(16)] : id, password: "x" });
    expect(open).toThrow(expect.objectContaining({ code }));
  });
});

describe("permissions (§7.6.4.2 Table 22) for a user-password signer", () => {
  const user = (permissions: number, revision: DocumentSecurity["revision"] = 6) => ({ access: "user", revision, permissions }) as DocumentSecurity;
  const ALL = -4;
  const bits = (...positions: number[]) => positions.reduce((p, position) => p & ~(1 << (position - 1)), ALL);
  it.each<{ who: string; security: DocumentSecurity | undefined; change: SigningChange; allowed: boolean }>([
    { who: "an unencrypted file", security: undefined, change: "add-field", allowed: true },
    { who: "the owner, whatever /P says", security: { ...user(bits(4, 6, 9)), access: "owner" }, change: "add-field", allowed: true },
    { who: "a user with every permission", security: user(ALL), change: "add-field", allowed: true },
    { who: "a user without bit 4 (modify)", security: user(bits(4)), change: "add-field", allowed: false },
    { who: "a user without bit 6 (annotations and forms)", security: user(bits(6)), change: "add-field", allowed: false },
    { who: "a user without bit 4", security: user(bits(4)), change: "fill-existing-field", allowed: true },
    { who: "a user with bit 9 (fill forms) but not 4 and 6", security: user(bits(4, 6)), change: "fill-existing-field", allowed: true },
    { who: "an R2 user without bit 6 (bit 9 exists from R3)", security: user(bits(4, 6), 2), change: "fill-existing-field", allowed: false },
    { who: "a user without bits 6 and 9", security: user(bits(6, 9)), change: "fill-existing-field", allowed: false },
    { who: "a user without bit 6", security: user(bits(6)), change: "add-annotations", allowed: false },
  ])("$who: $change → allowed $allowed", ({ security, change, allowed }) => {
    const check = () => assertPermissionsAllow(security, change);
    if (allowed) expect(check).not.toThrow();
    else expect(check).toThrow(expect.objectContaining({ code: "PDF_OWNER_PASSWORD_REQUIRED" }));
  });
});

describe("RC4", () => {
  it("matches RFC 6229's test vector for a 40-bit key", () => {
    const keystream = rc4(Uint8Array.of(1, 2, 3, 4, 5), new Uint8Array(16));
    expect(Buffer.from(keystream).toString("hex")).toBe("b2396305f03dc027ccc3524a0a1118a8");
  });
});
