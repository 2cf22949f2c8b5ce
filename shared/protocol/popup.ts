import * as z from "zod/mini";
import { ERROR_CODES } from "./error-codes.js";
import { auditRecordSchema } from "./methods/audit.js";
import { certificateEntrySchema, keysListResultSchema } from "./methods/keys.js";

/**
 * The toolbar popup ↔ background, on a runtime port named POPUP_PORT_NAME. The popup never
 * talks to the sidecar itself: the background answers over its one native port (ARCHITECTURE.md
 * "Background ↔ sidecar") and sends each part as soon as it has it, so the connection state
 * shows at once while the tokens are still being read.
 */
export const POPUP_PORT_NAME = "popup";

/** How many audit records the popup shows (newest first). */
export const POPUP_RECENT_RECORDS = 8;

/** Popup → background: read everything again (the person pressed Refresh, or plugged a token in). */
export const fromPopupSchema = z.object({ type: z.literal("popup.refresh") });

export const popupSidecarSchema = z.union([
  z.object({ state: z.literal("connected"), sidecarVersion: z.string().check(z.maxLength(64)), protocolVersion: z.number().check(z.int(), z.positive()) }),
  z.object({ state: z.literal("outdated"), sidecarVersion: z.optional(z.string().check(z.maxLength(64))) }),
  /** The browser's or the host's own words on why (e.g. "Specified native messaging host not found."). */
  z.object({ state: z.literal("unavailable"), reason: z.string().check(z.maxLength(1024)) }),
]);

/** A certificate as the popup lists it: who, which CA, validity, where — not its bytes. */
export const popupCertificateSchema = z.omit(certificateEntrySchema, { certificate: true, chain: true });

const errorCodeSchema = z.enum(ERROR_CODES);

/** Background → popup. */
export const toPopupSchema = z.union([
  z.object({ type: z.literal("popup.status"), sidecar: popupSidecarSchema }),
  z.object({
    type: z.literal("popup.keys"),
    certificates: z.array(popupCertificateSchema).check(z.maxLength(500)),
    unavailableModules: keysListResultSchema.shape.unavailableModules,
    unavailableServices: keysListResultSchema.shape.unavailableServices,
  }),
  z.object({ type: z.literal("popup.audit"), records: z.array(auditRecordSchema).check(z.maxLength(POPUP_RECENT_RECORDS)) }),
  /** keys.list or audit.list failed: the part says which list shows the error instead. */
  z.object({ type: z.literal("popup.error"), part: z.enum(["keys", "audit"]), code: errorCodeSchema }),
]);

export type FromPopup = z.infer<typeof fromPopupSchema>;
export type ToPopup = z.infer<typeof toPopupSchema>;
export type PopupSidecar = z.infer<typeof popupSidecarSchema>;
export type PopupCertificate = z.infer<typeof popupCertificateSchema>;
