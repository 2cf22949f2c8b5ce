import * as z from "zod/mini";
import { ERROR_CODES } from "./error-codes.js";
import { certificateEntrySchema } from "./methods/keys.js";
import { MAIL_MAX_ATTACHMENTS, mailAddressSchema, mailSendParamsSchema, OUTBOX_STATES } from "./methods/mail.js";
import { displayNameSchema } from "./wire-bytes.js";

/**
 * The messages between the background and the compose window ("Gửi thư", issue 8). The
 * background opens `ui/compose/compose.html?id=<composeId>`; the window connects a runtime
 * port named `compose:<composeId>`, receives `compose.init` (the document, the prefill, the
 * address book and body template from policy), and sends `compose.send` when the person
 * presses Send. The background does the work (blob.put + mail.send through the sidecar) and
 * reports progress and the outbox state; the window never talks to the sidecar itself.
 */
export const COMPOSE_PORT_PREFIX = "compose:";

export const composeIdSchema = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

export function composePortName(composeId: string): string {
  return `${COMPOSE_PORT_PREFIX}${composeId}`;
}

/** The compose id a port name carries, or undefined for any other port. */
export function composeIdOfPort(portName: string): string | undefined {
  if (!portName.startsWith(COMPOSE_PORT_PREFIX)) return undefined;
  const parsed = composeIdSchema.safeParse(portName.slice(COMPOSE_PORT_PREFIX.length));
  return parsed.success ? parsed.data : undefined;
}

/** One entry of policy `mail.addressBook`: an agency unit (or person) and its official address. */
export const addressBookEntrySchema = z.object({ name: z.string().check(z.maxLength(300)), address: mailAddressSchema });

export const composeDocumentSchema = z.object({
  name: displayNameSchema,
  /** "Số ký hiệu" as the portal shows it, e.g. "45/UBND-VP". */
  documentNumber: z.optional(z.string().check(z.maxLength(100))),
  /** "Trích yếu": what the document is about. */
  title: z.optional(z.string().check(z.maxLength(1000))),
  sizeBytes: z.number().check(z.int(), z.nonnegative()),
});

export const composeRequestSchema = z.object({
  /** The page that asked (sender.origin), and its policy name. */
  origin: z.string().check(z.maxLength(512)),
  siteName: z.optional(z.string().check(z.maxLength(300))),
  /** The sender as configured in the sidecar, shown as "Từ". */
  from: z.optional(z.string().check(z.maxLength(400))),
  documents: z.array(composeDocumentSchema).check(z.maxLength(MAIL_MAX_ATTACHMENTS)),
  to: z.optional(z.array(mailAddressSchema).check(z.maxLength(100))),
  cc: z.optional(z.array(mailAddressSchema).check(z.maxLength(100))),
  /** A subject the page chose; otherwise the window derives it from the document number and title. */
  subject: z.optional(z.string().check(z.maxLength(998))),
  /** Policy mail.bodyTemplate: {{recipient}}, {{documentNumber}}, {{title}}, {{documentName}}. */
  bodyTemplate: z.string().check(z.maxLength(10_000)),
  addressBook: z.array(addressBookEntrySchema).check(z.maxLength(5000)),
  /** Policy mail.smime: the "Ký thư (S/MIME)" box starts ticked; the person may change it per message. */
  smime: z.optional(z.boolean()),
});

export const COMPOSE_STAGES = ["attaching", "queued", "sending", "done"] as const;

export const outboxViewSchema = z.object({
  id: z.string().check(z.maxLength(64)),
  state: z.enum(OUTBOX_STATES),
  /** Where the Sent copy is: filed, pending, filed by the server, failed. */
  sentCopy: z.enum(["pending", "done", "server-files", "failed"]),
  refused: z.array(z.object({ address: z.string(), reply: z.optional(z.string()) })),
  error: z.optional(z.object({ code: z.enum(ERROR_CODES), detail: z.optional(z.string().check(z.maxLength(4096))) })),
});

/** A certificate as the S/MIME picker lists it: who, which CA, validity — not its bytes. */
export const composeCertificateSchema = z.omit(certificateEntrySchema, { certificate: true, chain: true });

export const toComposeWindowSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("compose.init"), request: composeRequestSchema }),
  z.object({ type: z.literal("compose.progress"), stage: z.enum(COMPOSE_STAGES), done: z.optional(z.number()), total: z.optional(z.number()) }),
  z.object({ type: z.literal("compose.outbox"), entry: outboxViewSchema }),
  z.object({ type: z.literal("compose.error"), code: z.enum(ERROR_CODES), detail: z.optional(z.string().check(z.maxLength(4096))) }),
  /** The signing certificates for S/MIME (keys.list, without their bytes); code when the list could not be read. */
  z.object({ type: z.literal("compose.certificates"), certificates: z.array(composeCertificateSchema).check(z.maxLength(500)), code: z.optional(z.enum(ERROR_CODES)) }),
]);

export const fromComposeWindowSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("compose.send"),
    to: z.array(mailAddressSchema).check(z.minLength(1), z.maxLength(100)),
    cc: z.array(mailAddressSchema).check(z.maxLength(100)),
    subject: z.string().check(z.maxLength(998)),
    text: z.string().check(z.maxLength(1024 * 1024)),
    /** Indexes into request.documents that go along as attachments. */
    attach: z.array(z.number().check(z.int(), z.nonnegative())).check(z.maxLength(MAIL_MAX_ATTACHMENTS)),
    readReceipt: z.boolean(),
    /** S/MIME with the chosen certificate; the PIN typed in this window goes only to the sidecar's mail.send. */
    smime: mailSendParamsSchema.shape.smime,
  }),
  z.object({ type: z.literal("compose.retry"), outboxId: z.string().check(z.maxLength(64)) }),
  z.object({ type: z.literal("compose.cancel") }),
]);

export type ComposeRequest = z.infer<typeof composeRequestSchema>;
export type ComposeDocument = z.infer<typeof composeDocumentSchema>;
export type AddressBookEntry = z.infer<typeof addressBookEntrySchema>;
export type ComposeCertificate = z.infer<typeof composeCertificateSchema>;
export type ComposeOutboxView = z.infer<typeof outboxViewSchema>;
export type ToComposeWindow = z.infer<typeof toComposeWindowSchema>;
export type FromComposeWindow = z.infer<typeof fromComposeWindowSchema>;
