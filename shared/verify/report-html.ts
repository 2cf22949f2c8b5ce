import type { Language } from "../protocol/error-messages.js";
import { changeRows, documentVerdictWords, reportLabels, signatureFacts, signatureHeading, subIndicationWords, verdictWords, type FactRow } from "./report-facts.js";
import type { DocumentVerification, Indication } from "./verification-result.js";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Text as HTML text or attribute value. Everything in a report that comes from the file —
 * field names, certificate subjects, change details — is the signer's or an attacker's text.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const INDICATION_CLASS: Record<Indication, string> = { TOTAL_PASSED: "passed", TOTAL_FAILED: "failed", INDETERMINATE: "indeterminate" };

function factList(rows: FactRow[]): string {
  const items = rows.map((row) => `<dt>${escapeHtml(row.label)}</dt><dd${row.problem ? ' class="problem"' : row.warning ? ' class="warning"' : ""}>${escapeHtml(row.value)}</dd>`);
  return `<dl>${items.join("")}</dl>`;
}

/**
 * The report as an HTML fragment (no script, no style, no link: safe to put into an extension
 * page or a file): the document's verdict, then one article per signature with every fact.
 */
export function renderVerificationHtml(result: DocumentVerification, options: { language: Language; fileName?: string }): string {
  const { language } = options;
  const l = reportLabels(language);
  const parts = [
    `<section class="kyso-report" lang="${language}" data-indication="${result.indication}">`,
    `<h2 class="verdict ${INDICATION_CLASS[result.indication]}">${escapeHtml(documentVerdictWords(result, language))}</h2>`,
  ];
  if (options.fileName !== undefined) parts.push(`<p class="file-name">${escapeHtml(options.fileName)}</p>`);
  parts.push(`<p class="note">${escapeHtml(result.signatures.length === 0 ? l.none : l.appearanceNote)}</p>`);
  result.signatures.forEach((signature, index) => {
    const explanation = subIndicationWords(signature, language);
    const changes = changeRows(signature, language);
    parts.push(
      `<article class="signature ${INDICATION_CLASS[signature.indication]}" data-indication="${signature.indication}"${signature.subIndication ? ` data-sub-indication="${signature.subIndication}"` : ""}>`,
      `<h3>${escapeHtml(signatureHeading(signature, index, language))}: <span class="verdict">${escapeHtml(verdictWords(signature, language))}</span></h3>`,
      explanation ? `<p class="explanation">${escapeHtml(explanation)}</p>` : "",
      factList(signatureFacts(signature, language)),
      changes.length > 0 ? `<h4>${escapeHtml(l.changes)}</h4>${factList(changes)}` : "",
      "</article>",
    );
  });
  parts.push("</section>");
  return parts.join("");
}

/** The style of a saved report (the extension page has its own stylesheet). */
const REPORT_STYLE = `
body { font: 15px/1.5 "Times New Roman", serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #111; }
.verdict.passed { color: #0a6b2d; } .verdict.failed { color: #b00020; } .verdict.indeterminate { color: #8a5a00; }
article.signature { border: 1px solid #ccc; border-left-width: 6px; padding: 0.5em 1em; margin: 1em 0; }
article.passed { border-left-color: #0a6b2d; } article.failed { border-left-color: #b00020; } article.indeterminate { border-left-color: #8a5a00; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; } dt { font-weight: bold; } dd { margin: 0; overflow-wrap: anywhere; }
dd.problem { color: #b00020; } dd.warning { color: #8a5a00; } .note, .file-name { color: #555; }`;

/** A whole HTML document for `kyso verify --html`: the fragment, a title, and an inline style only (no script). */
export function verificationHtmlDocument(result: DocumentVerification, options: { language: Language; fileName?: string }): string {
  const title = `${documentVerdictWords(result, options.language)}${options.fileName ? ` — ${options.fileName}` : ""}`;
  return `<!doctype html>\n<html lang="${options.language}">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">\n<title>${escapeHtml(title)}</title>\n<style>${REPORT_STYLE}\n</style>\n</head>\n<body>\n${renderVerificationHtml(result, options)}\n</body>\n</html>\n`;
}
