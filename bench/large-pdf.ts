import { createWriteStream } from "node:fs";
import { once } from "node:events";

/**
 * Writes a valid PDF of about `sizeBytes`: one page whose image XObject carries incompressible
 * bytes, classic xref. Large inputs are generated, never committed.
 */
export async function writeLargePdf(path: string, sizeBytes: number): Promise<void> {
  const out = createWriteStream(path);
  const offsets: number[] = [];
  let position = 0;
  const write = async (chunk: string | Buffer) => {
    const data = typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
    position += data.length;
    if (!out.write(data)) await once(out, "drain");
  };
  const object = async (body: string) => {
    offsets.push(position);
    await write(`${offsets.length} 0 obj\n${body}\nendobj\n`);
  };
  await write("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  await object("<< /Type /Catalog /Pages 2 0 R >>");
  await object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  await object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>");
  const content = "q 500 0 0 700 47 71 cm /Im1 Do Q";
  await object(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  const side = Math.floor(Math.sqrt(Math.max(1, sizeBytes / 3)));
  const imageLength = side * side * 3;
  offsets.push(position);
  await write(`5 0 obj\n<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length ${imageLength} >>\nstream\n`);
  // Pseudo-random bytes (xorshift), fast and incompressible, 1 MiB at a time.
  let state = 0x2545f491;
  const block = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < imageLength; written += block.length) {
    for (let i = 0; i < block.length; i += 4) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      block.writeInt32LE(state | 0, i);
    }
    await write(block.subarray(0, Math.min(block.length, imageLength - written)));
  }
  await write("\nendstream\nendobj\n");
  const xrefAt = position;
  await write(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`);
  await write(`trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
  out.end();
  await once(out, "finish");
}
