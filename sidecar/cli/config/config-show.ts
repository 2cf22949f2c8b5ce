import { settingLeaves, valueAt } from "../../../shared/policy/setting-leaves.js";
import { readEffectiveSettings } from "../../config/effective-settings.js";
import { HOST_CONFIG_KEYS } from "../../host/host-config.js";
import type { CliContext } from "../cli-io.js";
import { parseCliOptions } from "../cli-options.js";

const SHOWN_MAX = 70;

function shown(value: unknown, sensitive: boolean): string {
  if (sensitive && value !== "") return "••••••";
  const text = JSON.stringify(value);
  return text.length > SHOWN_MAX ? `${text.slice(0, SHOWN_MAX - 1)}…` : text;
}

/** One line per setting: `signing.level = "B-LT"  ← /etc/kyso/policy.json`; then the sources and their problems. */
export function showConfig(context: CliContext): number {
  const { values } = parseCliOptions(context.args, { json: { type: "boolean" } });
  const effective = readEffectiveSettings({ userConfigOtherKeys: HOST_CONFIG_KEYS });
  if (values.json) {
    context.stdout(`${JSON.stringify(effective, null, 2)}\n`);
    return 0;
  }
  const { language } = context;
  for (const leaf of settingLeaves()) {
    const value = valueAt(effective.settings, leaf.keys);
    const source = effective.sourceOf[leaf.path] ?? "default";
    context.stdout(`${leaf.path} = ${shown(value, leaf.spec.kind === "string" && leaf.spec.sensitive === true)}  ← ${source === "default" ? (language === "vi" ? "mặc định" : "default") : source}\n`);
  }
  context.stdout(`\n${language === "vi" ? "Nguồn" : "Sources"}:\n`);
  for (const source of effective.sources) context.stdout(`  ${source.state === "read" ? "✔" : source.state === "missing" || source.state === "no-kyso-settings" ? "·" : "✘"} ${source.rank} ${source.source} (${source.state}${source.detail ? `: ${source.detail}` : ""})\n`);
  for (const found of effective.problems) context.stdout(`✘ ${found.source}: ${found.path}: ${found.message[language]}\n`);
  return 0;
}
