import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { PDFDocument, StandardFonts } from "pdf-lib";

const run = promisify(execFile);

export interface CorpusFile {
  /** What makes this input interesting, as a test name fragment. */
  description: string;
  path: string;
}

/** A plain multi-page document from pdf-lib (which writes object streams + an xref stream). */
async function pdfLibDocument(pageCount: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.TimesRoman);
  for (let i = 0; i < pageCount; i += 1) {
    const page = document.addPage([595.28, 841.89]);
    page.drawText(`UBND TINH GIA LAI - Cong van so ${i + 1}/UBND-VP`, { x: 72, y: 760, size: 12, font });
  }
  document.setTitle("Công văn thử nghiệm");
  return document.save({ useObjectStreams: true });
}

/**
 * Builds the signing/verification corpus from real producers available here: pdf-lib,
 * qpdf (classic tables, object streams, linearized, QDF), Ghostscript, plus odd cases made
 * by hand (junk before %PDF and after %%EOF, no newline after %%EOF, an incremental file).
 */
export async function buildCorpus(dir: string): Promise<CorpusFile[]> {
  const base = join(dir, "pdf-lib.pdf");
  await writeFile(base, await pdfLibDocument(3));
  const files: CorpusFile[] = [{ description: "pdf-lib output (xref stream, object streams)", path: base }];

  const qpdfVariants: Array<[string, string, string[]]> = [
    ["qpdf-classic.pdf", "qpdf output with a classic xref table, no object streams", ["--object-streams=disable"]],
    ["qpdf-objstm.pdf", "qpdf output with generated object streams", ["--object-streams=generate"]],
    ["qpdf-linearized.pdf", "a linearized file (qpdf --linearize)", ["--linearize"]],
    ["qpdf-qdf.pdf", "a QDF file (qpdf --qdf)", ["--qdf", "--object-streams=disable"]],
  ];
  for (const [name, description, args] of qpdfVariants) {
    const path = join(dir, name);
    await run("qpdf", [...args, base, path]).catch((error: unknown) => {
      // qpdf exits 3 for warnings with a usable output.
      if ((error as { code?: number }).code !== 3) throw error;
    });
    files.push({ description, path });
  }

  const ghostscript = join(dir, "ghostscript.pdf");
  await run("gs", ["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", `-sOutputFile=${ghostscript}`, base]);
  files.push({ description: "Ghostscript pdfwrite output", path: ghostscript });

  const classic = await readFile(join(dir, "qpdf-classic.pdf"));
  const junkBefore = join(dir, "junk-before-header.pdf");
  await writeFile(junkBefore, Buffer.concat([Buffer.from("X-Mailer junk line before the header\r\n"), classic]));
  files.push({ description: "a file with junk before %PDF (offsets relative to the header)", path: junkBefore });

  const junkAfter = join(dir, "junk-after-eof.pdf");
  await writeFile(junkAfter, Buffer.concat([classic, Buffer.from("\n<html>trailing garbage from a web server</html>\n")]));
  files.push({ description: "a file with junk after %%EOF", path: junkAfter });

  const noNewline = join(dir, "no-final-newline.pdf");
  await writeFile(noNewline, trimFinalNewline(classic));
  files.push({ description: "a file without a newline after %%EOF", path: noNewline });

  return files;
}

function trimFinalNewline(bytes: Buffer): Buffer {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end -= 1;
  return bytes.subarray(0, end);
}
