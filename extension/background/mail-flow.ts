import { base64ToBytes } from "../../shared/protocol/base64-codec.js";
import type { ComposeRequest } from "../../shared/protocol/compose.js";
import { documentNameFromUrl } from "../../shared/protocol/document-name.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import type { MailResult, PortMailRequest, PortSignDocument } from "../../shared/protocol/page-api.js";
import { openComposeWindow } from "./compose-window.js";
import { fetchPortalDocument } from "./portal-http.js";
import { runSignFlow, type SignFlowContext } from "./sign-flow.js";
import { allowedUrl } from "./url-rules.js";

interface MailDocument {
  name: string;
  documentNumber?: string;
  bytes: Uint8Array;
}

function nameOf(document: PortSignDocument, index: number): string {
  if (document.name) return document.name;
  if (!("url" in document)) return `document-${index + 1}.pdf`;
  return documentNameFromUrl(new URL(document.url, "https://kyso.invalid/"), `document-${index + 1}.pdf`);
}

/** The documents as they are: fetched with the page's credentials (allowed URLs only, all checked first) or decoded. */
async function documentsAsTheyAre(request: PortMailRequest, context: SignFlowContext): Promise<MailDocument[]> {
  const urls = request.documents.map((document) => ("url" in document ? allowedUrl({ url: document.url, frameUrl: context.frameUrl, pageOrigin: context.origin, portal: context.portal, settings: context.settings }) : undefined));
  const documents: MailDocument[] = [];
  for (const [index, document] of request.documents.entries()) {
    const url = urls[index];
    const bytes = url ? new Uint8Array(await (await fetchPortalDocument(url, context.signal)).arrayBuffer()) : base64ToBytes((document as Extract<PortSignDocument, { bytes: string }>).bytes);
    documents.push({ name: nameOf(document, index), ...(document.documentNumber ? { documentNumber: document.documentNumber } : {}), bytes });
  }
  return documents;
}

/** Signed first, through the same confirmation as window.kyso.sign; any document that fails stops the mail. */
async function documentsSignedFirst(request: PortMailRequest & { signFirst: NonNullable<PortMailRequest["signFirst"]> }, context: SignFlowContext): Promise<MailDocument[]> {
  const { results } = await runSignFlow({ documents: request.documents, profile: request.signFirst }, context);
  return results.map((result, index) => {
    if (!result.ok) throw new KysoError(result.code, `${result.name}: ${result.message}`);
    if (!result.signed) throw new KysoError("INTERNAL_ERROR", `${result.name}: no signed bytes`);
    const documentNumber = request.documents[index]?.documentNumber;
    return { name: result.name, ...(documentNumber ? { documentNumber } : {}), bytes: base64ToBytes(result.signed) };
  });
}

/**
 * window.kyso.mail and the "Gửi thư" button: the documents (signed first when asked) go into
 * the compose window with the page's prefill and the policy's address book, body template and
 * S/MIME choice; the person edits and sends from there, through the agency's own mail server.
 */
export async function runMailFlow(request: PortMailRequest, context: SignFlowContext): Promise<MailResult> {
  const documents = request.signFirst ? await documentsSignedFirst({ ...request, signFirst: request.signFirst }, context) : await documentsAsTheyAre(request, context);
  const { mail } = context.settings;
  const compose: ComposeRequest = {
    origin: context.origin,
    ...(context.portal.name ? { siteName: context.portal.name } : {}),
    documents: documents.map((document) => ({
      name: document.name,
      ...(document.documentNumber ? { documentNumber: document.documentNumber } : {}),
      ...(request.title ? { title: request.title } : {}),
      sizeBytes: document.bytes.byteLength,
    })),
    ...(request.to ? { to: request.to } : {}),
    ...(request.cc ? { cc: request.cc } : {}),
    ...(request.subject ? { subject: request.subject } : {}),
    bodyTemplate: request.body ?? mail.bodyTemplate,
    addressBook: mail.addressBook.filter((entry) => entry.address !== ""),
    smime: mail.smime,
  };
  return openComposeWindow({ request: compose, documents: documents.map((document) => document.bytes), sidecar: context.sidecar, signal: context.signal });
}
