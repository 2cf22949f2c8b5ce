import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

/**
 * Finds every document timestamp (/Type /DocTimeStamp) by plain text search, independent of
 * kyso's parser, and asks `openssl ts -verify` whether its /Contents is a valid RFC 3161 token
 * from a trusted TSA over exactly the bytes its /ByteRange covers.
 */
export async function opensslVerifyDocumentTimestamps(options: { pdfFile: string; scratchDir: string; rootPemFile: string; chainPemFile: string }): Promise<Array<{ ok: boolean; output: string }>> {
  const pdf = await readFile(options.pdfFile);
  const text = pdf.toString("latin1");
  const results: Array<{ ok: boolean; output: string }> = [];
  const pattern = /\/Type\s*\/DocTimeStamp(?:(?!endobj)[\s\S])*?\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  let index = 0;
  for (const match of text.matchAll(pattern)) {
    const [a, b, c, d] = match.slice(1, 5).map(Number) as [number, number, number, number];
    const dataFile = join(options.scratchDir, `doc-timestamp-data-${index}.bin`);
    const tokenFile = join(options.scratchDir, `doc-timestamp-${index}.der`);
    await writeFile(dataFile, Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]));
    // openssl reads one DER object and ignores the zero padding after it.
    await writeFile(tokenFile, Buffer.from(pdf.subarray(a + b + 1, c - 1).toString("latin1"), "hex"));
    index += 1;
    try {
      const { stdout, stderr } = await promisify(execFile)("openssl", [
        "ts", "-verify", "-token_in", "-in", tokenFile, "-data", dataFile, "-CAfile", options.rootPemFile, "-untrusted", options.chainPemFile,
      ]);
      results.push({ ok: stdout.includes("Verification: OK"), output: stdout + stderr });
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string };
      results.push({ ok: false, output: `${failure.stdout ?? ""}${failure.stderr ?? ""}` });
    }
  }
  return results;
}
