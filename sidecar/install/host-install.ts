import { chmod, mkdir, readFile, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { NATIVE_HOST_NAME } from "../../shared/extension-identity.js";
import { KysoError } from "../../shared/protocol/kyso-error.js";
import { hostLocation, kysoDataDir, type Browser, type Platform, type Scope } from "./host-locations.js";
import { hostManifest, isKysoManifest } from "./host-manifest.js";
import { launcherFileName, launcherScript } from "./launcher-script.js";
import { deleteRegistryKey, registryFile, setRegistryDefault } from "./windows-registry.js";

export interface InstallTarget {
  browsers: readonly Browser[];
  scope: Scope;
  platform: Platform;
  userDataDir?: string;
  env: NodeJS.ProcessEnv;
  home?: string;
}

export interface Registration {
  browser: Browser;
  manifestPath: string;
  /** Windows: the key whose default value names manifestPath. */
  registryKey?: string;
}

interface Receipt {
  launcherPath: string;
  registrations: Registration[];
  /**
   * The topmost directory each write had to create (mkdir -p's answer), so that uninstall
   * removes exactly those again, deepest first, while they are empty — and never a
   * directory that was there before (the browser's own, /etc/opt/chrome…).
   */
  createdDirs?: string[];
}

export interface InstallResult {
  launcherPath: string;
  registrations: Registration[];
  /** Windows: .reg files written beside the launcher for IT (install and removal). */
  registryFiles: string[];
}

const RECEIPT_FILE = "install-receipt.json";

/**
 * Writes through a temporary file and a rename, so a browser never reads half a manifest.
 * Answers the topmost directory it had to create, if any.
 */
async function writeAtomically(file: string, text: string, mode = 0o644): Promise<string | undefined> {
  const created = await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode });
  await chmod(temporary, mode);
  await rename(temporary, file);
  return created;
}

/** Each created directory and the ones under it down to the file's own folder, deepest first. */
function directoriesToRemove(createdDirs: readonly string[], files: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const top of createdDirs) {
    for (const file of files) {
      let dir = dirname(file);
      const below = relative(top, dir);
      if (below.startsWith("..") || below.includes(`..${sep}`)) continue;
      while (dir.length >= top.length) {
        dirs.add(dir);
        if (dir === top) break;
        dir = dirname(dir);
      }
    }
  }
  return [...dirs].sort((a, b) => b.length - a.length);
}

async function readReceipt(dataDir: string): Promise<Receipt | undefined> {
  try {
    return JSON.parse(await readFile(join(dataDir, RECEIPT_FILE), "utf8")) as Receipt;
  } catch {
    return undefined;
  }
}

function registrationFor(target: InstallTarget, browser: Browser, dataDir: string): Registration {
  const location = hostLocation({ browser, scope: target.scope, platform: target.platform, hostName: NATIVE_HOST_NAME, ...(target.home ? { home: target.home } : {}), ...(target.userDataDir === undefined ? {} : { userDataDir: target.userDataDir }) });
  if (location.kind === "directory") return { browser, manifestPath: join(location.dir, `${NATIVE_HOST_NAME}.json`) };
  // Windows: the manifest lives with kyso; Chromium browsers share one, Firefox has its own.
  const family = browser === "firefox" ? "firefox" : "chromium";
  return { browser, manifestPath: join(dataDir, `${NATIVE_HOST_NAME}.${family}.json`), registryKey: location.key };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const samePlace = (a: Registration, b: Registration) => a.browser === b.browser && a.manifestPath === b.manifestPath;

function failed(what: string, error: unknown): KysoError {
  return new KysoError("HOST_INSTALL_FAILED", `${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/**
 * `kyso install`: the launcher, a manifest per browser (and on Windows a registry key and
 * .reg files), and a receipt naming them. Running it again rewrites the same files.
 */
export async function installHost(target: InstallTarget & { nodePath: string; hostBundlePath: string }): Promise<InstallResult> {
  const dataDir = kysoDataDir({ scope: target.scope, platform: target.platform, env: target.env, ...(target.home ? { home: target.home } : {}) });
  const launcherPath = join(dataDir, launcherFileName(target.platform));
  const registrations = target.browsers.map((browser) => registrationFor(target, browser, dataDir));
  const createdDirs: string[] = [];
  const noteCreated = (dir: string | undefined) => {
    if (dir !== undefined) createdDirs.push(dir);
  };
  try {
    noteCreated(await writeAtomically(launcherPath, launcherScript({ platform: target.platform, nodePath: target.nodePath, hostBundlePath: target.hostBundlePath }), 0o755));
    for (const registration of registrations) {
      const manifest = hostManifest({ browser: registration.browser, launcherPath });
      noteCreated(await writeAtomically(registration.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`));
      if (registration.registryKey && process.platform === "win32") await setRegistryDefault(registration.registryKey, registration.manifestPath);
    }
  } catch (error) {
    throw error instanceof KysoError ? error : failed(launcherPath, error);
  }
  const before = await readReceipt(dataDir);
  const previous = before?.registrations ?? [];
  const receipt: Receipt = {
    launcherPath,
    registrations: [...previous.filter((old) => !registrations.some((now) => samePlace(old, now))), ...registrations],
    createdDirs: [...new Set([...(before?.createdDirs ?? []), ...createdDirs])],
  };
  await writeAtomically(join(dataDir, RECEIPT_FILE), `${JSON.stringify(receipt, null, 2)}\n`);
  const registryFiles = await writeRegistryFiles(dataDir, receipt.registrations);
  return { launcherPath, registrations, registryFiles };
}

