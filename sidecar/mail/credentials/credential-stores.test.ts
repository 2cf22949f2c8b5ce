import { chmod, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { storedCredentials } from "./account-credentials.js";
import { chooseCredentialStore } from "./choose-credential-store.js";
import { credentialKey } from "./credential-store.js";
import { encryptedFileStore } from "./encrypted-file-store.js";
import { secretServiceStore } from "./secret-service-store.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kyso-credentials-"));
});

const SECRET = "Mật-khẩu thư công vụ 2026!";

/**
 * `secret-tool` is not installed on this machine, so a stand-in with its command line
 * (store --label=L attr value … reading the secret from stdin; lookup; clear) keeps items in
 * a JSON file and logs every argv — to prove the secret never travels there.
 */
async function fakeSecretTool(): Promise<{ bin: string; argvLog: string }> {
  const bin = join(dir, "bin");
  const { mkdir } = await import("node:fs/promises");
  await mkdir(bin, { recursive: true });
  const argvLog = join(dir, "secret-tool-argv.log");
  const items = join(dir, "secret-tool-items.json");
  await writeFile(
    join(bin, "secret-tool"),
    `#!${process.execPath}
const fs = require("node:fs");
const [command, ...rest] = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(argvLog)}, JSON.stringify(process.argv.slice(2)) + "\\n");
const attrs = rest.filter((a) => !a.startsWith("--label=")).join("\\u0000");
const items = fs.existsSync(${JSON.stringify(items)}) ? JSON.parse(fs.readFileSync(${JSON.stringify(items)}, "utf8")) : {};
if (command === "store") { items[attrs] = fs.readFileSync(0, "utf8"); fs.writeFileSync(${JSON.stringify(items)}, JSON.stringify(items)); }
else if (command === "lookup") { if (!(attrs in items)) process.exit(1); process.stdout.write(items[attrs]); }
else if (command === "clear") { delete items[attrs]; fs.writeFileSync(${JSON.stringify(items)}, JSON.stringify(items)); }
else { process.stderr.write("usage"); process.exit(2); }
`,
  );
  await chmod(join(bin, "secret-tool"), 0o755);
  return { bin, argvLog };
}

