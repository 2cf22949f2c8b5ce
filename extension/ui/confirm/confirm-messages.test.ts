import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APPEARANCE_PROFILES } from "../../../shared/appearance/appearance-options.js";
import { CONFIRM_STAGES } from "../../../shared/protocol/confirmation.js";

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const here = import.meta.dirname;
const readMessages = async (language: string) => JSON.parse(await readFile(join(here, `messages.${language}.json`), "utf8")) as Messages;

/** Every message the window names: in its HTML, in words("…") calls, and the ones it builds from a profile or stage. */
async function usedKeys(): Promise<string[]> {
  const keys = new Set<string>([...APPEARANCE_PROFILES.map((profile) => `confirm_profile_${profile}`), ...CONFIRM_STAGES.map((stage) => `confirm_stage_${stage}`)]);
  for (const file of (await readdir(here)).filter((name) => /\.(ts|html)$/.test(name) && !name.endsWith(".test.ts"))) {
    const text = await readFile(join(here, file), "utf8");
    for (const match of text.matchAll(/(?:data-i18n(?:-title)?=|words\()["'](confirm_\w+)["']/g)) keys.add(match[1]!);
  }
  return [...keys].sort();
}

describe("confirmation window messages", () => {
  it("has every message it uses, in Vietnamese and English, with the same placeholders", async () => {
    const [vi, en, used] = await Promise.all([readMessages("vi"), readMessages("en"), usedKeys()]);
    // Guards the scan: a pattern that stopped matching would make the test pass with nothing checked.
    expect(used).toEqual(expect.arrayContaining(["confirm_title", "confirm_retriesLeft", "confirm_phoneCode", "confirm_profile_issuing"]));
    expect(used.filter((key) => !vi[key])).toEqual([]);
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const key of Object.keys(vi)) {
      expect(key).toMatch(/^confirm_/);
      expect(Object.keys(en[key]?.placeholders ?? {}), key).toEqual(Object.keys(vi[key]?.placeholders ?? {}));
    }
  });

  it("names each Decree 30 profile in words", async () => {
    const vi = await readMessages("vi");
    expect(vi.confirm_profile_approval?.message).toBe("Ký phê duyệt");
    expect(vi.confirm_profile_issuing?.message).toBe("Ký ban hành (đóng dấu)");
    expect(vi.confirm_profile_copy?.message).toBe("Ký sao y");
  });
});
