import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Bilingual } from "./demo-console.js";

/**
 * The Debian packages the demo uses (SoftHSM2, Chromium, Postfix/Dovecot, poppler, openssl)
 * come from scripts/install-system-deps.sh, the same script `npm test` runs. Decision: as root
 * with apt-get (CI, containers, a fresh VM) `npm start` installs what is missing itself,
 * non-interactively; otherwise it never asks for a password — it prints the one command and
 * goes on with what is there (each step that lacks a package says so).
 */
export interface SystemPackages {
  missing: string[];
  /** What was done about it, for the step's line. */
  outcome: Bilingual;
}

async function missingPackages(script: string): Promise<string[]> {
  try {
    await promisify(execFile)("bash", [script, "--check"]);
    return [];
  } catch (error) {
    return /missing: (.*)/.exec((error as { stdout?: string }).stdout ?? "")?.[1]?.trim().split(/\s+/) ?? ["?"];
  }
}

/** The installer with the terminal attached (apt's progress); resolves with its exit code. */
function runInstaller(script: string): Promise<number | null> {
  return new Promise((done, fail) => {
    const child = spawn("bash", [script], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    child.on("error", fail);
    child.on("exit", done);
  });
}

export async function ensureSystemPackages(options: { root: string; allowInstall: boolean }): Promise<SystemPackages> {
  const script = join(options.root, "scripts/install-system-deps.sh");
  if (!existsSync("/usr/bin/dpkg-query")) {
    return { missing: [], outcome: { vi: "không phải Debian/Ubuntu: tự cài SoftHSM2, Chromium, Postfix, Dovecot, poppler-utils, openssl", en: "not Debian/Ubuntu: install SoftHSM2, Chromium, Postfix, Dovecot, poppler-utils and openssl yourself" } };
  }
  const missing = await missingPackages(script);
  if (missing.length === 0) return { missing, outcome: { vi: "đã có đủ các gói hệ thống", en: "every system package is present" } };
  const canInstall = options.allowInstall && process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
  if (!canInstall) {
    return {
      missing,
      outcome: { vi: `thiếu ${missing.join(" ")} — cài bằng: sudo npm run system-deps`, en: `missing ${missing.join(" ")} — install with: sudo npm run system-deps` },
    };
  }
  const still = (await runInstaller(script)) === 0 ? await missingPackages(script) : missing;
  return still.length === 0
    ? { missing: still, outcome: { vi: `đã cài ${missing.join(" ")}`, en: `installed ${missing.join(" ")}` } }
    : { missing: still, outcome: { vi: `cài không xong, còn thiếu ${still.join(" ")}`, en: `installation incomplete, still missing ${still.join(" ")}` } };
}
