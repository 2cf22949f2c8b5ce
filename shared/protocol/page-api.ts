import * as z from "zod/mini";
import { ERROR_CODES } from "./error-codes.js";
import { MAIL_MAX_ATTACHMENTS } from "./methods/mail.js";
import { base64Bytes, displayNameSchema } from "./wire-bytes.js";

/**
 * The page API (extension contract §1): what a portal page may ask through `window.kyso`
 * and what it gets back, and the namespaced postMessage frames that carry it to the content
 * script. The page is untrusted: every frame is parsed here before anything acts on it.
 *
 * Bytes travel three ways: page ↔ content script by structured clone (ArrayBuffer or
 * Uint8Array), content script ↔ background as base64 (Chromium's runtime ports serialise
 * JSON, an ArrayBuffer would arrive as `{}`). One request schema serves both, built over
 * the byte form of its leg.
 */

/** A batch is one confirmation listing every document (ARCHITECTURE.md §4); the same cap as sign.digest. */
export const PAGE_SIGN_MAX_DOCUMENTS = 500;
/** A document given inline by the page (a URL document is capped when fetched, PAGE_FETCH_MAX_BYTES). */
export const PAGE_INLINE_DOCUMENT_MAX_BYTES = 64 * 1024 * 1024;
/** All inline documents of one request together: what one postMessage may make the extension hold. */
export const PAGE_INLINE_TOTAL_MAX_BYTES = 128 * 1024 * 1024;
/** A document fetched by URL, or an upload response body kept for the page (bytes). */
export const PAGE_FETCH_MAX_BYTES = 256 * 1024 * 1024;
export const PAGE_UPLOAD_RESPONSE_MAX_BYTES = 1024 * 1024;

const urlSchema = z.string().check(z.minLength(1), z.maxLength(2048));
const shortTextSchema = displayNameSchema.check(z.maxLength(256));

export const SIGN_PROFILES = ["approval", "issuing", "copy", "attachment", "comment", "incoming"] as const;
export type SignProfile = (typeof SIGN_PROFILES)[number];

/** RFC 7230 §3.2.6 token: a header name the page may set on the upload (values are plain text). */
const headerNameSchema = z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/));
// eslint-disable-next-line no-control-regex -- header values must not smuggle CR/LF or other controls
const headerValueSchema = z.string().check(z.maxLength(8192), z.regex(/^[^\u0000-\u0008\u000a-\u001f\u007f]*$/));

export const uploadTargetSchema = z.object({
  url: urlSchema,
  /** The multipart field holding the signed file; "file" when absent. */
  fieldName: z.optional(z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9_.[\]-]+$/))),
  headers: z.optional(z.record(headerNameSchema, headerValueSchema)),
});

export const placementRequestSchema = z.object({
  /** 0-based page. */
  page: z.optional(z.number().check(z.int(), z.nonnegative(), z.lte(100_000))),
  /** Lower-left corner of the stamp in the page's default user space. */
  x: z.optional(z.number().check(z.gte(-28_800), z.lte(28_800))),
  y: z.optional(z.number().check(z.gte(-28_800), z.lte(28_800))),
});

/** A document by URL (fetched with the page's credentials) or by bytes, as sign and mail take it. */
function documentSchemaOver<B extends z.ZodMiniType>(bytesSchema: B) {
  const urlDocument = z.object({ url: urlSchema, name: z.optional(displayNameSchema), documentNumber: z.optional(shortTextSchema) });
  const bytesDocument = z.object({ bytes: bytesSchema, name: displayNameSchema.check(z.minLength(1)), documentNumber: z.optional(shortTextSchema) });
  return z.union([urlDocument, bytesDocument]);
}

function signRequestSchemaOver<B extends z.ZodMiniType>(bytesSchema: B) {
  return z.object({
    documents: z.array(documentSchemaOver(bytesSchema)).check(z.minLength(1), z.maxLength(PAGE_SIGN_MAX_DOCUMENTS)),
    profile: z.enum(SIGN_PROFILES),
    placement: z.optional(placementRequestSchema),
    documentNumber: z.optional(shortTextSchema),
    documentDate: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
    comment: z.optional(displayNameSchema.check(z.maxLength(2000))),
    upload: z.optional(uploadTargetSchema),
  });
}

/** Inline bytes as the page passes them (any Uint8Array view, whatever its buffer type). */
const pageBytesSchema = z.custom<ArrayBuffer | Uint8Array>((value) => value instanceof ArrayBuffer || value instanceof Uint8Array);

