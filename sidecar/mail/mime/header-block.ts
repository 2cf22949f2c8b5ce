/**
 * Splits a message into its header fields (RFC 5322 §2.2, unfolded only to read names; each
 * field keeps its exact original lines) and its body, so that S/MIME can move the Content-*
 * fields into the signed part without re-encoding a byte.
 */
export interface HeaderField {
  /** Lower-case field name. */
  name: string;
  /** The field as it appeared, folded lines and the final CRLF included. */
  raw: string;
}

export interface SplitMessage {
  fields: HeaderField[];
  body: Buffer;
}

/** RFC 8551 §3.1.1: canonical form has CRLF line ends; bare LF (and bare CR) become CRLF. */
export function canonicalCrlf(bytes: Buffer): Buffer {
  if (!bytes.includes(0x0a) && !bytes.includes(0x0d)) return bytes;
  return Buffer.from(bytes.toString("latin1").replace(/\r\n|\r|\n/g, "\r\n"), "latin1");
}

export function splitMessage(message: Buffer): SplitMessage {
  const canonical = canonicalCrlf(message);
  const end = canonical.indexOf("\r\n\r\n");
  const headerText = (end < 0 ? canonical : canonical.subarray(0, end + 2)).toString("latin1");
  const body = end < 0 ? Buffer.alloc(0) : canonical.subarray(end + 4);
  const fields: HeaderField[] = [];
  for (const line of headerText.split(/(?<=\r\n)/)) {
    if (line === "") continue;
    const last = fields[fields.length - 1];
    if ((line.startsWith(" ") || line.startsWith("\t")) && last) last.raw += line;
    else fields.push({ name: line.slice(0, Math.max(0, line.indexOf(":"))).trim().toLowerCase(), raw: line });
  }
  return { fields, body };
}
