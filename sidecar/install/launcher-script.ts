import type { Platform } from "./host-locations.js";

/** POSIX shell single quotes: everything literal, a quote written as '\''. */
const shellQuote = (value: string) => `'${value.replace(/'/g, "'\\''")}'`;

/**
 * The program a host manifest names. Browsers start it with a minimal environment where
 * `node` may not be on PATH (a `#!/usr/bin/env node` host fails then, TEST-SERVERS.md), so
 * it runs the absolute node with the absolute bundle. On Windows a .cmd, which Chrome
 * starts through cmd.exe.
 */
export function launcherScript(options: { platform: Platform; nodePath: string; hostBundlePath: string }): string {
  if (options.platform === "win32") {
    if (/["%]/.test(options.nodePath + options.hostBundlePath)) throw new Error("paths with \" or % cannot be written into a .cmd launcher");
    return `@echo off\r\nrem kyso native messaging host (written by kyso install)\r\n"${options.nodePath}" "${options.hostBundlePath}" %*\r\n`;
  }
  return `#!/bin/sh\n# kyso native messaging host (written by kyso install)\nexec ${shellQuote(options.nodePath)} ${shellQuote(options.hostBundlePath)} "$@"\n`;
}

export const launcherFileName = (platform: Platform) => (platform === "win32" ? "kyso-host.cmd" : "kyso-host.sh");
