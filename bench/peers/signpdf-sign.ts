/**
 * Peer: @signpdf/signpdf signs IN with the .p12 key into OUT the way its TypeScript example
 * does (plainAddPlaceholder → P12Signer → sign), with the SubFilter its README gives for PAdES
 * (`ETSI.CAdES.detached`). placeholder-plain is the placeholder helper the README calls "the
 * most popular": an incremental update with an invisible widget, like kyso's. Run as its own
 * process so its peak RSS is measured alone.
 */
import { readFile, writeFile } from "node:fs/promises";
import { plainAddPlaceholder } from "@signpdf/placeholder-plain";
import { P12Signer } from "@signpdf/signer-p12";
import { SignPdf } from "@signpdf/signpdf";
import { readPeerSignArguments } from "./peer-arguments.js";

/** @signpdf/utils' SUBFILTER_ETSI_CADES_DETACHED (ISO 32000-2 §12.8.3.4), spelled out to avoid a direct dependency. */
const SUBFILTER_ETSI_CADES_DETACHED = "ETSI.CAdES.detached";

const { inputPdf, outputPdf, p12File, p12Password } = readPeerSignArguments(process.argv);
const signer = new P12Signer(await readFile(p12File), { passphrase: p12Password });
const pdfWithPlaceholder = plainAddPlaceholder({
  pdfBuffer: await readFile(inputPdf),
  reason: "",
  contactInfo: "",
  name: "",
  location: "",
  subFilter: SUBFILTER_ETSI_CADES_DETACHED,
});
const signedPdf = await new SignPdf().sign(pdfWithPlaceholder, signer);
await writeFile(outputPdf, signedPdf);
