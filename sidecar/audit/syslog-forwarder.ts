import { createSocket } from "node:dgram";
import { hostname } from "node:os";
import { connect } from "node:net";
import type { AuditRecord } from "../../shared/protocol/methods/audit.js";

export interface SyslogTarget {
  host: string;
  port: number;
  protocol: "udp" | "tcp";
  appName?: string;
}

/** RFC 5424 §6.2.1: facility 13 is "log audit"; severity 6 informational, 4 warning. */
const FACILITY_LOG_AUDIT = 13;

/** HOSTNAME, APP-NAME and MSGID are PRINTUSASCII without spaces (§6.2.4–6.2.7), or "-". */
function printable(value: string, maxLength: number): string {
  const cleaned = value.replace(/[^\x21-\x7e]/g, "").slice(0, maxLength);
  return cleaned || "-";
}

/**
 * One audit record as an RFC 5424 message: the record's JSON is the MSG, UTF-8 with the BOM
 * §6.4 asks for, so the SOC gets exactly the line kept on disk, hash included.
 */
export function formatSyslogMessage(record: AuditRecord, options: { appName?: string; host?: string; pid?: number } = {}): string {
  const severity = record.result === "ok" ? 6 : 4;
  const header = [
    `<${FACILITY_LOG_AUDIT * 8 + severity}>1`,
    record.time,
    printable(options.host ?? hostname(), 255),
    printable(options.appName ?? "kyso", 48),
    String(options.pid ?? process.pid),
    printable(record.action, 32),
    "-",
  ].join(" ");
  return `${header} \uFEFF${JSON.stringify(record)}`;
}

/**
 * Sends one message: a UDP datagram (RFC 5426), or over TCP with octet counting
 * (RFC 6587 §3.4.1: "LEN SP MSG"). Failures are the caller's to log; the audit file stays
 * the record of truth.
 */
export function forwardToSyslog(target: SyslogTarget, message: string): Promise<void> {
  const bytes = Buffer.from(message, "utf8");
  if (target.protocol === "udp") {
    return new Promise((resolve, reject) => {
      const socket = createSocket(target.host.includes(":") ? "udp6" : "udp4");
      socket.send(bytes, target.port, target.host, (error) => {
        socket.close();
        if (error) reject(error);
        else resolve();
      });
    });
  }
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.host, port: target.port }, () => {
      socket.end(Buffer.concat([Buffer.from(`${bytes.length} `), bytes]), () => resolve());
    });
    socket.setTimeout(5000, () => socket.destroy(new Error("syslog TCP timeout")));
    socket.on("error", reject);
  });
}
