import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { settingLeaves } from "./setting-leaves.js";
import { settingsReferenceMarkdown } from "./settings-reference.js";

describe("docs/settings-reference.md", () => {
  it("is what the schema generates today (run npm run docs:settings after changing a setting)", async () => {
    const committed = await readFile(resolve(import.meta.dirname, "../../docs/settings-reference.md"), "utf8");
    expect(committed).toBe(settingsReferenceMarkdown());
  });

  it("lists every setting with its default", () => {
    const markdown = settingsReferenceMarkdown();
    for (const leaf of settingLeaves()) expect(markdown).toContain(`| \`${leaf.path}\` |`);
    expect(markdown).toContain('| `signing.level` | `B-B` · `B-T` · `B-LT` · `B-LTA` | `"B-T"` |');
  });
});