describe("mail credentials", () => {
  it("keeps the secret in an AES-GCM sealed file of mode 0600 that does not contain it in clear text", async () => {
    const path = join(dir, "state", "mail-credentials.json");
    const store = encryptedFileStore(path);
    await store.write("an@ubnd.test@mail.ubnd.test", SECRET);
    expect(await store.read("an@ubnd.test@mail.ubnd.test")).toBe(SECRET);
    expect(await store.read("binh@sotp.test@mail.ubnd.test")).toBeUndefined();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "state"))).mode & 0o777).toBe(0o700);
    const text = await readFile(path, "utf8");
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString("base64"));
    expect(JSON.parse(text) as unknown).toMatchObject({ version: 1, kdf: { name: "scrypt", N: 32768, r: 8, p: 1 } });
    await store.remove("an@ubnd.test@mail.ubnd.test");
    expect(await store.read("an@ubnd.test@mail.ubnd.test")).toBeUndefined();
  });

  it("does not open the file for another user or machine (another key-derivation identity)", async () => {
    const path = join(dir, "copied.json");
    await encryptedFileStore(path, () => "machine-a\0uid 1000").write("k", SECRET);
    await expect(encryptedFileStore(path, () => "machine-b\0uid 1000").read("k")).rejects.toMatchObject({ code: "MAIL_CREDENTIAL_STORE_FAILED" });
  });

  it("derives the file's key off the event loop and once per process: the host's next mail request does not pay scrypt again", async () => {
    const path = join(dir, "derived-once.json");
    const identity = () => `machine-derived-once\0uid ${process.pid}`;
    await encryptedFileStore(path, identity).write("k", SECRET);
    // A fresh process's first read: the event loop keeps turning while scrypt runs (no gap as long as the read).
    const { derivedKeyCacheForTests } = await import("./encrypted-file-store.js");
    derivedKeyCacheForTests.clear();
    let last = performance.now();
    let longestGapMs = 0;
    const ticker = setInterval(() => {
      longestGapMs = Math.max(longestGapMs, performance.now() - last);
      last = performance.now();
    }, 1);
    let started = performance.now();
    expect(await encryptedFileStore(path, identity).read("k")).toBe(SECRET);
    const firstMs = performance.now() - started;
    clearInterval(ticker);
    expect(longestGapMs).toBeLessThan(firstMs * 0.6);
    // As the host does: a new store for the next request.
    started = performance.now();
    expect(await encryptedFileStore(path, identity).read("k")).toBe(SECRET);
    expect(performance.now() - started).toBeLessThan(firstMs / 3);
  });

  it("refuses a credential file other users can read", async () => {
    const path = join(dir, "loose.json");
    await encryptedFileStore(path).write("k", SECRET);
    await chmod(path, 0o644);
    const error = await encryptedFileStore(path).read("k").catch((caught: unknown) => caught as Error);
    expect(error).toMatchObject({ code: "MAIL_CREDENTIAL_STORE_FAILED" });
    expect(String(error)).toContain("mode 644");
  });

  it("stores in the Secret Service through secret-tool with the secret on stdin, never in argv", async () => {
    const { bin, argvLog } = await fakeSecretTool();
    const store = secretServiceStore({ command: join(bin, "secret-tool") });
    await store.write("an@ubnd.test@mail.ubnd.test", SECRET);
    expect(await store.read("an@ubnd.test@mail.ubnd.test")).toBe(SECRET);
    expect(await store.read("nobody@mail.ubnd.test")).toBeUndefined();
    const log = await readFile(argvLog, "utf8");
    expect(log).toContain(JSON.stringify(["lookup", "service", "kyso-mail", "account", "an@ubnd.test@mail.ubnd.test"]));
    expect(log).not.toContain("Mật");
  });

  it("chooses the Secret Service when secret-tool and a session bus exist on Linux, the encrypted file otherwise or when forced", async () => {
    const { bin } = await fakeSecretTool();
    const base = { KYSO_STATE_DIR: join(dir, "chosen") };
    expect((await chooseCredentialStore({ ...base, PATH: `${bin}:/usr/bin`, DBUS_SESSION_BUS_ADDRESS: "unix:path=/run/user/1000/bus" }, "linux")).kind).toBe("secret-service");
    expect((await chooseCredentialStore({ ...base, PATH: `${bin}:/usr/bin` }, "linux")).kind).toBe("encrypted-file");
    expect((await chooseCredentialStore({ ...base, PATH: "/usr/bin", DBUS_SESSION_BUS_ADDRESS: "unix:path=/x" }, "linux")).kind).toBe("encrypted-file");
    expect((await chooseCredentialStore({ ...base, PATH: bin, DBUS_SESSION_BUS_ADDRESS: "unix:path=/x", KYSO_CREDENTIAL_STORE: "file" }, "linux")).location).toBe(join(dir, "chosen", "mail-credentials.json"));
    expect((await chooseCredentialStore(base, "win32")).kind).toBe("windows-credential-manager");
    expect((await chooseCredentialStore(base, "darwin")).kind).toBe("macos-keychain");
  });

  it("gives password credentials, or a bearer token for XOAUTH2, and MAIL_CREDENTIALS_MISSING before login", async () => {
    const store = encryptedFileStore(join(dir, "accounts.json"));
    const account = { user: "an@ubnd.test", smtp: { host: "mail.ubnd.test" } };
    await expect(storedCredentials({ ...account, auth: "plain" }, store)).rejects.toMatchObject({ code: "MAIL_CREDENTIALS_MISSING" });
    await store.write(credentialKey(account), "tok-123");
    expect(await storedCredentials({ ...account, auth: "plain" }, store)).toEqual({ user: "an@ubnd.test", password: "tok-123" });
    expect(await storedCredentials({ ...account, auth: "xoauth2" }, store)).toEqual({ user: "an@ubnd.test", accessToken: "tok-123" });
  });
});
