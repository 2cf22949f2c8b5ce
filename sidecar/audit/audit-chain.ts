import { createHash } from "node:crypto";
import type { AuditRecord } from "../../shared/protocol/methods/audit.js";

/** prevHash of the first record: no record came before it. */
export const GENESIS_HASH = "0".repeat(64);

/** What a caller records; seq, time and the chain fields are added on append. */
export type AuditEntry = Omit<AuditRecord, "seq" | "time" | "prevHash" | "hash">;

/** JSON with keys sorted at every level, so a record hashes the same however it was built. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * hash = SHA-256 over the record without `hash`, canonical JSON (prevHash included): editing
 * any field breaks this record's hash; deleting or reordering lines breaks the next record's
 * prevHash and the seq sequence.
 */
export function recordHash(record: Omit<AuditRecord, "hash">): string {
  return createHash("sha256").update(canonicalJson(record)).digest("hex");
}
