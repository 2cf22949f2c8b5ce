/**
 * What every portal e2e suite sets up the same way (page API, legacy vgca_*, verify, mail): a
 * sandbox with its own SoftHSM2 token copy (tests type wrong PINs; the issuing CA written on it
 * as on the CAs' real tokens, so keys.list gives the chain and the CMS carries it), the native
 * host that `kyso install` registers for a fresh Chromium profile, an NSS store trusting only the
 * test root (pdfsig), the real built extension in the system Chromium, and the settings stored
 * as the options page stores them on an unmanaged machine (so that no suite touches the one
 * shared /etc/chromium/policies/managed). Plus the confirmation-window steps and the checks of a
 * signed file.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { spkiSha256Base64 } from "../../demo/portal/self-signed-certificate.js";
import { CHROMIUM_EXTENSION_ID } from "../../shared/extension-identity.js";
import { runKyso } from "../cli/run-kyso.js";
import { createNssTrustStore, pdfsig } from "../pdf-checkers/pdfsig.js";
import { copySoftHsmToken, type SoftHsmToken } from "../services/softhsm-token.js";
import type { TestServices } from "../setup/test-services.js";
import { launchChromiumWithExtension, type LaunchedChromium } from "./chromium-launcher.js";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../..");
export const CONFIRM_WINDOW_TIMEOUT_MS = 30_000;

export interface PortalMachine {
  services: TestServices;
  sandbox: string;
  /** KYSO_STATE_DIR of the native host Chromium starts (its logs, audit, outbox). */
  stateDir: string;
  /** KYSO_CONFIG of that host. */
  configFile: string;
  token: SoftHsmToken;
  nssDir: string;
  signerName: string;
  /** Root PEM, for settings.trust.anchorsPem. */
  rootPem: string;
  chromium?: LaunchedChromium;
}

/** Sandbox, token copy with the issuing CA, host registration and the NSS trust store. */
export async function preparePortalMachine(services: TestServices, name: string): Promise<PortalMachine> {
  const { pki } = services;
  const sandbox = await mkdtemp(join(tmpdir(), `kyso-e2e-${name}-`));
  const token = await copySoftHsmToken(services.softhsm, join(sandbox, "softhsm"));
  await run("pkcs11-tool", ["--module", token.modulePath, "--token-label", token.tokenLabel, "--login", "--pin", token.userPin,
    "--write-object", pki.issuingCa.certDerFile, "--type", "cert", "--id", "ff", "--label", "issuing CA"], { env: { ...process.env, SOFTHSM2_CONF: token.configFile } });
  const stateDir = join(sandbox, "state");
  const configFile = join(sandbox, "config.json");
  // Chromium starts the host with the environment it inherits from this process.
  process.env.SOFTHSM2_CONF = token.configFile;
  process.env.KYSO_STATE_DIR = stateDir;
  process.env.KYSO_CONFIG = configFile;
  const profile = join(sandbox, "profile");
  const installed = await runKyso(["install", "--scope", "user", "--browser", "chromium", "--user-data-dir", profile], { env: { HOME: sandbox, XDG_DATA_HOME: join(sandbox, "data") } });
  if (installed.code !== 0) throw new Error(`kyso install failed: ${installed.stderr}`);
  return {
    services,
    sandbox,
    stateDir,
    configFile,
    token,
    nssDir: await createNssTrustStore(join(sandbox, "nss"), pki.rootCa.certPemFile),
    signerName: pki.entities.signerRsa2048.commonName,
    rootPem: await readFile(pki.rootCa.certPemFile, "utf8"),
  };
}

/**
 * Starts Chromium with the built extension, stores `options` as the options page would and
 * waits until the background registered `scriptIds` from them.
 */
export async function launchPortalBrowser(machine: PortalMachine, options: { tlsCertPem: string; settings: object; scriptIds: string[]; locale?: "vi" | "en" }): Promise<LaunchedChromium> {
  const chromium = await launchChromiumWithExtension({
    extensionDir: join(root, "dist/chrome"),
    userDataDir: join(machine.sandbox, "profile"),
    extraArgs: [`--ignore-certificate-errors-spki-list=${spkiSha256Base64(options.tlsCertPem)}`],
    ...(options.locale ? { locale: options.locale } : {}),
  });
  machine.chromium = chromium;
  await storeLocal(machine, { options: options.settings });
  type Chrome = { chrome: { scripting: { getRegisteredContentScripts(): Promise<Array<{ id: string }>> } } };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const registered = await chromium.serviceWorker.evaluate(async () => (await (globalThis as unknown as Chrome).chrome.scripting.getRegisteredContentScripts()).map((script) => script.id));
    if (options.scriptIds.every((id) => registered.includes(id))) return chromium;
    if (Date.now() > deadline) throw new Error(`the background never registered ${options.scriptIds.join(", ")} (registered: ${registered.join(", ")})`);
    await new Promise((done) => setTimeout(done, 300));
  }
}

