import { X509Certificate } from "node:crypto";
import { basename } from "node:path";
import { errorCodeOf, KysoError } from "../../../shared/protocol/kyso-error.js";
import { signAuditEntry } from "../../audit/audit-entries.js";
import { fileSha256Hex } from "../../pdf-files/file-sha256.js";
import type { CliAudit } from "../cli-audit.js";
import type { DocumentResult } from "../document-batch.js";
import type { UpdatedFileDigests } from "../../pdf-files/updated-file-digest.js";

type Processed = Pick<DocumentResult, "field" | "level">;
/** Signs one document; the digests of the input and of the file written come from the signing's own pass over the file. */
type ProcessDocument = (paths: { input: string; output: string }) => Promise<Processed & { digests: UpdatedFileDigests }>;


/**
 * `kyso sign`'s audit records: one per document of the batch, whatever became of it — the same
 * record sign.digest writes, with the file's name, the SHA-256 of the input as chosen (what
 * sign.digest records) and of the signed file as written, the certificate and "ok" or the
 * error code. Each is written as soon as its document is done, so a process killed mid-batch
 * has recorded the signatures it made.
 *
 * Documents cancelled with Ctrl-C get a CANCELLED record each, the one in hand and the ones not
 * started: an auditor reconciles what was asked for with what was signed, and N documents
 * asked for must show N outcomes, the way sign.digest records the rest of a cancelled batch.
 */
export class SignAuditTrail {
  /** How many documents the batch handed to the signing (in order; the rest were not started). */
  private started = 0;

  constructor(private readonly audit: CliAudit, private readonly certificate?: X509Certificate) {}

  /**
   * Opening the key failed: no document was signed, each is recorded with why (as sign.digest
   * does) — a wrong password is an attempt an auditor wants to see. A usage error (a secret
   * variable not set) is a mistyped command that reached no key: not recorded.
   */
  static async keyFailed(audit: CliAudit, inputs: readonly string[], error: unknown): Promise<void> {
    if (error instanceof KysoError && error.code === "CLI_USAGE") return;
    const trail = new SignAuditTrail(audit);
    for (const input of inputs) await trail.record(input, { result: errorCodeOf(error) });
  }

  /** Wraps the signing of one document so that its outcome is recorded before the batch moves on. */
  around(processDocument: ProcessDocument): (paths: { input: string; output: string }) => Promise<Processed> {
    return async (paths) => {
      this.started += 1;
      let signed;
      try {
        signed = await processDocument(paths);
      } catch (error) {
        // The input is never written (the output is a new file renamed into place), so hashing it now hashes what was chosen.
        await this.record(paths.input, { result: errorCodeOf(error) });
        throw error;
      }
      await this.record(paths.input, { result: "ok", documentSha256: signed.digests.inputSha256, signedSha256: signed.digests.outputSha256 });
      return { field: signed.field, level: signed.level };
    };
  }

  /** After the batch: the documents a Ctrl-C kept from starting (runDocumentBatch reports them CANCELLED). */
  async recordNotStarted(results: readonly DocumentResult[]): Promise<void> {
    for (const result of results.slice(this.started)) await this.record(result.input, { result: result.error?.code ?? "CANCELLED" });
  }

  private async record(input: string, outcome: { result: string; documentSha256?: string | undefined; signedSha256?: string | undefined }): Promise<void> {
    const documentSha256 = "documentSha256" in outcome ? outcome.documentSha256 : await fileSha256Hex(input);
    const document = { documentName: basename(input), documentSha256, signedSha256: outcome.signedSha256 };
    await this.audit.record(signAuditEntry(this.audit.actor, document, { result: outcome.result, certificate: this.certificate }));
  }
}