/** `window.kyso.sign(request)` as the page calls it. */
export const pageSignRequestSchema = signRequestSchemaOver(pageBytesSchema);
/** The same request on the content → background port, inline bytes as base64. */
export const portSignRequestSchema = signRequestSchemaOver(base64Bytes(PAGE_INLINE_DOCUMENT_MAX_BYTES));

/**
 * `window.kyso.mail(request)` ("Gửi thư", issue 8): the compose window opens with the documents
 * attached (signed first, in the trusted confirmation window, when `signFirst` names a profile)
 * and the recipients, subject and body prefilled; the person still edits and presses Send.
 * Addresses are checked by the compose schema (shared/protocol/compose.ts) in the background.
 */
function mailRequestSchemaOver<B extends z.ZodMiniType>(bytesSchema: B) {
  const addresses = z.optional(z.array(z.string().check(z.maxLength(320))).check(z.maxLength(100)));
  return z.object({
    documents: z.array(documentSchemaOver(bytesSchema)).check(z.minLength(1), z.maxLength(MAIL_MAX_ATTACHMENTS)),
    to: addresses,
    cc: addresses,
    subject: z.optional(z.string().check(z.maxLength(998))),
    /** "Trích yếu" of the documents, for the subject the window derives. */
    title: z.optional(z.string().check(z.maxLength(1000))),
    /** The body; the policy's template (mail.bodyTemplate) when absent. */
    body: z.optional(z.string().check(z.maxLength(10_000))),
    signFirst: z.optional(z.enum(SIGN_PROFILES)),
  });
}

export const pageMailRequestSchema = mailRequestSchemaOver(pageBytesSchema);
export const portMailRequestSchema = mailRequestSchemaOver(base64Bytes(PAGE_INLINE_DOCUMENT_MAX_BYTES));

/** What window.kyso.mail resolves with: the outbox entry of the message sent (its state when the window closed). */
export const mailResultSchema = z.object({ outbox: z.object({ id: z.string().check(z.maxLength(64)), state: z.string().check(z.maxLength(32)) }) });

export const verifyRequestSchema = z.object({ document: z.union([z.object({ url: urlSchema }), z.object({ bytes: pageBytesSchema })]) });
export const portVerifyRequestSchema = z.object({ document: z.union([z.object({ url: urlSchema }), z.object({ bytes: base64Bytes(PAGE_FETCH_MAX_BYTES) })]) });

const errorCodeSchema = z.enum(ERROR_CODES);

function signResponseSchemaOver<B extends z.ZodMiniType>(bytesSchema: B) {
  const success = z.object({
    name: displayNameSchema,
    ok: z.literal(true),
    /** The PAdES level reached: below the policy's only when the TSA was down and policy allows that (requireTimestamp: false). */
    level: z.optional(z.enum(["B-B", "B-T", "B-LT", "B-LTA"])),
    signed: z.optional(bytesSchema),
    upload: z.optional(z.object({ status: z.number().check(z.int()), body: z.string().check(z.maxLength(PAGE_UPLOAD_RESPONSE_MAX_BYTES)) })),
  });
  const failure = z.object({ name: displayNameSchema, ok: z.literal(false), code: errorCodeSchema, message: z.string().check(z.maxLength(4096)) });
  return z.object({ results: z.array(z.union([success, failure])).check(z.maxLength(PAGE_SIGN_MAX_DOCUMENTS)) });
}

export const pageSignResponseSchema = signResponseSchemaOver(z.custom<Uint8Array>((value) => value instanceof Uint8Array));
export const portSignResponseSchema = signResponseSchemaOver(base64Bytes(PAGE_FETCH_MAX_BYTES));

export const versionResultSchema = z.object({
  extension: z.string().check(z.maxLength(64)),
  sidecar: z.optional(z.string().check(z.maxLength(64))),
  protocol: z.number().check(z.int(), z.positive()),
});

/** What the page may ask for; "sign" also comes from the content script's own "Ký số" buttons. */
export const PAGE_METHODS = ["version", "sign", "verify", "mail"] as const;
export type PageMethod = (typeof PAGE_METHODS)[number];

/** A frame id the page chooses: only echoed back, never used as a key outside its tab. */
const frameIdSchema = z.string().check(z.minLength(1), z.maxLength(64));

/** Page → content script. */
export const pageRequestFrameSchema = z.object({
  kyso: z.literal(1),
  type: z.literal("kyso.request"),
  id: frameIdSchema,
  method: z.enum(PAGE_METHODS),
  params: z.optional(z.unknown()),
});

