import { execFile } from "node:child_process";
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { PkiEntity } from "../pki/test-pki.js";

const run = promisify(execFile);

export const SOFTHSM_MODULE_PATH = "/usr/lib/softhsm/libsofthsm2.so";

export interface SoftHsmObject {
  entity: PkiEntity["name"];
  label: string;
  /** CKA_ID shared by the private key and its certificate, hex. */
  idHex: string;
}

export interface SoftHsmToken {
  modulePath: string;
  /** Pass as SOFTHSM2_CONF to every process that loads the module. */
  configFile: string;
  tokenLabel: string;
  userPin: string;
  soPin: string;
  objects: SoftHsmObject[];
}

/**
 * A SoftHSM2 token in a private directory holding the given test keys and certificates,
 * each pair under one CKA_ID as on the Vietnamese CAs' USB tokens. SoftHSM reads its
 * configuration from SOFTHSM2_CONF, so tests never touch the system's token directory.
 */
export async function createSoftHsmToken(options: { dir: string; tokenLabel: string; userPin: string; soPin: string; entities: PkiEntity[] }): Promise<SoftHsmToken> {
  const tokenDir = join(options.dir, "tokens");
  await mkdir(tokenDir, { recursive: true });
  const configFile = join(options.dir, "softhsm2.conf");
  await writeFile(configFile, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  const env = { ...process.env, SOFTHSM2_CONF: configFile };
  await run("softhsm2-util", ["--init-token", "--free", "--label", options.tokenLabel, "--so-pin", options.soPin, "--pin", options.userPin], { env });

  const objects: SoftHsmObject[] = [];
  for (const [index, entity] of options.entities.entries()) {
    const idHex = (index + 1).toString(16).padStart(2, "0");
    const label = entity.commonName;
    await run("softhsm2-util", ["--import", entity.keyPemFile, "--token", options.tokenLabel, "--label", label, "--id", idHex, "--pin", options.userPin], { env });
    await run(
      "pkcs11-tool",
      ["--module", SOFTHSM_MODULE_PATH, "--token-label", options.tokenLabel, "--login", "--pin", options.userPin,
        "--write-object", entity.certDerFile, "--type", "cert", "--id", idHex, "--label", label],
      { env },
    );
    objects.push({ entity: entity.name, label, idHex });
  }
  return { modulePath: SOFTHSM_MODULE_PATH, configFile, tokenLabel: options.tokenLabel, userPin: options.userPin, soPin: options.soPin, objects };
}

/**
 * A private copy of a token (same keys, PIN and serial) under its own configuration, for
 * tests that remove the token directory or add tokens: the shared token stays untouched.
 */
export async function copySoftHsmToken(source: SoftHsmToken, dir: string): Promise<SoftHsmToken & { tokenDir: string }> {
  const tokenDir = join(dir, "tokens");
  const sourceConfig = await readFile(source.configFile, "utf8");
  const sourceDir = /^directories\.tokendir = (.+)$/m.exec(sourceConfig)?.[1];
  if (!sourceDir) throw new Error(`no tokendir in ${source.configFile}`);
  await mkdir(dir, { recursive: true });
  await cp(sourceDir, tokenDir, { recursive: true });
  const configFile = join(dir, "softhsm2.conf");
  await writeFile(configFile, sourceConfig.replace(sourceDir, tokenDir));
  return { ...source, configFile, tokenDir };
}
