import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

/**
 * Extracts each signature's /Contents and the bytes its /ByteRange covers from a signed PDF
 * by plain text search (independent of kyso's parser), then asks `openssl cms -verify` to
 * check the CMS over exactly those bytes.
 */
export async function opensslVerifyEachSignature(options: { pdfFile: string; scratchDir: string; rootPemFile: string; chainPemFile: string }): Promise<Array<{ ok: boolean; output: string }>> {
  const pdf = await readFile(options.pdfFile);
  const text = pdf.toString("latin1");
  const results: Array<{ ok: boolean; output: string }> = [];
  const byteRangePattern = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  let index = 0;
  for (const match of text.matchAll(byteRangePattern)) {
    const [a, b, c, d] = match.slice(1, 5).map(Number) as [number, number, number, number];
    const covered = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
    // The zero padding after the DER is left in: a DER reader stops at the end of the object.
    const der = Buffer.from(pdf.subarray(a + b + 1, c - 1).toString("latin1"), "hex");
    const contentFile = join(options.scratchDir, `signed-bytes-${index}.bin`);
    const cmsFile = join(options.scratchDir, `signature-${index}.der`);
    await writeFile(contentFile, covered);
    await writeFile(cmsFile, der);
    index += 1;
    try {
      const { stdout, stderr } = await promisify(execFile)("openssl", [
        "cms", "-verify", "-binary", "-inform", "DER", "-in", cmsFile, "-content", contentFile,
        "-CAfile", options.rootPemFile, "-certfile", options.chainPemFile, "-purpose", "any", "-out", "/dev/null",
      ]);
      results.push({ ok: true, output: stdout + stderr });
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string };
      results.push({ ok: false, output: `${failure.stdout ?? ""}${failure.stderr ?? ""}` });
    }
  }
  return results;
}