async function writeRegistryFiles(dataDir: string, registrations: readonly Registration[]): Promise<string[]> {
  const entries = registrations.flatMap((r) => (r.registryKey ? [{ key: r.registryKey, manifestPath: r.manifestPath }] : []));
  const files = [join(dataDir, "kyso-install.reg"), join(dataDir, "kyso-uninstall.reg")];
  if (entries.length === 0) {
    for (const file of files) await rm(file, { force: true });
    return [];
  }
  await writeAtomically(files[0]!, registryFile(entries));
  await writeAtomically(files[1]!, registryFile(entries, { remove: true }));
  return files;
}

/**
 * `kyso uninstall`: removes the manifests (and keys) install wrote for these browsers — a
 * file only when it is kyso's manifest — and, once no browser is registered, the launcher,
 * the .reg files, the receipt and kyso's directory if it is empty. Idempotent.
 */
export async function uninstallHost(target: InstallTarget): Promise<Registration[]> {
  const dataDir = kysoDataDir({ scope: target.scope, platform: target.platform, env: target.env, ...(target.home ? { home: target.home } : {}) });
  const receipt = await readReceipt(dataDir);
  const removed: Registration[] = [];
  for (const registration of target.browsers.map((browser) => registrationFor(target, browser, dataDir))) {
    const ours = isKysoManifest(parseJson(await readFile(registration.manifestPath, "utf8").catch(() => "")));
    // On Windows, Chrome, Chromium and Edge share one manifest file: keep it while another uses it.
    const stillShared = (receipt?.registrations ?? []).some((r) => r.manifestPath === registration.manifestPath && !target.browsers.includes(r.browser));
    if (ours && !stillShared) await rm(registration.manifestPath, { force: true });
    if (registration.registryKey && process.platform === "win32") await deleteRegistryKey(registration.registryKey);
    if (ours || receipt?.registrations.some((r) => samePlace(r, registration))) removed.push(registration);
  }
  const remaining = (receipt?.registrations ?? []).filter((r) => !removed.some((gone) => samePlace(gone, r)));
  if (remaining.length > 0) {
    await writeAtomically(join(dataDir, RECEIPT_FILE), `${JSON.stringify({ ...receipt!, registrations: remaining }, null, 2)}\n`);
    await writeRegistryFiles(dataDir, remaining);
    return removed;
  }
  for (const file of [launcherFileName(target.platform), RECEIPT_FILE, "kyso-install.reg", "kyso-uninstall.reg"]) await rm(join(dataDir, file), { force: true });
  await rmdir(dataDir).catch(() => undefined);
  // The manifest folders install created (e.g. ~/.config/chromium/NativeMessagingHosts), while empty.
  const written = [...(receipt?.registrations ?? []).map((r) => r.manifestPath), join(dataDir, RECEIPT_FILE)];
  for (const dir of directoriesToRemove(receipt?.createdDirs ?? [], written)) await rmdir(dir).catch(() => undefined);
  return removed;
}
