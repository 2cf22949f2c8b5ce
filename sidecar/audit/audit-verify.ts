import { readFileSync } from "node:fs";
import { GENESIS_HASH, recordHash } from "./audit-chain.js";
import { parseAuditLine, readAuditHead, type AuditHead } from "./audit-log.js";

export type AuditProblemKind = "not-a-record" | "edited" | "chain-broken" | "truncated";

export interface AuditProblem {
  /** 1-based line number in the file. */
  line: number;
  kind: AuditProblemKind;
  detail: string;
}

export interface AuditVerification {
  ok: boolean;
  records: number;
  problems: AuditProblem[];
}

/**
 * Checks the whole chain: each line a record, its hash over its content (an edited line),
 * its prevHash the previous record's hash and its seq the next number (a deleted, inserted or
 * moved line). Removing lines at the end leaves a valid shorter chain: the head file beside
 * the log (`head`: the last record's seq and hash) shows that, and the syslog copy at the SOC.
 */
export function verifyAuditLog(text: string, head?: AuditHead): AuditVerification {
  const problems: AuditProblem[] = [];
  let prevHash = GENESIS_HASH;
  let seq = 0;
  let records = 0;
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((line, index) => {
    const at = index + 1;
    const record = parseAuditLine(line);
    if (!record) {
      problems.push({ line: at, kind: "not-a-record", detail: "the line is not an audit record" });
      return;
    }
    records += 1;
    const { hash, ...unsigned } = record;
    if (recordHash(unsigned) !== hash) problems.push({ line: at, kind: "edited", detail: `record ${unsigned.seq} does not match its hash` });
    if (unsigned.prevHash !== prevHash || unsigned.seq !== seq + 1) {
      problems.push({ line: at, kind: "chain-broken", detail: `record ${unsigned.seq} follows record ${seq}: a line before it was deleted, inserted or moved` });
    }
    prevHash = hash;
    seq = unsigned.seq;
  });
  if (head && (head.seq !== seq || head.hash !== prevHash)) {
    problems.push({ line: lines.length, kind: "truncated", detail: `the log ends at record ${seq}, but record ${head.seq} was written: records were removed from the end` });
  }
  return { ok: problems.length === 0, records, problems };
}

export function verifyAuditFile(file: string): AuditVerification {
  return verifyAuditLog(readFileSync(file, "utf8"), readAuditHead(file));
}
