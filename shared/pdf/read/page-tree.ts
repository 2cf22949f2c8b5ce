import { PdfDict, PdfName, PdfRef, numberValue } from "../objects.js";
import type { PdfDocumentReader } from "./pdf-document-reader.js";
import { malformed } from "./pdf-syntax-error.js";

/** Deeper page trees than this are hostile (real ones are a handful of levels). */
const MAX_TREE_DEPTH = 64;

export interface PageHandle {
  ref: PdfRef;
  dict: PdfDict;
  /** Inherited attributes resolved (§7.7.3.4): MediaBox, CropBox, Rotate. */
  mediaBox: [number, number, number, number];
  rotate: 0 | 90 | 180 | 270;
}

export async function catalogOf(reader: PdfDocumentReader): Promise<{ ref: PdfRef; dict: PdfDict }> {
  const root = reader.trailer.get("Root");
  if (!(root instanceof PdfRef)) throw malformed("trailer has no /Root reference");
  const dict = await reader.resolveDict(root);
  if (!dict) throw malformed("/Root is not a dictionary");
  return { ref: root, dict };
}

export async function pageCount(reader: PdfDocumentReader): Promise<number> {
  const { dict } = await catalogOf(reader);
  const pages = await reader.resolveDict(dict.get("Pages"));
  return numberValue(pages?.get("Count")) ?? 0;
}

/**
 * Finds page `index` (0-based) by descending the tree with each node's /Count, so that only
 * one path is read even in documents with hundreds of thousands of pages.
 */
export async function findPage(reader: PdfDocumentReader, index: number): Promise<PageHandle> {
  const { dict: catalog } = await catalogOf(reader);
  let nodeRef = catalog.get("Pages");
  let remaining = index;
  const inherited: { mediaBox?: unknown; rotate?: number } = {};
  const visited = new Set<number>();
  for (let depth = 0; depth <= MAX_TREE_DEPTH; depth += 1) {
    if (!(nodeRef instanceof PdfRef)) throw malformed("page tree node is not a reference");
    if (visited.has(nodeRef.objectNumber)) throw malformed("cycle in the page tree");
    visited.add(nodeRef.objectNumber);
    const node = await reader.resolveDict(nodeRef);
    if (!node) throw malformed("page tree node is not a dictionary");
    inherited.mediaBox = node.get("MediaBox") ?? inherited.mediaBox;
    inherited.rotate = numberValue(node.get("Rotate")) ?? inherited.rotate;
    if (node.get("Type") === PdfName.of("Page") || node.get("Kids") === undefined) {
      if (remaining !== 0) throw malformed(`page ${index + 1} does not exist`);
      return { ref: nodeRef, dict: node, mediaBox: await toRectangle(reader, inherited.mediaBox), rotate: normaliseRotation(inherited.rotate ?? 0) };
    }
    const kids = await reader.resolve(node.get("Kids"));
    if (!Array.isArray(kids)) throw malformed("page tree /Kids is not an array");
    nodeRef = undefined;
    for (const kid of kids) {
      const kidDict = await reader.resolveDict(kid);
      if (!kidDict) throw malformed("page tree kid is not a dictionary");
      const isLeaf = kidDict.get("Type") === PdfName.of("Page") || kidDict.get("Kids") === undefined;
      const count = isLeaf ? 1 : (numberValue(kidDict.get("Count")) ?? 0);
      if (remaining < count) {
        nodeRef = kid;
        break;
      }
      remaining -= count;
    }
    if (nodeRef === undefined) throw malformed(`page ${index + 1} does not exist`);
  }
  throw malformed("page tree too deep");
}

async function toRectangle(reader: PdfDocumentReader, value: unknown): Promise<[number, number, number, number]> {
  const resolved = value instanceof PdfRef ? await reader.resolve(value) : value;
  if (Array.isArray(resolved) && resolved.length === 4) {
    const numbers = resolved.map((v) => numberValue(v as never));
    if (numbers.every((n) => n !== undefined)) return numbers as [number, number, number, number];
  }
  // §7.7.3.3: MediaBox is required; A4 is the sane assumption for Vietnamese documents.
  return [0, 0, 595.28, 841.89];
}

function normaliseRotation(rotate: number): 0 | 90 | 180 | 270 {
  const r = (((Math.round(rotate / 90) * 90) % 360) + 360) % 360;
  return r as 0 | 90 | 180 | 270;
}
