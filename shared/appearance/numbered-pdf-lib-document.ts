import * as fontkitModule from "@pdf-lib/fontkit";
import { PDFDocument } from "pdf-lib";

/**
 * @pdf-lib/fontkit's typings declare only named exports, but its ES build has just a default
 * export and Node loads its UMD build as CommonJS (again a default): take whichever exists.
 */
export const fontkit = (fontkitModule as unknown as { default?: typeof fontkitModule }).default ?? fontkitModule;

/** One indirect object for the incremental update: its number and its serialised value. */
export interface RawPdfObject {
  objectNumber: number;
  /** The object's value (§7.3), without the `N 0 obj` / `endobj` frame. */
  body: Uint8Array;
}

/**
 * A pdf-lib document used only as an object factory (ARCHITECTURE.md: pdf-lib builds the new
 * objects, our writer saves them). pdf-lib numbers objects from its context's
 * `largestObjectNumber + 1`; starting it just below `firstObjectNumber` makes every object it
 * creates land on a number that is free in the file being updated, so its references need no
 * rewriting.
 */
export async function createNumberedDocument(firstObjectNumber: number): Promise<PDFDocument> {
  const document = await PDFDocument.create({ updateMetadata: false });
  document.registerFontkit(fontkit);
  // create() registers a catalog and a page tree that the update must not carry.
  for (const [ref] of document.context.enumerateIndirectObjects()) document.context.delete(ref);
  document.context.largestObjectNumber = firstObjectNumber - 1;
  return document;
}

/**
 * Writes every object the document holds, after embedding fonts (the subset holds only the
 * glyphs encoded so far) and images. Returns them with the first free number after them.
 */
export async function serialiseNewObjects(document: PDFDocument): Promise<{ objects: RawPdfObject[]; nextObjectNumber: number }> {
  await document.flush();
  const objects = document.context
    .enumerateIndirectObjects()
    .map(([ref, object]) => {
      const body = new Uint8Array(object.sizeInBytes());
      object.copyBytesInto(body, 0);
      return { objectNumber: ref.objectNumber, body };
    })
    .sort((a, b) => a.objectNumber - b.objectNumber);
  return { objects, nextObjectNumber: document.context.largestObjectNumber + 1 };
}
