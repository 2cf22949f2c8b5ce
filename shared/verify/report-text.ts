import type { Language } from "../protocol/error-messages.js";
import { changeRows, documentVerdictWords, reportLabels, signatureFacts, signatureHeading, subIndicationWords, verdictWords } from "./report-facts.js";
import type { DocumentVerification } from "./verification-result.js";

/** The terminal report: the document's verdict, then each signature with one line per fact. */
export function renderVerificationText(result: DocumentVerification, language: Language): string {
  const l = reportLabels(language);
  const lines = [documentVerdictWords(result, language)];
  if (result.signatures.length === 0) lines.push(l.none);
  result.signatures.forEach((signature, index) => {
    lines.push("", `${signatureHeading(signature, index, language)}: ${verdictWords(signature, language)}`);
    const explanation = subIndicationWords(signature, language);
    if (explanation) lines.push(`  ${explanation}`);
    for (const row of signatureFacts(signature, language)) lines.push(`  ${row.label}: ${row.value}`);
    for (const row of changeRows(signature, language)) lines.push(`  ${l.changes}: ${row.label}: ${row.value}`);
  });
  return `${lines.join("\n")}\n`;
}
