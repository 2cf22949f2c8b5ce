import { KysoError } from "../../protocol/kyso-error.js";
import { PdfDict, PdfString, type PdfValue } from "../objects.js";
import { malformed } from "../read/pdf-syntax-error.js";
import { aes256PasswordBytes, authenticateAes256, permissionsAreIntact } from "./aes256-file-key.js";
import { readStandardEncryption, type StandardEncryption } from "./encryption-dictionary.js";
import { ObjectCrypt } from "./object-crypt.js";
import { authenticateRc4Owner, authenticateRc4User, type Rc4KeyContext } from "./rc4-file-key.js";

/** An encrypted document opened with a password. */
export interface DocumentSecurity {
  crypt: ObjectCrypt;
  /** Which password opened it: the owner's grants every permission (§7.6.4.1). */
  access: "owner" | "user";
  revision: StandardEncryption["revision"];
  /** /P (§7.6.4.2 Table 22), bit 1 being the lowest. */
  permissions: number;
}

/**
 * Opens the Standard security handler (ISO 32000-2 §7.6.4) with `password`, or with the
 * empty password when none is given (most "encrypted" PDFs only restrict permissions and
 * open for everyone). The owner password is tried first: a password that is both must give
 * owner access, as in Acrobat and pdf.js. None given and the empty one fails:
 * PDF_PASSWORD_REQUIRED; a wrong one: PDF_PASSWORD_INCORRECT.
 */
export function openDocumentSecurity(options: { encrypt: PdfDict; trailerId: PdfValue | undefined; password: string | undefined }): DocumentSecurity {
  const encryption = readStandardEncryption(options.encrypt);
  const password = options.password ?? "";
  const opened = encryption.revision >= 5 ? openAes256(encryption, password) : openRc4(encryption, firstId(options.trailerId), password);
  if (!opened) throw new KysoError(options.password === undefined ? "PDF_PASSWORD_REQUIRED" : "PDF_PASSWORD_INCORRECT");
  return { crypt: new ObjectCrypt(encryption, opened.fileKey), access: opened.access, revision: encryption.revision, permissions: encryption.permissions };
}

type Opened = { fileKey: Uint8Array; access: "owner" | "user" } | undefined;

function openAes256(encryption: StandardEncryption, password: string): Opened {
  const bytes = aes256PasswordBytes(password);
  const ownerKey = authenticateAes256(encryption, bytes, "owner");
  if (ownerKey) return { fileKey: ownerKey, access: "owner" };
  const userKey = authenticateAes256(encryption, bytes, "user");
  if (!userKey) return undefined;
  // Algorithm 13: permissions only bind a user; edited ones must not pass as the author's.
  if (!permissionsAreIntact(encryption, userKey)) throw malformed("/Perms does not match /P: the encryption dictionary was altered");
  return { fileKey: userKey, access: "user" };
}

/**
 * Revisions 2–4 take passwords in PDFDocEncoding (§7.6.4.3.2 Algorithm 2 step (a)), which
 * agrees with Latin-1 for what can be typed; a password beyond it is also tried as UTF-8,
 * the bytes other tools (qpdf) use when no conversion exists.
 */
function openRc4(encryption: StandardEncryption, documentId: Uint8Array, password: string): Opened {
  const context: Rc4KeyContext = { encryption, documentId };
  const candidates = [new TextEncoder().encode(password)];
  const codes = Array.from({ length: password.length }, (_, i) => password.charCodeAt(i));
  if (codes.every((code) => code <= 0xff)) candidates.unshift(Uint8Array.from(codes));
  for (const bytes of candidates) {
    const ownerKey = authenticateRc4Owner(context, bytes);
    if (ownerKey) return { fileKey: ownerKey, access: "owner" };
    const userKey = authenticateRc4User(context, bytes);
    if (userKey) return { fileKey: userKey, access: "user" };
  }
  return undefined;
}

/** §7.6.4.3.2 Algorithm 2 step (e) uses the first /ID string; revisions 2–4 cannot do without it. */
function firstId(trailerId: PdfValue | undefined): Uint8Array {
  const first = Array.isArray(trailerId) ? trailerId[0] : undefined;
  if (!(first instanceof PdfString)) throw malformed("an encrypted file's trailer has no /ID");
  return first.bytes;
}
