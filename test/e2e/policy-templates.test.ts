/**
 * The Linux template `kyso policy templates` writes is what Chromium accepts: copied into
 * /etc/chromium/policies/managed/ (as IT's rollout does), every setting reaches
 * chrome.storage.managed unchanged through the schema generated from the same source.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { validateSettings } from "../../shared/policy/validate-settings.js";
import { runKyso } from "../cli/run-kyso.js";
import { EXAMPLE_POLICY } from "../policy/example-policy.js";
import { launchChromiumWithExtension, type LaunchedChromium } from "./chromium-launcher.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const POLICY_DIR = "/etc/chromium/policies/managed";
const policyFile = join(POLICY_DIR, `kyso-e2e-templates-${process.pid}.json`);

type ManagedStorage = { chrome: { storage: { managed: { get(): Promise<Record<string, unknown>> } } } };
let chromium: LaunchedChromium | undefined;

afterAll(async () => {
  await chromium?.close();
  await rm(policyFile, { force: true });
});

describe("policy template (Linux JSON) → Chromium", () => {
  it("delivers every setting of the generated template to chrome.storage.managed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kyso-e2e-templates-"));
    await writeFile(join(dir, "example.json"), JSON.stringify(EXAMPLE_POLICY));
    const written = await runKyso(["policy", "templates", "--out", join(dir, "out"), "--example", join(dir, "example.json")]);
    expect(written.code, written.stderr).toBe(0);
    await mkdir(POLICY_DIR, { recursive: true });
    await copyFile(join(dir, "out/linux/chromium/kyso-policy.json"), policyFile);
    try {
      chromium = await launchChromiumWithExtension({ extensionDir: join(root, "dist/chrome") });
      const delivered = await chromium.serviceWorker.evaluate(() => (globalThis as unknown as ManagedStorage).chrome.storage.managed.get());
      // Every setting, defaults included: a value Chromium's schema check dropped would be missing here.
      expect(delivered).toEqual(validateSettings(EXAMPLE_POLICY).settings);
    } finally {
      // Other suites share this machine's policy directory: remove the file as soon as it was read.
      await rm(policyFile, { force: true });
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
