import type { ListResponse } from "imapflow";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { SentPolicy } from "../mail-account.js";

/**
 * Which folder is Sent: the configured path; else the one the server flags \Sent
 * (RFC 6154 SPECIAL-USE); else a folder with a known localized name — agency servers set up
 * in Vietnamese call it "Đã gửi" or "Thư đã gửi", Exchange "Sent Items". Names are compared
 * NFC-normalised and case-folded, as servers store either normalisation form.
 */
const SENT_NAMES = ["sent", "sent items", "sent messages", "sent mail", "đã gửi", "thư đã gửi", "hộp thư đã gửi", "mục đã gửi", "gửi đi", "thư gửi đi"];

const fold = (name: string): string => name.normalize("NFC").toLocaleLowerCase("vi").trim();
const KNOWN = new Set(SENT_NAMES.map(fold));

export function findSentFolder(mailboxes: readonly Pick<ListResponse, "path" | "name" | "flags" | "specialUse">[], policy: SentPolicy): string {
  if (policy.mailbox !== undefined) {
    const configured = mailboxes.find((m) => m.path === policy.mailbox || fold(m.path) === fold(policy.mailbox ?? ""));
    if (!configured) throw new KysoError("MAIL_SENT_FOLDER_NOT_FOUND", `configured folder "${policy.mailbox}" does not exist`);
    return configured.path;
  }
  const flagged = mailboxes.find((m) => m.flags.has("\\Sent"));
  if (flagged) return flagged.path;
  // Top-level names first: "Sent" beats "Archive/2019/Sent".
  const byName = mailboxes.filter((m) => KNOWN.has(fold(m.name))).sort((a, b) => a.path.split("/").length - b.path.split("/").length)[0];
  if (byName) return byName.path;
  const guessed = mailboxes.find((m) => m.specialUse === "\\Sent");
  if (guessed) return guessed.path;
  throw new KysoError("MAIL_SENT_FOLDER_NOT_FOUND", `no folder flagged \\Sent or named like one among ${mailboxes.length} folders`);
}
