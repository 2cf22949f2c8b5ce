import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runKyso } from "../../test/cli/run-kyso.js";

const root = resolve(import.meta.dirname, "../..");
const kyso = (args: string[], env: NodeJS.ProcessEnv = {}) => runKyso(args, { env });
const packageVersion = async () => (JSON.parse(await readFile(resolve(root, "package.json"), "utf8")) as { version: string }).version;

describe("kyso CLI (the built bundle, as `npx kyso` runs it)", () => {
  it("is built next to its entry point (npm install / npm test build it)", () => {
    expect(existsSync(resolve(root, "dist/sidecar/kyso.mjs")), "run: npm run build").toBe(true);
  });

  it("prints the package version with --version", async () => {
    const { stdout } = await kyso(["--version"]);
    expect(stdout.trim()).toBe(await packageVersion());
  });

  it("prints help in Vietnamese by default", async () => {
    const { stdout } = await kyso(["--help"]);
    expect(stdout).toContain("Cách dùng: kyso <lệnh> [tùy chọn]");
    expect(stdout).toContain("--version");
  });

  it("prints help in English with --lang en or an English LANG", async () => {
    expect((await kyso(["--help", "--lang", "en"])).stdout).toContain("Usage: kyso <command> [options]");
    expect((await kyso(["--help"], { LANG: "en_US.UTF-8" })).stdout).toContain("Usage: kyso <command> [options]");
  });

  it("prints a command's own options with kyso <command> --help, Vietnamese first", async () => {
    const vi = await kyso(["sign", "--help"]);
    expect(vi.code).toBe(0);
    expect(vi.stdout).toContain("Cách dùng: kyso sign");
    expect(vi.stdout).toContain("--level B-B|B-T|B-LT|B-LTA");
    const en = await kyso(["extend", "--help", "--lang", "en"]);
    expect(en.stdout).toContain("Usage: kyso extend");
  });

  it("refuses an unknown command with exit 64 and a one-line CLI_USAGE error", async () => {
    const failure = await kyso(["sgin"]);
    expect(failure.code).toBe(64);
    expect(failure.stderr.trim().split("\n")).toHaveLength(1);
    expect(failure.stderr).toMatch(/^kyso: CLI_USAGE: Câu lệnh không đúng cú pháp\. \(không có lệnh "sgin"/);
  });
});