export const pageErrorSchema = z.object({ code: errorCodeSchema, message: z.string().check(z.maxLength(4096)) });

/** Content script → page. */
export const pageAckFrameSchema = z.object({ kyso: z.literal(1), type: z.literal("kyso.ack"), id: frameIdSchema });
export const pageProgressFrameSchema = z.object({
  kyso: z.literal(1),
  type: z.literal("kyso.progress"),
  id: frameIdSchema,
  done: z.number().check(z.int(), z.nonnegative()),
  total: z.number().check(z.int(), z.nonnegative()),
  stage: z.string().check(z.maxLength(64)),
});
export const pageResponseFrameSchema = z.union([
  z.object({ kyso: z.literal(1), type: z.literal("kyso.response"), id: frameIdSchema, ok: z.literal(true), result: z.unknown() }),
  z.object({ kyso: z.literal(1), type: z.literal("kyso.response"), id: frameIdSchema, ok: z.literal(false), error: pageErrorSchema }),
]);
export const contentFrameSchema = z.union([pageAckFrameSchema, pageProgressFrameSchema, pageResponseFrameSchema]);

/**
 * Content script ↔ background, on a runtime port named PAGE_PORT_NAME (one per frame). The
 * background knows the frame's origin from the port's sender; nothing here names it.
 */
export const PAGE_PORT_NAME = "kyso-page";

/**
 * What the content script asks for itself, from its own buttons next to a PDF (never from a
 * page frame, whose methods are PAGE_METHODS): sign with the policy's default profile
 * (params { url, name? }), or hand the document to the mail window (params { url, name? });
 * and, at document_start, its frame's portal entry from the background's settings
 * (`portal-policy`, no params: the policy's portals[] entry, or ORIGIN_NOT_ALLOWED).
 */
export const CONTENT_METHODS = ["sign-link", "mail-link", "portal-policy"] as const;
export const linkDocumentSchema = z.object({ url: urlSchema, name: z.optional(displayNameSchema) });

export const portRequestSchema = z.object({
  type: z.literal("request"),
  id: frameIdSchema,
  method: z.enum([...PAGE_METHODS, ...CONTENT_METHODS]),
  params: z.optional(z.unknown()),
});
export const portCancelSchema = z.object({ type: z.literal("cancel"), id: frameIdSchema });
export const portToBackgroundSchema = z.union([portRequestSchema, portCancelSchema]);

export const portProgressSchema = z.object({ type: z.literal("progress"), id: frameIdSchema, done: z.number(), total: z.number(), stage: z.string().check(z.maxLength(64)) });
export const portResponseSchema = z.union([
  z.object({ type: z.literal("response"), id: frameIdSchema, ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal("response"), id: frameIdSchema, ok: z.literal(false), error: pageErrorSchema }),
]);
export const portToContentSchema = z.union([portProgressSchema, portResponseSchema]);

export type UploadTarget = z.infer<typeof uploadTargetSchema>;
export type PlacementRequest = z.infer<typeof placementRequestSchema>;
export type PageSignRequest = z.infer<typeof pageSignRequestSchema>;
export type PortSignRequest = z.infer<typeof portSignRequestSchema>;
export type PortSignDocument = PortSignRequest["documents"][number];
export type PageSignResponse = z.infer<typeof pageSignResponseSchema>;
export type PortSignResponse = z.infer<typeof portSignResponseSchema>;
export type PortSignResult = PortSignResponse["results"][number];
export type PageVerifyRequest = z.infer<typeof verifyRequestSchema>;
export type PageMailRequest = z.infer<typeof pageMailRequestSchema>;
export type PortMailRequest = z.infer<typeof portMailRequestSchema>;
export type MailResult = z.infer<typeof mailResultSchema>;
export type PortVerifyRequest = z.infer<typeof portVerifyRequestSchema>;
export type VersionResult = z.infer<typeof versionResultSchema>;
export type PageRequestFrame = z.infer<typeof pageRequestFrameSchema>;
export type PageError = z.infer<typeof pageErrorSchema>;
export type ContentFrame = z.infer<typeof contentFrameSchema>;
export type PortToBackground = z.infer<typeof portToBackgroundSchema>;
export type PortToContent = z.infer<typeof portToContentSchema>;
export type PortMethod = PortToBackground extends infer M ? (M extends { method: infer N } ? N : never) : never;
export type LinkDocument = z.infer<typeof linkDocumentSchema>;
