import type { Platform } from "../install/host-locations.js";
import { readEffectiveSettings } from "../config/effective-settings.js";
import { HOST_CONFIG_KEYS, loadHostConfig, type HostConfig } from "../host/host-config.js";
import { modulePathsFor } from "../host/methods/module-choice.js";
import { ok, problem, type CheckResult } from "./doctor-check.js";
import { checkLaunchers, checkNodeVersion, checkRegistrations, findRegistrations } from "./host-checks.js";
import { checkPkcs11 } from "./key-checks.js";
import { checkSettings } from "./settings-checks.js";
import { checkMailCredentialStore } from "./mail-checks.js";
import { checkMailServers } from "./mail-server-checks.js";
import { checkEndpoint } from "./network-checks.js";

export interface DoctorOptions {
  platform: Platform;
  userDataDir?: string;
  /** Added to the config file's (flags, until the policy issue brings the real source). */
  tsaUrls: string[];
  ocspUrls: string[];
  modulePaths: string[];
}

export interface DoctorReport {
  ok: boolean;
  checks: CheckResult[];
}

/** Every check, in the order a person fixes things: config, Node, registration, keys, network. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const checks: CheckResult[] = [];
  let config: HostConfig = {};
  try {
    const loaded = loadHostConfig();
    config = loaded.config;
    checks.push(ok("config", loaded.digest === "none" ? { vi: `Chưa có tệp cấu hình (${loaded.file}); dùng mặc định`, en: `No config file (${loaded.file}); using defaults` } : { vi: `Tệp cấu hình hợp lệ: ${loaded.file}`, en: `Config file is valid: ${loaded.file}` }));
  } catch (error) {
    checks.push(problem({ id: "config", status: "fail", message: { vi: "Tệp cấu hình kyso không hợp lệ", en: "kyso's config file is not valid" }, fix: { vi: "Sửa hoặc xóa tệp cấu hình", en: "Correct or delete the config file" }, data: { detail: error instanceof Error ? error.message : String(error) } }));
  }
  const effective = readEffectiveSettings({ userConfigOtherKeys: HOST_CONFIG_KEYS });
  checks.push(...checkSettings(effective));
  checks.push(checkNodeVersion());
  const found = await findRegistrations({ platform: options.platform, ...(options.userDataDir === undefined ? {} : { userDataDir: options.userDataDir }) });
  checks.push(checkRegistrations(found));
  checks.push(...(await checkLaunchers(found)));
  const modules = options.modulePaths.length > 0 ? options.modulePaths : await modulePathsFor(config);
  checks.push(...(await checkPkcs11(modules)));
  const endpoints = [
    ...[...new Set([...(config.tsaUrls ?? []), ...options.tsaUrls])].map((url) => ({ kind: "tsa" as const, url })),
    ...[...new Set([...(config.ocspUrls ?? []), ...options.ocspUrls])].map((url) => ({ kind: "ocsp" as const, url })),
  ];
  checks.push(...(await Promise.all(endpoints.map(checkEndpoint))));
  checks.push(...(await checkMailServers(effective.settings.mail)));
  checks.push(await checkMailCredentialStore());
  return { ok: checks.every((check) => check.status !== "fail"), checks };
}
