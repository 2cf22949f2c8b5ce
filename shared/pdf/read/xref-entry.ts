import type { PdfDict } from "../objects.js";

/** Where an object lives, per one cross-reference section (ISO 32000-1 §7.5.4, §7.5.8.3). */
export type XrefEntry =
  | { kind: "free" }
  | { kind: "in-file"; offset: number; generation: number }
  | { kind: "in-object-stream"; streamObjectNumber: number; index: number };

/** One revision's cross-reference section. */
export interface XrefSection {
  kind: "table" | "stream";
  /** Offset of `xref` or of the xref stream object, as written in the file. */
  offset: number;
  trailer: PdfDict;
  entries: Map<number, XrefEntry>;
}
