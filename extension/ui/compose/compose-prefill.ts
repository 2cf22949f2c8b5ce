import type { AddressBookEntry, ComposeRequest } from "../../../shared/protocol/compose.js";

/**
 * What the compose window fills in before the person types anything: the subject from the
 * document number and title ("45/UBND-VP: V/v triển khai chữ ký số"), the body from policy's
 * template, and the address book search. Pure functions, so they are tested without a browser.
 */

/** The page's own subject; else "số ký hiệu: trích yếu"; else the file name without .pdf. */
export function defaultSubject(request: Pick<ComposeRequest, "subject" | "documents">): string {
  if (request.subject !== undefined && request.subject.trim() !== "") return request.subject.trim();
  const first = request.documents[0];
  if (!first) return "";
  const number = first.documentNumber?.trim() ?? "";
  const title = first.title?.trim() ?? "";
  if (number !== "" && title !== "") return `${number}: ${title}`;
  return number || title || first.name.replace(/\.pdf$/i, "");
}

export interface TemplateValues {
  recipient: string;
  documentNumber: string;
  title: string;
  documentName: string;
}

/** Replaces {{name}} placeholders; an unknown placeholder stays as written, so a typo in policy shows. */
export function fillBodyTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name as keyof TemplateValues] : whole));
}

/** Folded for search: lower case, no diacritics, đ → d ("Sở Tư pháp" matches "so tu phap"). */
export function foldVietnamese(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

/** Entries whose name or address contain every word of the query, names starting with it first. */
export function searchAddressBook(entries: readonly AddressBookEntry[], query: string, limit = 20): AddressBookEntry[] {
  const words = foldVietnamese(query).split(/\s+/).filter((w) => w !== "");
  if (words.length === 0) return entries.slice(0, limit);
  const scored: Array<{ entry: AddressBookEntry; score: number }> = [];
  for (const entry of entries) {
    const haystack = `${foldVietnamese(entry.name)} ${entry.address.toLowerCase()}`;
    if (!words.every((word) => haystack.includes(word))) continue;
    scored.push({ entry, score: foldVietnamese(entry.name).startsWith(words[0] ?? "") ? 0 : 1 });
  }
  return scored.sort((a, b) => a.score - b.score).slice(0, limit).map((s) => s.entry);
}

/** The name the address book gives an address, for "Kính gửi: …"; the address itself otherwise. */
export function recipientName(entries: readonly AddressBookEntry[], address: string): string {
  return entries.find((e) => e.address.toLowerCase() === address.toLowerCase())?.name || address;
}

/** "a@x, b@y; c@z" → addresses, trimmed, without duplicates. */
export function parseAddressList(text: string): string[] {
  return [...new Set(text.split(/[,;\s]+/).map((a) => a.trim()).filter((a) => a !== ""))];
}
