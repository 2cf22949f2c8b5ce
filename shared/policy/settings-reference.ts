import { settingLeaves, type SettingLeaf } from "./setting-leaves.js";
import { defaultOf } from "./validate-settings.js";

/**
 * docs/settings-reference.md, written from the schema (scripts/write-settings-reference.ts;
 * a test fails when the committed file differs), so the reference never drifts from the code.
 */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, "\\n");

function typeOf(leaf: SettingLeaf): string {
  const spec = leaf.spec;
  switch (spec.kind) {
    case "string":
      return spec.enum ? spec.enum.map((value) => `\`${value}\``).join(" · ") : spec.pattern ? `string, \`${spec.pattern}\`` : "string";
    case "integer":
      return `integer ${spec.minimum}–${spec.maximum}`;
    case "boolean":
      return "boolean";
    case "array":
      return spec.items.kind === "object" ? `list (≤ ${spec.maxItems}) of { ${Object.keys(spec.items.properties).join(", ")} }` : `list (≤ ${spec.maxItems}) of ${spec.items.kind}`;
  }
}

export function settingsReferenceMarkdown(): string {
  const rows = settingLeaves().map((leaf) => {
    const fallback = JSON.stringify(defaultOf(leaf.spec));
    return `| \`${leaf.path}\` | ${cell(typeOf(leaf))} | \`${cell(fallback)}\` | ${cell(leaf.spec.description.vi)} | ${cell(leaf.spec.description.en)} |`;
  });
  return [
    "<!-- Generated from shared/policy/settings.ts by `npm run docs:settings`; do not edit by hand. -->",
    "# Thiết lập kyso / kyso settings",
    "",
    "Mỗi thiết lập đặt được bằng chính sách trình duyệt, tệp chính sách máy (`/etc/kyso/policy.json`) hoặc tệp cấu hình người dùng; xem [it-rollout.md](it-rollout.md).",
    "Every setting can be set by browser policy, the machine policy file (`/etc/kyso/policy.json`) or the user config file; see [it-rollout.md](it-rollout.md#english).",
    "",
    "| thiết lập / setting | kiểu / type | mặc định / default | mô tả | description |",
    "|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
