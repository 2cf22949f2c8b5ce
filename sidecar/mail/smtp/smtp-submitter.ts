import nodemailer, { type NodemailerError, type SMTPPoolOptions } from "nodemailer";
import type { Readable } from "node:stream";
import type { MailAccount, MailCredentials } from "../mail-account.js";
import { classifySmtpError, type SmtpFailure } from "../mail-failure.js";
import { trackedMessageStream, type TransmissionProgress } from "./transmission-tracker.js";

/**
 * Submission (RFC 6409) through the agency's server with nodemailer's pool: TLS always —
 * STARTTLS required or implicit TLS (RFC 8314) — the agency CA trusted explicitly,
 * certificate and host name always verified (no rejectUnauthorized: false anywhere), AUTH
 * PLAIN/LOGIN as the server offers them after TLS.
 */

export interface SmtpEnvelope {
  from: string;
  to: string[];
}

export interface RecipientOutcome {
  address: string;
  status: "accepted" | "refused";
  /** The server's reply to RCPT TO for a refused recipient. */
  reply?: string;
  responseCode?: number;
}

export interface SmtpAccepted {
  recipients: RecipientOutcome[];
  /** The final reply to the message ("250 2.0.0 Ok: queued as …"). */
  reply: string;
}

/** A failed submission, with how far the bytes got (see TransmissionProgress). */
export class SmtpSubmitError extends Error {
  constructor(
    readonly failure: SmtpFailure,
    readonly progress: TransmissionProgress,
    readonly recipients: RecipientOutcome[] = [],
  ) {
    super(failure.error.message, { cause: failure.error });
    this.name = "SmtpSubmitError";
  }

  /** The whole message reached the server and no answer came back: it may have been delivered. */
  get outcomeUnknown(): boolean {
    return this.progress.handedOver && this.failure.responseCode === undefined;
  }
}

export interface SmtpSubmission {
  /** The finished message, exactly as it is stored and as it goes into Sent. */
  raw: Buffer;
  envelope: SmtpEnvelope;
  /** ENVID for delivery status notifications (RFC 3461 §4.4); requested only when the server advertises DSN. */
  dsnEnvelopeId?: string;
}

export interface SmtpSubmitterOptions {
  account: MailAccount;
  credentials: MailCredentials;
  maxConnections?: number;
  /** Socket and greeting timeouts; a stalled server must not hold a message forever. */
  timeoutMs?: number;
}

export interface SmtpSubmitter {
  submit(submission: SmtpSubmission): Promise<SmtpAccepted>;
  close(): void;
}

function transportOptions(options: SmtpSubmitterOptions): SMTPPoolOptions & { pool: true } {
  const { account, credentials } = options;
  const timeoutMs = options.timeoutMs ?? 60_000;
  return {
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: 100,
    // The outbox retries; a pool that silently requeues would hide attempts from it. One
    // requeue stays for the case nodemailer proves safe: a reused connection the server
    // closed before a byte of the message was read.
    maxRequeues: 1,
    host: account.smtp.host,
    port: account.smtp.port,
    secure: account.smtp.tls === "implicit",
    requireTLS: account.smtp.tls === "starttls",
    tls: { ...(account.caPem !== undefined ? { ca: account.caPem } : {}), minVersion: "TLSv1.2" },
    // XOAUTH2: nodemailer sends AUTH XOAUTH2 with base64("user=" u ^A "auth=Bearer " t ^A ^A).
    auth: "accessToken" in credentials ? { type: "OAuth2", user: credentials.user, accessToken: credentials.accessToken } : { user: credentials.user, pass: credentials.password },
    // The policy's mechanism for a password (mail.auth plain | login), never nodemailer's own pick.
    ...(account.auth === "xoauth2" ? {} : { authMethod: account.auth.toUpperCase() }),
    connectionTimeout: Math.min(timeoutMs, 30_000),
    greetingTimeout: Math.min(timeoutMs, 30_000),
    socketTimeout: timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  };
}

function refusedOf(error: NodemailerError | undefined): RecipientOutcome[] {
  return (error?.rejectedErrors ?? []).map((rejected) => ({
    address: rejected.recipient ?? "",
    status: "refused" as const,
    ...(rejected.response !== undefined ? { reply: rejected.response } : {}),
    ...(rejected.responseCode !== undefined ? { responseCode: rejected.responseCode } : {}),
  }));
}

export function createSmtpSubmitter(options: SmtpSubmitterOptions): SmtpSubmitter {
  const transport = nodemailer.createTransport(transportOptions(options));
  // Keyed by the raw buffer of each submission: the 'stream' plugin sees the message data, not our call.
  const progressOf = new WeakMap<Buffer, TransmissionProgress>();
  transport.use("stream", (mail, done) => {
    const raw = mail.data.raw;
    const progress = Buffer.isBuffer(raw) ? progressOf.get(raw) : undefined;
    if (progress) mail.message.processFunc((input: Readable) => trackedMessageStream(input, progress));
    done();
  });
  return {
    async submit(submission) {
      const progress: TransmissionProgress = { started: false, handedOver: false };
      progressOf.set(submission.raw, progress);
      try {
        const info = await transport.sendMail({
          raw: submission.raw,
          envelope: { from: submission.envelope.from, to: submission.envelope.to },
          ...(submission.dsnEnvelopeId !== undefined
            ? { dsn: { id: submission.dsnEnvelopeId, return: "headers", notify: ["failure", "delay"], recipient: submission.envelope.from } }
            : {}),
        });
        const accepted = info.accepted.map((address) => ({ address, status: "accepted" as const }));
        return { recipients: [...accepted, ...refusedOf(info as unknown as NodemailerError)], reply: info.response };
      } catch (error) {
        const libraryError = error as NodemailerError;
        throw new SmtpSubmitError(classifySmtpError(error), progress, refusedOf(libraryError));
      } finally {
        progressOf.delete(submission.raw);
      }
    },
    close() {
      transport.close();
    },
  };
}
