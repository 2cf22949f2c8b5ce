import { userInfo } from "node:os";
import { HOST_DEFAULT_MAX_INCOMING_BYTES } from "../../shared/protocol/message-limits.js";
import type { HostMessage } from "../../shared/protocol/envelope.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.js";
import { SIDECAR_VERSION } from "../version.js";
import { BlobStore } from "./blob-store.js";
import { HANDLER_LOADERS } from "./handler-loaders.js";
import { loadHostConfig, type LoadedConfig } from "./host-config.js";
import { openHostLog } from "./host-log.js";
import { HostSession } from "./host-session.js";
import { encodeFrame, FrameDecoder } from "./native-framing.js";
import { outgoingTexts } from "./outgoing-messages.js";
import { auditFilePath, logDirPath } from "./state-paths.js";

/** What the host tells the extension it can do (hello.capabilities). */
const CAPABILITIES = ["keys.pkcs11", "keys.watch", "sign.digest", "tsa.timestamp", "revocation.fetch", "validation.relay", "blob", "audit.list", "mail", "cancel", "chunked-replies"];

/**
 * The native messaging host: the browser starts it (Chromium passes the caller's origin as
 * the first argument, Firefox the manifest path and the extension id) and talks to it over
 * stdin/stdout until it closes the pipe. stdout carries only protocol frames.
 */
export async function runHost(argv: readonly string[]): Promise<void> {
  const log = openHostLog({ dir: logDirPath() });
  log.info("host.start", { version: SIDECAR_VERSION, caller: argv.slice(0, 2), node: process.version });
  let loaded: LoadedConfig;
  let configError: string | undefined;
  try {
    loaded = loadHostConfig();
  } catch (error) {
    // The host still answers hello (so the extension can say what is wrong) with the defaults.
    configError = error instanceof Error ? error.message : String(error);
    loaded = { config: {}, file: "", digest: "invalid" };
    log.error("config.invalid", { detail: configError });
  }
  const send = (message: HostMessage) => {
    for (const text of outgoingTexts(message)) process.stdout.write(encodeFrame(text));
  };
  const services = { log, config: loaded.config, blobs: new BlobStore(), auditFile: auditFilePath(), user: userInfo().username };
  const session = new HostSession({
    send,
    services,
    handlers: HANDLER_LOADERS,
    hello: (params) => {
      // The browser's managed policy (Windows registry, macOS profiles, Linux files alike) fills
      // what the host's config leaves unset, from this hello on; requests already running keep theirs.
      if (params.managedPolicy && configError === undefined) {
        try {
          services.config = loadHostConfig(loaded.file || undefined, params.managedPolicy).config;
        } catch (error) {
          log.error("config.reload-failed", { detail: error instanceof Error ? error.message : String(error) });
        }
      }
      return { protocolVersion: PROTOCOL_VERSION, sidecarVersion: SIDECAR_VERSION, capabilities: CAPABILITIES, policyDigest: loaded.digest };
    },
  });
  const decoder = new FrameDecoder(loaded.config.maxMessageBytes ?? HOST_DEFAULT_MAX_INCOMING_BYTES);
  process.stdin.on("data", (chunk: Buffer) => {
    for (const frame of decoder.push(chunk)) session.handleFrame(frame);
  });
  await new Promise<void>((resolve) => process.stdin.once("end", resolve).once("error", () => resolve()));
  if (decoder.midMessage) log.warn("stdin.ended-mid-message");
  await session.close();
  log.info("host.exit");
}
