import { createCipheriv, createDecipheriv, randomBytes, scrypt } from "node:crypto";
import { mkdir, readFile, stat } from "node:fs/promises";
import { hostname, homedir, userInfo } from "node:os";
import { dirname } from "node:path";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { writeFileDurably } from "../outbox/outbox-store.js";
import type { CredentialStore } from "./credential-store.js";

/**
 * The fallback where no OS keyring exists: one JSON file, mode 0600 in a 0700 directory,
 * each secret sealed with AES-256-GCM (the entry's key name as additional data, so entries
 * cannot be swapped).
 *
 * Key derivation: scrypt (N=2^15, r=8, p=1, 32 bytes; RFC 7914) over
 *   "kyso-mail-credentials/v1" NUL machine-id NUL uid NUL user name NUL home directory
 * with a random 16-byte salt kept in the file. machine-id is /etc/machine-id (or
 * /var/lib/dbus/machine-id), the host name where there is none.
 *
 * What this protects against, honestly: the file copied elsewhere (a backup, another
 * machine or account) does not open, and the secret is never in clear text on disk for a
 * grep to find. It does not protect against a program running as this same user on this
 * machine — nor does an unlocked keyring; the 0600 mode is what keeps other users out, and
 * a file group- or world-readable is refused.
 */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

const fileSchema = z.strictObject({
  version: z.literal(1),
  kdf: z.strictObject({ name: z.literal("scrypt"), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: z.base64() }),
  entries: z.record(z.string(), z.strictObject({ iv: z.base64(), tag: z.base64(), data: z.base64() })),
});
type CredentialFile = z.infer<typeof fileSchema>;

function machineIdentity(): string {
  for (const path of ["/etc/machine-id", "/var/lib/dbus/machine-id"]) {
    try {
      const id = readFileSync(path, "utf8").trim();
      if (id !== "") return id;
    } catch {
      // next candidate
    }
  }
  return hostname();
}

function userIdentity(): string {
  const user = userInfo();
  return ["kyso-mail-credentials/v1", machineIdentity(), String(user.uid), user.username, homedir()].join("\0");
}

/**
 * Derived keys by KDF parameters, salt and identity, for the life of the process. scrypt costs
 * ~90 ms of CPU here by design, and the host opens a store for every mail.* request: before this
 * cache each listing, send and outbox look paid it again, synchronously, holding up every other
 * request on the native port (sign.digest included). The key of this user's own file, kept in
 * this user's own process, adds nothing an attacker in that process would not already reach.
 */
const derivedKeys = new Map<string, Promise<Buffer>>();
/** Tests start from a process that has derived nothing yet. */
export const derivedKeyCacheForTests: Pick<Map<string, unknown>, "clear"> = derivedKeys;

function derivedKey(identityText: string, kdf: CredentialFile["kdf"]): Promise<Buffer> {
  const cacheKey = [kdf.N, kdf.r, kdf.p, kdf.salt, identityText].join("\0");
  let key = derivedKeys.get(cacheKey);
  if (!key) {
    // Off the event loop (libuv's pool): the host keeps answering while the key is derived.
    key = new Promise<Buffer>((resolve, reject) =>
      scrypt(identityText, Buffer.from(kdf.salt, "base64"), 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: SCRYPT.maxmem }, (error, derived) => (error ? reject(error) : resolve(derived))),
    );
    derivedKeys.set(cacheKey, key);
    key.catch(() => derivedKeys.delete(cacheKey));
  }
  return key;
}

export function encryptedFileStore(path: string, identity: () => string = userIdentity): CredentialStore {
  const keyFor = (file: CredentialFile): Promise<Buffer> => derivedKey(identity(), file.kdf);

  async function load(): Promise<CredentialFile> {
    let text: string;
    try {
      const info = await stat(path);
      if (process.platform !== "win32" && (info.mode & 0o077) !== 0) {
        throw new KysoError("MAIL_CREDENTIAL_STORE_FAILED", `${path} is readable by other users (mode ${(info.mode & 0o777).toString(8)}); it must be 600`);
      }
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, kdf: { name: "scrypt", N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: randomBytes(16).toString("base64") }, entries: {} };
      throw error instanceof KysoError ? error : new KysoError("MAIL_CREDENTIAL_STORE_FAILED", `${path} cannot be read`, { cause: error });
    }
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new KysoError("MAIL_CREDENTIAL_STORE_FAILED", `${path} is not a kyso credential file`);
    return parsed.data;
  }

  async function save(file: CredentialFile): Promise<void> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFileDurably(path, JSON.stringify(file, null, 1)); // created 0600
  }

  return {
    kind: "encrypted-file",
    location: path,
    async read(name) {
      const file = await load();
      const entry = file.entries[name];
      if (!entry) return undefined;
      try {
        const decipher = createDecipheriv("aes-256-gcm", await keyFor(file), Buffer.from(entry.iv, "base64"));
        decipher.setAAD(Buffer.from(name, "utf8"));
        decipher.setAuthTag(Buffer.from(entry.tag, "base64"));
        return Buffer.concat([decipher.update(Buffer.from(entry.data, "base64")), decipher.final()]).toString("utf8");
      } catch (error) {
        throw new KysoError("MAIL_CREDENTIAL_STORE_FAILED", `${path}: the entry does not open for this user on this machine`, { cause: error });
      }
    },
    async write(name, secret) {
      const file = await load();
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", await keyFor(file), iv);
      cipher.setAAD(Buffer.from(name, "utf8"));
      const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
      file.entries[name] = { iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), data: data.toString("base64") };
      await save(file);
    },
    async remove(name) {
      const file = await load();
      if (!(name in file.entries)) return;
      file.entries = Object.fromEntries(Object.entries(file.entries).filter(([key]) => key !== name));
      await save(file);
    },
  };
}
