import type { MailBenchResult } from "./mail-bench.js";

/** Issue 8: the outbox keeps at least half of plain nodemailer's throughput; 1,000 INBOX messages listed in ≤ 1 s. */
const TARGET = { outboxShareOfPlain: 0.5, listMs: 1_000 };

const met = (ok: boolean) => (ok ? "met" : "**not met**");

/** The mail section of bench/RESULTS.md, or why it did not run (it needs root to start Dovecot and Postfix). */
export function mailBenchReport(result: MailBenchResult | { notRun: string }): string {
  const heading = "## Mail (private loopback Postfix + Dovecot, 20 kB PDF attached)";
  if ("notRun" in result) return `${heading}\n\nNot run: ${result.notRun}`;
  const share = result.outboxPerSecond / result.plainPerSecond;
  return `${heading}

| ${result.messages} messages | plain nodemailer pool | kyso outbox + pool | outbox ÷ plain | kyso outbox + Sent copy (IMAP APPEND) |
|---|---:|---:|---:|---:|
| messages/s | ${result.plainPerSecond.toFixed(0)} | ${result.outboxPerSecond.toFixed(0)} | ${(share * 100).toFixed(0)} % | ${result.outboxWithSentPerSecond.toFixed(0)} |

| listing ${result.listed} INBOX messages with PDFs (ENVELOPE + BODYSTRUCTURE) | ms |
|---|---:|
| kyso, one FETCH (median of 5) | ${result.listMs.toFixed(0)} |
| first listing in this process (mostly imapflow warming up; Dovecot's own first read adds ~70 ms, bench/mail-first-listing.ts) | ${result.coldListMs.toFixed(0)} |
| per-message async iteration (imapflow's usual loop, median of 5) | ${result.iterationListMs.toFixed(0)} |

- The outbox persists every message to disk before sending: ${(share * 100).toFixed(0)} % of plain nodemailer (target ≥ ${TARGET.outboxShareOfPlain * 100} %): ${met(share >= TARGET.outboxShareOfPlain)}.
- Listing: median ${result.listMs.toFixed(0)} ms (target ≤ ${TARGET.listMs} ms): ${met(result.listMs <= TARGET.listMs)}; the first listing: ${result.coldListMs.toFixed(0)} ms (${met(result.coldListMs <= TARGET.listMs)}).`;
}
