/**
 * The Linux template `kyso policy templates` writes is what Chromium accepts: copied into
 * /etc/chromium/policies/managed/ (as IT's rollout does), every setting reaches
 * chrome.storage.managed unchanged through the schema generated from the same source.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { validateSettings } from "../../shared/policy/validate-settings.js";
import { runKyso } from "../cli/run-kyso.js";
import { EXAMPLE_POLICY } from "../policy/example-policy.js";
import { launchChromiumWithExtension, type LaunchedChromium } from "./chromium-launcher.js";
import { holdManagedPolicyDir, type HeldPolicyDir } from "./managed-policy-dir.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

type ManagedStorage = { chrome: { storage: { managed: { get(): Promise<Record<string, unknown>> } } } };
let chromium: LaunchedChromium | undefined;
let policyDir: HeldPolicyDir | undefined;

afterAll(async () => {
  await chromium?.close();
  await policyDir?.release();
});

describe("policy template (Linux JSON) → Chromium", () => {
  it("delivers every setting of the generated template to chrome.storage.managed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kyso-e2e-templates-"));
    await writeFile(join(dir, "example.json"), JSON.stringify(EXAMPLE_POLICY));
    const written = await runKyso(["policy", "templates", "--out", join(dir, "out"), "--example", join(dir, "example.json")]);
    expect(written.code, written.stderr).toBe(0);
    policyDir = await holdManagedPolicyDir();
    try {
      await policyDir.placeFile("kyso-e2e-templates", await readFile(join(dir, "out/linux/chromium/kyso-policy.json"), "utf8"));
      chromium = await launchChromiumWithExtension({ extensionDir: join(root, "dist/chrome") });
      const delivered = await chromium.serviceWorker.evaluate(() => (globalThis as unknown as ManagedStorage).chrome.storage.managed.get());
      // Every setting, defaults included: a value Chromium's schema check dropped would be missing here.
      expect(delivered).toEqual(validateSettings(EXAMPLE_POLICY).settings);
    } finally {
      // Other suites share this machine's policy directory: free it as soon as it was read.
      await policyDir.release();
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
