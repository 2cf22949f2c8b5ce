import type { OpenedKey, OpenKeyOptions } from "../../keys/key-source.js";
import type { CliContext } from "../cli-io.js";

/**
 * A key the command line names (`kyso sign --key`, `kyso mail send --smime --key`): the source
 * its URI scheme picks (sidecar/keys/key-sources.ts) over the providers the environment
 * configures (cli-key-settings.ts). While a remote service waits for the person's phone, the
 * code to compare is printed on stderr.
 */
export async function openCliKey(keyId: string, context: CliContext, options: Pick<OpenKeyOptions, "count" | "secret" | "signal" | "hash">): Promise<OpenedKey> {
  // Loaded on demand: `kyso --version` must not pay for the key code.
  const { keySourceFor } = await import("../../keys/key-sources.js");
  const { cliKeySettings } = await import("./cli-key-settings.js");
  const { keyEventText } = await import("./key-event-text.js");
  const source = await keySourceFor(keyId);
  return source.open(keyId, {
    ...options,
    env: process.env,
    settings: await cliKeySettings(process.env),
    onEvent: (event) => context.stderr(`${keyEventText(event, context.language)}\n`),
  });
}
