import { execFile } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { testServices } from "../../test/setup/test-services.js";
import type { HostMessage } from "../../shared/protocol/envelope.js";
import { startHost, type StartedHost } from "./host-test-harness.js";

const run = promisify(execFile);
const { softhsm } = testServices();
let started: StartedHost | undefined;
afterEach(async () => {
  await started?.client.close();
  started = undefined;
});

/** A SoftHSM2 configuration of its own, so that tokens made here do not appear in other tests. */
async function privateSoftHsm(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kyso-watch-"));
  await mkdir(join(dir, "tokens"));
  const configFile = join(dir, "softhsm2.conf");
  await writeFile(configFile, `directories.tokendir = ${join(dir, "tokens")}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  return configFile;
}

async function nextEvent(host: StartedHost, id: string): Promise<unknown> {
  for (;;) {
    const message: HostMessage | undefined = await host.client.next(15_000);
    if (!message) throw new Error("the host closed its output");
    if (message.id === id && "event" in message) return message.event;
  }
}

describe("native host: keys.watch", () => {
  it("answers at once, sends token inserted and removed events, and stops on cancel", async () => {
    const configFile = await privateSoftHsm();
    const env = { SOFTHSM2_CONF: configFile };
    started = await startHost({ env, config: { pkcs11Modules: [softhsm.modulePath] } });
    await started.client.hello();
    const watching = await started.client.request({ id: "watch", method: "keys.watch", params: { intervalMs: 200 } });
    expect(watching.message).toMatchObject({ result: { watching: true } });

    const softhsmUtil = (args: string[]) => run("softhsm2-util", args, { env: { ...process.env, ...env } });
    await softhsmUtil(["--init-token", "--free", "--label", "the-moi", "--so-pin", "12345678", "--pin", "87654321"]);
    expect(await nextEvent(started, "watch")).toMatchObject({ kind: "token", change: "inserted", token: { label: "the-moi" } });
    await softhsmUtil(["--delete-token", "--token", "the-moi"]);
    expect(await nextEvent(started, "watch")).toMatchObject({ kind: "token", change: "removed", token: { label: "the-moi" } });

    const cancelled = await started.client.request({ id: "stop", method: "cancel", params: { requestId: "watch" } });
    expect(cancelled.message).toMatchObject({ result: { cancelled: true } });
    const again = await started.client.request({ id: "stop-2", method: "cancel", params: { requestId: "watch" } });
    expect(again.message).toMatchObject({ result: { cancelled: false } });
  });
});
