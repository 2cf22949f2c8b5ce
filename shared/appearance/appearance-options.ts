/**
 * What a visible signature shows, per Decree 30/2020/NĐ-CP Appendix I (see
 * shared/design/DECREE30.md). Every number here is a default that policy may override.
 */
export const APPEARANCE_PROFILES = ["approval", "issuing", "copy", "attachment", "comment", "incoming", "invisible"] as const;
export type AppearanceProfile = (typeof APPEARANCE_PROFILES)[number];

export function isAppearanceProfile(value: string): value is AppearanceProfile {
  return (APPEARANCE_PROFILES as readonly string[]).includes(value);
}

/**
 * The TrueType fonts of the information text (Tinos regular and bold, metric-compatible with
 * Times New Roman). Injected by the caller because shared/ runs in the browser and in Node:
 * the sidecar reads them from disk, the extension from its package.
 */
export interface FontSource {
  regular: Uint8Array;
  bold: Uint8Array;
}

/** DeviceRGB components, 0–1. */
export type RgbColor = [number, number, number];

/** [x1 y1 x2 y2] in default user space (§8.3.2.3), the form of an annotation's /Rect. */
export type PdfRect = [number, number, number, number];

export interface AppearancePlacement {
  /** 0-based; the profile's default page when absent (approval: the last page). */
  pageIndex?: number;
  /** In default user space; the profile's default position on the page when absent. */
  rect?: PdfRect;
}

export interface AppearanceOptions {
  profile: AppearanceProfile;
  fonts: FontSource;
  /** The competent person's signature: blue ink on a transparent background. */
  signerImagePng?: Uint8Array;
  /** The organisation's seal: red ink on a transparent background, at its real size when the PNG says its resolution (pHYs). */
  sealImagePng?: Uint8Array;
  /** The issuing or copying organisation; defaults to the signer's name. */
  organisation?: string;
  /** Số và ký hiệu văn bản: for attachments and the incoming-document receipt. */
  documentNumber?: string;
  /** Shown instead of a missing image: the certificate subject's common name. */
  signerName?: string;
  /** The comment profile's text. */
  stampText?: string;
  /** Information text colour; black unless policy says otherwise. */
  textColor?: RgbColor;
  /** Issuing: where the information block goes (default: top right of the first page). */
  infoBlockPlacement?: AppearancePlacement;
}
