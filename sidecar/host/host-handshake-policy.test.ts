import { afterEach, describe, expect, it } from "vitest";
import type { HostMessage } from "../../shared/protocol/envelope.js";
import { PROTOCOL_VERSION } from "../../shared/protocol/version.js";
import { startHost, type StartedHost } from "./host-test-harness.js";

/**
 * The browser's managed policy reaches the sidecar in hello (issue 9): on Windows and macOS the
 * sidecar cannot read the browser's policy itself, so the extension sends storage.managed.
 */
let started: StartedHost | undefined;
afterEach(async () => {
  await started?.client.close();
  started = undefined;
});

const VENDOR_MODULE = "/nonexistent/vnpt-ca/libvnpt-pkcs11.so";
const unavailable = (message: HostMessage) => ("result" in message ? (message.result as { unavailableModules: Array<{ modulePath: string }> }).unavailableModules.map((m) => m.modulePath) : []);

describe("native host: the browser's policy in the handshake", () => {
  it("takes IT's PKCS#11 module list from the managed policy the extension sends in hello", async () => {
    started = await startHost({ config: {} });
    const before = await started.client.request({ id: "k0", method: "keys.list", params: {} });
    // No hello yet: nothing is served.
    expect(before.message).toMatchObject({ error: { code: "HANDSHAKE_REQUIRED" } });
    const platformKey = process.platform === "win32" ? "pkcs11ModulesWindows" : process.platform === "darwin" ? "pkcs11ModulesMacos" : "pkcs11ModulesLinux";
    const hello = await started.client.request({ id: "h", method: "hello", params: { protocolVersion: PROTOCOL_VERSION, extensionVersion: "test", managedPolicy: { keys: { [platformKey]: [VENDOR_MODULE] } } } });
    expect("result" in hello.message).toBe(true);
    const listed = await started.client.request({ id: "k1", method: "keys.list", params: {} });
    expect(unavailable(listed.message)).toEqual([VENDOR_MODULE]);
  });

  it("keeps the host's own config over the policy for what the config sets, and ignores invalid policy values", async () => {
    started = await startHost({ config: { pkcs11Modules: ["/nonexistent/own.so"] } });
    await started.client.request({ id: "h", method: "hello", params: { protocolVersion: PROTOCOL_VERSION, extensionVersion: "test", managedPolicy: { keys: { pkcs11ModulesLinux: [VENDOR_MODULE], pkcs11ModulesWindows: "not a list" } } } });
    const listed = await started.client.request({ id: "k", method: "keys.list", params: {} });
    expect(unavailable(listed.message)).toEqual(["/nonexistent/own.so"]);
  });
});
