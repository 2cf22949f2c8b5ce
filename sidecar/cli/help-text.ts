import type { Language } from "../../shared/protocol/error-messages.js";
import { SIDECAR_VERSION } from "../version.js";
import type { CliCommand } from "./cli-io.js";

const HEADINGS: Record<Language, { title: string; usage: string; commands: string; options: string; none: string; version: string; help: string; lang: string }> = {
  vi: {
    title: "kyso — ký số văn bản PDF và gửi thư công vụ",
    usage: "Cách dùng: kyso <lệnh> [tùy chọn]",
    commands: "Lệnh:",
    options: "Tùy chọn chung:",
    none: "  (chưa có lệnh nào khác)",
    version: "in phiên bản",
    help: "in hướng dẫn này",
    lang: "ngôn ngữ hiển thị (mặc định: vi)",
  },
  en: {
    title: "kyso — sign PDF documents and send official mail",
    usage: "Usage: kyso <command> [options]",
    commands: "Commands:",
    options: "Global options:",
    none: "  (no other commands yet)",
    version: "print the version",
    help: "print this help",
    lang: "display language (default: vi)",
  },
};

export function renderHelp(commands: readonly CliCommand[], language: Language): string {
  const h = HEADINGS[language];
  const width = Math.max("--lang vi|en".length + 2, ...commands.map((c) => c.name.length + 2));
  const commandLines = commands.length ? commands.map((c) => `  ${c.name.padEnd(width)}${c.summary[language]}`) : [h.none];
  return [
    `${h.title} (${SIDECAR_VERSION})`,
    "",
    h.usage,
    "",
    h.commands,
    ...commandLines,
    "",
    h.options,
    `  ${"--version".padEnd(width)}${h.version}`,
    `  ${"--help".padEnd(width)}${h.help}`,
    `  ${"--lang vi|en".padEnd(width)}${h.lang}`,
    "",
  ].join("\n");
}
