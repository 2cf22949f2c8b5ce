import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { runKyso } from "../../../test/cli/run-kyso.js";

/** `kyso sign` without --key: the demo key, created on first use in kyso's state directory, and never silently. */
let scratch = "";
let input = "";
const envFor = (name: string, extra: Record<string, string> = {}) => ({
  HOME: scratch,
  KYSO_STATE_DIR: join(scratch, name, "state"),
  KYSO_CONFIG: join(scratch, name, "config.json"),
  KYSO_MACHINE_POLICY: join(scratch, name, "no-policy.json"),
  ...extra,
});

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "kyso-demo-key-"));
  const document = await PDFDocument.create();
  document.addPage();
  input = join(scratch, "sample.pdf");
  await writeFile(input, await document.save());
});

describe("kyso sign without --key", () => {
  it("creates the demo key on first use, signs with it and says on stderr, in Vietnamese and English, that it is a demo key", async () => {
    const env = envFor("first");
    const first = await runKyso(["sign", input, "-o", join(scratch, "first.pdf")], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("KHÓA DEMO vừa tạo");
    expect(first.stderr).toContain("DEMO KEY, just created");
    const keyFile = join(env.KYSO_STATE_DIR, "demo-key", "kyso-demo-key.p12");
    expect((await stat(keyFile)).mode & 0o077).toBe(0);
    const keyBytes = await readFile(keyFile);

    const second = await runKyso(["sign", input, "-o", join(scratch, "second.pdf")], { env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain("KHÓA DEMO (");
    expect(second.stderr).not.toContain("just created");
    expect(await readFile(keyFile)).toEqual(keyBytes);

    const verified = await runKyso(["verify", join(scratch, "second.pdf"), "--json", "--offline"], { env });
    const report = JSON.parse(verified.stdout) as { indication: string; signatures: Array<{ signer: { name: string }; integrity: { intact: boolean } }> };
    expect(report.signatures[0]?.signer.name).toMatch(/^kyso DEMO/);
    expect(report.signatures[0]?.integrity.intact).toBe(true);
    // Self-signed: no verifier trusts it.
    expect(report.indication).not.toBe("TOTAL_PASSED");
  });

  it("is refused with a usage error when policy sets keys.allowDemoKey to false", async () => {
    const env = envFor("refused");
    await mkdir(join(scratch, "refused"), { recursive: true });
    await writeFile(join(scratch, "refused", "policy.json"), JSON.stringify({ keys: { allowDemoKey: false } }));
    const run = await runKyso(["sign", input, "-o", join(scratch, "refused.pdf")], { env: { ...env, KYSO_MACHINE_POLICY: join(scratch, "refused", "policy.json") } });
    expect(run.code).toBe(64);
    expect(run.stderr).toContain("keys.allowDemoKey = false");
    expect(existsSync(join(env.KYSO_STATE_DIR, "demo-key"))).toBe(false);
    expect(existsSync(join(scratch, "refused.pdf"))).toBe(false);
  });
});
