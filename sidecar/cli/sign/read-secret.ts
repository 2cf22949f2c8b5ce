import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { DEMO_KEY_PASSWORD } from "../../keys/demo-key.js";
import type { SecretSource } from "./sign-arguments.js";

/** The PIN or key-file password: from a named environment variable or the first line of stdin. */
export async function readSecret(source: SecretSource | undefined, env: NodeJS.ProcessEnv, stdin: NodeJS.ReadableStream): Promise<string> {
  if (!source) return "";
  if (source.kind === "demo-key") return DEMO_KEY_PASSWORD;
  if (source.kind === "env") {
    const value = env[source.name];
    if (value === undefined) throw new KysoError("CLI_USAGE", `environment variable ${source.name} is not set`);
    return value;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    if (chunks.some((c) => c.includes(0x0a))) break;
  }
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}
