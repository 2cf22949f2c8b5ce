import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { CliContext } from "../cli-io.js";
import type { ParsedSignArguments, SignArguments } from "./sign-arguments.js";

/**
 * The key when `kyso sign` has no --key: kyso's demo key (sidecar/keys/demo-key.ts), unless
 * the effective settings (policy > user config > defaults) say keys.allowDemoKey = false.
 * Never silent: every use says on stderr, in Vietnamese and English, that it is a demo key.
 */
export async function withDefaultKey(args: ParsedSignArguments, context: CliContext, env: NodeJS.ProcessEnv = process.env): Promise<SignArguments> {
  if (args.keyPath !== undefined) return { ...args, keyPath: args.keyPath };
  const { readEffectiveSettings } = await import("../../config/effective-settings.js");
  if (!readEffectiveSettings({ env }).settings.keys.allowDemoKey) {
    throw new KysoError("CLI_USAGE", "--key FILE.p12 or --key 'pkcs11:token=…;id=…?module-path=…' is required (the demo key is turned off: keys.allowDemoKey = false)");
  }
  const { ensureDemoKey } = await import("../../keys/demo-key.js");
  const demo = await ensureDemoKey(env);
  context.stderr(
    `kyso: CẢNH BÁO: không có --key — ký bằng KHÓA DEMO ${demo.created ? "vừa tạo " : ""}(${demo.path}), không dùng cho văn bản thật.\n` +
      `kyso: WARNING: no --key — signing with the DEMO KEY${demo.created ? ", just created" : ""} (${demo.path}), not for real use.\n`,
  );
  return { ...args, keyPath: demo.path, secret: { kind: "demo-key" } };
}