/**
 * Writes storage.local as the options page does (`options`: the settings; `signerImagePng`: the
 * person's signature image). The background reads them on every request.
 */
export async function storeLocal(machine: PortalMachine, items: { options?: object; signerImagePng?: string }): Promise<void> {
  type Chrome = { chrome: { storage: { local: { set(items: object): Promise<void> } } } };
  await browserOf(machine).serviceWorker.evaluate((items) => (globalThis as unknown as Chrome).chrome.storage.local.set(items), items);
}

export async function closePortalMachine(machine: PortalMachine | undefined): Promise<void> {
  await machine?.chromium?.close();
  // KYSO_KEEP_TEST_STATE keeps the host's logs for a look after a failure (as the global set-up does).
  if (machine && !process.env.KYSO_KEEP_TEST_STATE) await rm(machine.sandbox, { recursive: true, force: true });
}

export function browserOf(machine: PortalMachine): LaunchedChromium {
  if (!machine.chromium) throw new Error("Chromium did not start (see the beforeAll error)");
  return machine.chromium;
}

export function nextConfirmWindow(machine: PortalMachine): Promise<Page> {
  return browserOf(machine).context.waitForEvent("page", { predicate: (page) => page.url().startsWith(`chrome-extension://${CHROMIUM_EXTENSION_ID}/ui/confirm/confirm.html`), timeout: CONFIRM_WINDOW_TIMEOUT_MS });
}

/** How many confirmation windows opened while `work` ran. */
export async function confirmWindowsOpenedWhile<T>(machine: PortalMachine, work: () => Promise<T>): Promise<{ result: T; windows: number }> {
  let windows = 0;
  const watch = (other: Page) => {
    if (other.url().includes("/ui/confirm/")) windows += 1;
  };
  browserOf(machine).context.on("page", watch);
  try {
    return { result: await work(), windows };
  } finally {
    browserOf(machine).context.off("page", watch);
  }
}

/** Picks the test signer's certificate (a token certificate that is not disabled). */
export async function chooseSigner(machine: PortalMachine, window: Page): Promise<void> {
  await window.waitForSelector("select[name=certificate] option[value^='pkcs11:']", { state: "attached" });
  const value = await window.$$eval("select[name=certificate] option", (options, name) => (options as HTMLOptionElement[]).find((option) => option.textContent.includes(name) && !option.disabled)?.value, machine.signerName);
  if (!value) throw new Error(`no usable certificate of ${machine.signerName} in the confirmation window`);
  await window.selectOption("select[name=certificate]", value);
}

export async function confirmWithPin(window: Page, pin: string): Promise<void> {
  await window.fill("input[name=pin]", pin);
  await window.click("button[name=confirm]");
}

/** The whole confirmation: the signer, the token's PIN, Sign. */
export async function confirmAsSigner(machine: PortalMachine, window: Page): Promise<void> {
  await chooseSigner(machine, window);
  await confirmWithPin(window, machine.token.userPin);
}

/**
 * pdfsig (NSS trusting only the root) and kyso verify both accept the file's last signature by
 * the signer (a B-LTA document timestamp after it is the TSA's, which pdfsig 22.12 does not validate).
 */
export async function expectSignedFileVerifies(machine: PortalMachine, file: string, options: { signatures?: number } = {}): Promise<void> {
  const signatures = await pdfsig(file, machine.nssDir);
  if (options.signatures !== undefined) expect(signatures).toHaveLength(options.signatures);
  const bySigner = signatures.filter((signature) => signature.signerName === machine.signerName);
  expect(bySigner.at(-1), JSON.stringify(signatures.map((signature) => signature.signerName))).toMatchObject({ signerName: machine.signerName, valid: true, trusted: true });
  if (bySigner.at(-1) === signatures.at(-1)) expect(signatures.at(-1)?.totalDocumentSigned).toBe(true);
  const verified = await runKyso(["verify", file, "--trust", machine.services.pki.rootCa.certPemFile, "--json", "--lang", "en"]);
  expect(verified.code, verified.stderr).toBe(0);
  expect((JSON.parse(verified.stdout) as { indication: string }).indication).toBe("TOTAL_PASSED");
}

/** The same for bytes: written into the sandbox first. */
export async function expectSignedBytesVerify(machine: PortalMachine, signed: { bytes: Uint8Array; name: string; signatures?: number }): Promise<string> {
  const file = join(machine.sandbox, signed.name);
  await writeFile(file, signed.bytes);
  await expectSignedFileVerifies(machine, file, signed.signatures === undefined ? {} : { signatures: signed.signatures });
  return file;
}

/** How many sign.digest requests the host finished (its log): nothing may be signed before the confirm click. */
export async function signDigestRequests(machine: PortalMachine): Promise<number> {
  const logDir = join(machine.stateDir, "logs");
  const texts = await Promise.all((await readdir(logDir)).map((file) => readFile(join(logDir, file), "utf8")));
  return texts.join("").split("\n").filter((line) => line.includes('"method":"sign.digest"') && /"event":"request\.(done|failed)"/.test(line)).length;
}
