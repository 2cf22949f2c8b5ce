import type { Bilingual } from "./demo-console.js";
import type { KysoRunner } from "./kyso-runner.js";

/**
 * `npx kyso sign sample.pdf -o signed.pdf` with no --key: kyso signs with its demo key
 * (created on first use in kyso's state directory, here the demo's) and says so on stderr.
 */
export async function runDemoKeyShowcase(options: { kyso: KysoRunner; sampleFile: string; outFile: string }): Promise<Bilingual> {
  const run = await options.kyso(["sign", options.sampleFile, "-o", options.outFile, "--force"]);
  if (run.code !== 0) throw new Error(`kyso sign without --key: ${run.stderr.trim()}`);
  const warning = run.stderr.split("\n").find((line) => /demo/i.test(line))?.trim() ?? "";
  return { vi: `${options.outFile} — ${warning}`, en: `${options.outFile} — ${warning}` };
}
