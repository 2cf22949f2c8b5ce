/**
 * A portal machine (page-api-session.ts) whose native host signs through the PKCS#11 test
 * shim (test/services/pkcs11-shim) in front of the suite's own SoftHSM2 token copy: C_Sign
 * takes `signDelayMs`, and a flag file unplugs the token (see kyso-pkcs11-shim.c for why a
 * flag rather than moving SoftHSM's directory). The shim's settings go into this profile's
 * host launcher (native-host-environment.ts), so no other suite's host sees them. Plus the
 * page-side helpers the suites on it share: open the portal, call window.kyso.sign with its
 * progress kept for the test to watch.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { buildPkcs11Shim } from "../services/pkcs11-shim.js";
import type { TestServices } from "../setup/test-services.js";
import { exportToNativeHost } from "./native-host-environment.js";
import { startPageApiPortal, type PageApiPortal } from "./page-api-portal.js";
import { browserOf, closePortalMachine, launchPortalBrowser, preparePortalMachine, type PortalMachine } from "./page-api-session.js";

export interface SlowTokenPortal {
  machine: PortalMachine;
  portal: PageApiPortal;
  /** While this file exists the token is unplugged. */
  unpluggedFlag: string;
  close(): Promise<void>;
}

export async function startSlowTokenPortal(services: TestServices, options: { name: string; signDelayMs: number; locale?: "vi" | "en" }): Promise<SlowTokenPortal> {
  const machine = await preparePortalMachine(services, options.name);
  const shimPath = await buildPkcs11Shim(machine.sandbox);
  const unpluggedFlag = join(machine.sandbox, "token-unplugged");
  await exportToNativeHost(join(machine.sandbox, "profile"), {
    SOFTHSM2_CONF: machine.token.configFile,
    KYSO_STATE_DIR: machine.stateDir,
    KYSO_CONFIG: machine.configFile,
    KYSO_SHIM_TARGET: machine.token.modulePath,
    KYSO_SHIM_SIGN_DELAY_MS: String(options.signDelayMs),
    KYSO_SHIM_REMOVED_FLAG: unpluggedFlag,
  });
  const tls = services.pki.entities.tlsServer;
  const portal = await startPageApiPortal(tls);
  const settings = {
    portals: [{ origin: portal.origin, name: "Cổng thử nghiệm kyso" }],
    // B-B: nothing after the signature but the upload, so the batch's time is the token's.
    signing: { level: "B-B" },
    keys: { pkcs11ModulesLinux: [shimPath] },
    trust: { anchorsPem: [machine.rootPem] },
  };
  await launchPortalBrowser(machine, { tlsCertPem: await readFile(tls.certPemFile, "utf8"), settings, scriptIds: ["kyso-content", "kyso-page-api"], ...(options.locale ? { locale: options.locale } : {}) });
  return {
    machine,
    portal,
    unpluggedFlag,
    async close() {
      await closePortalMachine(machine);
      await portal.close();
    },
  };
}

export type PageResult = { name: string; ok: boolean; code?: string; message?: string; upload?: { status: number } };
type Progress = { done: number; total: number; stage: string };

/** Opens the portal page, reloading until the page API script is in it. */
export async function openPortalPage(setup: SlowTokenPortal): Promise<Page> {
  const page = await browserOf(setup.machine).context.newPage();
  await expect
    .poll(async () => {
      await page.goto(`${setup.portal.origin}/portal`);
      return page.evaluate(() => "kyso" in window);
    }, { timeout: 30_000, interval: 500 })
    .toBe(true);
  return page;
}

/** window.kyso.sign in the page, its progress kept in window.kysoProgress (signaturesFinished reads it). */
export function signInPage(page: Page, request: unknown): Promise<{ results?: PageResult[]; error?: { code: string } }> {
  return page.evaluate(async (request) => {
    const progress: Progress[] = [];
    (window as unknown as { kysoProgress: Progress[] }).kysoProgress = progress;
    const kyso = (window as unknown as { kyso: { sign(r: unknown, o: { onProgress(p: Progress): void }): Promise<{ results: PageResult[] }> } }).kyso;
    try {
      const answer = await kyso.sign(request, { onProgress: (entry) => progress.push({ done: entry.done, total: entry.total, stage: entry.stage }) });
      // The signed bytes stay in the page: the uploads are what these suites check.
      return { results: answer.results.map(({ name, ok, code, message, upload }) => ({ name, ok, code, message, upload })) };
    } catch (error) {
      return { error: { code: String((error as { code?: unknown }).code) } };
    }
  }, request);
}

/** Progress in the "signing" stage the page has seen: the host reports done: n once n signatures are made. */
export function signingProgress(page: Page): Promise<{ started: boolean; done: number }> {
  return page.evaluate(() => {
    const signing = ((window as unknown as { kysoProgress?: Progress[] }).kysoProgress ?? []).filter((entry) => entry.stage === "signing");
    return { started: signing.length > 0, done: Math.max(0, ...signing.map((entry) => entry.done)) };
  });
}
