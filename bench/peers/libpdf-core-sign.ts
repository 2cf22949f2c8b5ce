/**
 * Peer: @libpdf/core signs IN with the .p12 key into OUT, as its README's "Sign a document"
 * shows (PDF.load → P12Signer.create → pdf.sign), at PAdES B-B, invisible, SHA-256, which is
 * what kyso sign does by default. Run as its own process so its peak RSS is measured alone.
 */
import { readFile, writeFile } from "node:fs/promises";
import { P12Signer, PDF } from "@libpdf/core";
import { readPeerSignArguments } from "./peer-arguments.js";

const { inputPdf, outputPdf, p12File, p12Password } = readPeerSignArguments(process.argv);
const pdf = await PDF.load(await readFile(inputPdf));
const signer = await P12Signer.create(await readFile(p12File), p12Password);
const { bytes } = await pdf.sign({ signer, level: "B-B", subFilter: "ETSI.CAdES.detached", digestAlgorithm: "SHA-256" });
await writeFile(outputPdf, bytes);
