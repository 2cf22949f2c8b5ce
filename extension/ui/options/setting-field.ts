import type { Language } from "../../../shared/protocol/error-messages.js";
import type { SettingLeaf } from "../../../shared/policy/setting-leaves.js";

/**
 * A form control for one setting, derived from its spec: a list of choices for an enum, a
 * text box otherwise; named by the setting's path (automation: select[name="signing.level"]).
 */
export function settingField(leaf: SettingLeaf, language: Language): { wrapper: HTMLElement; control: HTMLInputElement | HTMLSelectElement } {
  const wrapper = document.createElement("div");
  const label = document.createElement("label");
  label.textContent = leaf.spec.description[language];
  label.htmlFor = `setting-${leaf.path}`;
  let control: HTMLInputElement | HTMLSelectElement;
  if (leaf.spec.kind === "string" && leaf.spec.enum) {
    control = document.createElement("select");
    for (const value of leaf.spec.enum) control.append(new Option(value, value));
  } else {
    control = document.createElement("input");
    control.type = "text";
    if (leaf.spec.kind === "string" && leaf.spec.maxLength !== undefined) control.maxLength = leaf.spec.maxLength;
  }
  control.id = `setting-${leaf.path}`;
  control.name = leaf.path;
  wrapper.append(label, control);
  return { wrapper, control };
}
