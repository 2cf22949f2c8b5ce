import type { AppearanceProfile, PdfRect } from "../../shared/appearance/appearance-options.js";
import { isVisibleProfile, resolveAppearancePlacement } from "../../shared/appearance/signature-appearance.js";
import { blobByteSource } from "../../shared/pdf/byte-source.js";
import { pageCount } from "../../shared/pdf/read/page-tree.js";
import { PdfDocumentReader } from "../../shared/pdf/read/pdf-document-reader.js";
import type { StampPlacement } from "../../shared/protocol/confirmation.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import type { PlacementRequest } from "../../shared/protocol/page-api.js";
import { sha256Hex } from "./sha256-hex.js";

/** One document of a request once its bytes are here: what the confirmation shows and the engine signs. */
export interface PortalDocument {
  index: number;
  name: string;
  documentNumber?: string;
  blob: Blob;
  sha256Hex: string;
  pageCount: number;
  /** Where the stamp goes unless the person moves it; absent for the invisible profile. */
  defaultPlacement?: StampPlacement;
}

/**
 * The profile's default stamp (DECREE30.md), moved to where the page asked (`placement`, its
 * lower-left corner) when it did; the stamp keeps the profile's size.
 */
async function defaultPlacementOf(reader: PdfDocumentReader, profile: AppearanceProfile, requested: PlacementRequest | undefined): Promise<StampPlacement | undefined> {
  if (!isVisibleProfile(profile)) return undefined;
  const resolved = await resolveAppearancePlacement({ reader, profile, ...(requested?.page === undefined ? {} : { placement: { pageIndex: requested.page } }) });
  const [x1, y1, x2, y2] = resolved.rect;
  const width = x2 - x1;
  const height = y2 - y1;
  return { page: resolved.pageIndex, x: requested?.x ?? x1, y: requested?.y ?? y1, width, height };
}

export async function readPortalDocument(options: {
  index: number;
  name: string;
  documentNumber?: string;
  blob: Blob;
  profile: AppearanceProfile;
  placement?: PlacementRequest;
}): Promise<PortalDocument> {
  const reader = await PdfDocumentReader.open(blobByteSource(options.blob));
  const pages = await pageCount(reader);
  if (pages < 1) throw new KysoError("PDF_MALFORMED", "the document has no pages");
  if (options.placement?.page !== undefined && options.placement.page >= pages) throw new KysoError("BAD_REQUEST", `placement page ${options.placement.page} of ${pages}`);
  const defaultPlacement = await defaultPlacementOf(reader, options.profile, options.placement);
  return {
    index: options.index,
    name: options.name,
    ...(options.documentNumber ? { documentNumber: options.documentNumber } : {}),
    blob: options.blob,
    sha256Hex: await sha256Hex(await options.blob.arrayBuffer()),
    pageCount: pages,
    ...(defaultPlacement ? { defaultPlacement } : {}),
  };
}

/** The stamp rectangle ([x1 y1 x2 y2]) where the person left it. */
export function stampRect(placement: StampPlacement): PdfRect {
  return [placement.x, placement.y, placement.x + placement.width, placement.y + placement.height];
}
