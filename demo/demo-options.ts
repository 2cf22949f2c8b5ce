import { resolve } from "node:path";
import { parseArgs } from "node:util";

/**
 * `npm start [-- --headless] [--lang vi|en] [--out-dir DIR] [--skip-build] [--no-system-deps]`.
 * Headed (a person signs in the opened Chromium) when a display exists and this is not CI;
 * headless — the demo walks through the main job by itself — otherwise or with --headless.
 */
export type DemoLanguage = "vi" | "en";

export interface DemoOptions {
  headless: boolean;
  /** Chromium's UI language, which kyso's windows follow (chrome.i18n). */
  language: DemoLanguage;
  outDir: string;
  stateDir: string;
  build: boolean;
  installSystemPackages: boolean;
}

export const DEMO_USAGE = `npm start [-- --headless | --headed] [--lang vi|en] [--out-dir DIR] [--skip-build] [--no-system-deps]
  --headless        tự chạy toàn bộ công việc chính, không cần màn hình / walk through the main job by itself, no display needed
  --headed          mở Chromium để tự ký trên cổng thử nghiệm / open Chromium and sign on the demo portal yourself
  --lang vi|en      ngôn ngữ của Chromium và kyso (mặc định vi) / language of Chromium and kyso (default vi)
  --out-dir DIR     nơi ghi kết quả (mặc định ./demo-output) / where results go (default ./demo-output)
  --skip-build      dùng bản build sẵn có trong dist/ / use what is already built in dist/
  --no-system-deps  không tự cài gói hệ thống / never install system packages
`;

export function parseDemoOptions(argv: string[], env: NodeJS.ProcessEnv, cwd: string): DemoOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      headless: { type: "boolean" },
      headed: { type: "boolean" },
      lang: { type: "string" },
      "out-dir": { type: "string" },
      "skip-build": { type: "boolean" },
      "no-system-deps": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  const hasDisplay = Boolean(env.DISPLAY || env.WAYLAND_DISPLAY) && !env.CI;
  const outDir = resolve(cwd, values["out-dir"] ?? "demo-output");
  const language = values.lang ?? "vi";
  if (language !== "vi" && language !== "en") throw new Error(`--lang: "vi" hoặc "en", không phải "${language}" / "vi" or "en", not "${language}"`);
  return {
    headless: values.headless ?? !(values.headed ?? hasDisplay),
    language,
    outDir,
    stateDir: resolve(outDir, ".state"),
    build: !values["skip-build"],
    installSystemPackages: !values["no-system-deps"],
  };
}
