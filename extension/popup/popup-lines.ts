import type { AuditRecord } from "../../shared/protocol/methods/audit.js";
import type { PopupCertificate, PopupSidecar, ToPopup } from "../../shared/protocol/popup.js";
import { vietnameseDate, type Words } from "../ui/confirm/certificate-label.js";
import { certificateValidity, distinguishedNameAttribute } from "../ui/confirm/certificate-validity.js";

/**
 * What the popup says, as lines of text with a state for styling, computed from the
 * background's messages. Kept apart from the DOM so that the words chosen for each case are
 * tested without a browser. Every string from a token, a certificate or the audit log (where a
 * portal chose the document name) ends up in textContent, never in markup.
 */

export interface SidecarLines {
  state: PopupSidecar["state"];
  status: string;
  /** How to fix it, first what to try, then what to tell IT. */
  hints: string[];
}

export function sidecarLines(sidecar: PopupSidecar, words: Words): SidecarLines {
  switch (sidecar.state) {
    case "connected":
      return { state: "connected", status: words("popup_sidecarConnected", [sidecar.sidecarVersion]), hints: [] };
    case "outdated":
      return { state: "outdated", status: words("popup_sidecarOutdated", [sidecar.sidecarVersion ?? "?"]), hints: [words("popup_sidecarDoctorHint")] };
    default:
      return { state: "unavailable", status: words("popup_sidecarMissing"), hints: [words("popup_sidecarDoctorHint"), words("popup_sidecarReason", [sidecar.reason])] };
  }
}

export type CertificateMark = "valid" | "expiring" | "expired" | "not-yet-valid";

export interface CertificateLine {
  holder: string;
  /** Issuing CA and token: "Kyso Test Issuing CA · token kyso-test". */
  source: string;
  validity: string;
  mark: CertificateMark;
}

export function certificateLine(certificate: PopupCertificate, now: Date, words: Words): CertificateLine {
  const validity = certificateValidity(certificate, now);
  const holder = distinguishedNameAttribute(certificate.subject, "CN") ?? certificate.subject;
  const issuer = distinguishedNameAttribute(certificate.issuer, "CN") ?? distinguishedNameAttribute(certificate.issuer, "O") ?? certificate.issuer;
  const until = vietnameseDate(certificate.notAfter);
  const text = {
    valid: () => words("popup_certificateValidUntil", [until]),
    expiring: () => words("popup_certificateExpiring", [until, String(validity.status === "expiring" ? validity.daysLeft : 0)]),
    expired: () => words("popup_certificateExpired", [until]),
    "not-yet-valid": () => words("popup_certificateNotYetValid", [vietnameseDate(certificate.notBefore)]),
  }[validity.status]();
  const where = certificate.tokenLabel ? words("popup_certificateToken", [certificate.tokenLabel]) : certificate.provider;
  return { holder, source: `${issuer} · ${where}`, validity: text, mark: validity.status };
}

/** Modules and services keys.list could not ask, in words. */
export function unavailableLines(keys: Extract<ToPopup, { type: "popup.keys" }>, words: Words): string[] {
  return [
    ...keys.unavailableModules.map((module) => words("popup_moduleUnavailable", [module.modulePath, module.code])),
    ...(keys.unavailableServices ?? []).map((service) => words("popup_serviceUnavailable", [service.source, service.code])),
  ];
}

export interface ActivityLine {
  /** dd/mm/yyyy hh:mm, Vietnam time. */
  when: string;
  what: string;
  document: string;
  /** The portal's host (the origin without https://), or the CLI. */
  site: string;
  outcome: string;
  ok: boolean;
}

export function vietnameseTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
  return `${vietnameseDate(iso)} ${time}`;
}

function siteOf(origin: string): string {
  try {
    return new URL(origin).host || origin;
  } catch {
    return origin;
  }
}

/**
 * One audit record. A result other than "ok" is an error code (or an outbox state), shown with
 * its words when it is one; "ok (CODE)" is a mail accepted after a problem, still a success.
 */
export function activityLine(record: AuditRecord, words: Words): ActivityLine {
  const ok = record.result === "ok" || record.result.startsWith("ok ");
  const code = ok ? undefined : record.result;
  // chrome.i18n answers "" for a name it does not have (an outbox state such as "queued").
  const inWords = code ? words(`error_${code}`) || code : "";
  return {
    when: vietnameseTime(record.time),
    what: words(record.action === "sign" ? "popup_activitySign" : "popup_activityMail"),
    document: record.documentName ?? "—",
    site: siteOf(record.origin),
    outcome: ok ? words("popup_activityOk") : words("popup_activityFailed", [inWords]),
    ok,
  };
}
