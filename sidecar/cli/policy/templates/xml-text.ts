/**
 * Text or attribute content for XML (ADMX, ADML, plist): the five predefined entities, and
 * CR as a character reference because XML parsers turn a literal CR LF into LF (XML 1.0 §2.11).
 */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\r/g, "&#13;");
}
