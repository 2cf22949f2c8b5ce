import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runKyso } from "../../../test/cli/run-kyso.js";
import { HOSTILE_FIXTURES } from "../../../test/pdf-corpus/hostile-corpus.js";
import { PKCS12_PASSWORD } from "../../../test/pki/test-pki.js";
import { testServices } from "../../../test/setup/test-services.js";

const { pki } = testServices();
let scratch: string;

/** One of each family: the /Prev chain, the parser's stack, the lexer at EOF, a /Length cycle, a page-tree cycle. */
const CLI_CASES = [
  "two sections whose /Prev point at each other",
  "arrays nested 100,000 deep",
  "a literal string with unbalanced parentheses running to the end of the file",
  "two streams whose indirect /Length point at each other",
  "a page tree whose /Kids point back at the root",
];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-cli-hostile-"));
});

describe("kyso sign on hostile PDFs (CLI)", () => {
  it.each(CLI_CASES)("exits 1 with a one-line PDF_MALFORMED error and leaves neither output nor temporary file for %s", async (name) => {
    const fixture = HOSTILE_FIXTURES.find((f) => f.name === name)!;
    const dir = join(scratch, String(CLI_CASES.indexOf(name)));
    await mkdir(dir);
    const input = join(dir, "van-ban.pdf");
    await writeFile(input, fixture.bytes());
    const run = await runKyso(["sign", input, "-o", join(dir, "da-ky.pdf"), "--key", pki.entities.signerRsa2048.p12File, "--pin-env", "P", "--lang", "en"], { env: { P: PKCS12_PASSWORD } });
    expect(run.code, run.stderr).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^kyso: PDF_MALFORMED: /);
    expect(await readdir(dir)).toEqual(["van-ban.pdf"]);
  });
});
