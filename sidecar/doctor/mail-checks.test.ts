import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkMailCredentialStore } from "./mail-checks.js";

describe("kyso doctor: mail credential store", () => {
  it("names the encrypted file on a Linux machine without secret-tool, and the keyring on Windows and macOS", async () => {
    const linux = await checkMailCredentialStore({ PATH: "/nonexistent", KYSO_STATE_DIR: "/tmp/kyso-doctor-state" }, "linux");
    expect(linux).toMatchObject({ id: "mail-credentials", status: "ok", data: { store: "encrypted-file", location: join("/tmp/kyso-doctor-state", "mail-credentials.json") } });
    expect(linux.message.vi).toContain("tệp mã hóa");
    expect((await checkMailCredentialStore({}, "win32")).data).toMatchObject({ store: "windows-credential-manager" });
    expect((await checkMailCredentialStore({}, "darwin")).data).toMatchObject({ store: "macos-keychain" });
  });
});
