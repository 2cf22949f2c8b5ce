import browser from "webextension-polyfill";
import { localisePage, messagesLanguage, words } from "../page-words.js";
import type { Language } from "../../../shared/protocol/error-messages.js";
import { layerSettings, type LayeredSettings } from "../../../shared/policy/layered-settings.js";
import { LOCAL_SETTINGS_KEY, LOCAL_SIGNER_IMAGE_KEY, USER_SETTING_PATHS } from "../../../shared/policy/local-settings.js";
import { setValueAt, settingLeaves, valueAt } from "../../../shared/policy/setting-leaves.js";
import { validateSettings } from "../../../shared/policy/validate-settings.js";
import { portalLines, portalsFromLines } from "./portal-lines.js";
import { settingField } from "./setting-field.js";
import { signerImageBase64 } from "./signer-image.js";

type Json = Record<string, unknown>;
const MANAGED = "storage.managed";
const language: Language = messagesLanguage();
const form = document.querySelector<HTMLFormElement>("#options")!;
const portalsBox = form.elements.namedItem("portals") as HTMLTextAreaElement;
const leaves = settingLeaves().filter((leaf) => (USER_SETTING_PATHS as readonly string[]).includes(leaf.path));
const fields = new Map(leaves.filter((leaf) => leaf.path !== "portals").map((leaf) => [leaf.path, settingField(leaf, language)]));
let signerImage: string | undefined;
let current: { layered: LayeredSettings; local: Json } | undefined;

/**
 * Seen here (and in the background): right after the browser starts, storage.managed.get() can
 * stay unanswered for seconds or minutes. The page does not wait for it: it shows the local
 * choices at once and renders again, once, when the policy arrives.
 */
const MANAGED_READ_TIMEOUT_MS = 1_000;
let lateManagedRender = false;

async function readManaged(): Promise<Json> {
  // No managed storage (Firefox without policies.json) rejects: nothing is managed.
  const read: Promise<Json> = browser.storage.managed.get().catch(() => ({}));
  const late = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), MANAGED_READ_TIMEOUT_MS));
  const first = await Promise.race([read, late]);
  if (first !== undefined) return first;
  if (!lateManagedRender) {
    lateManagedRender = true;
    void read.then(() => render());
  }
  return {};
}

/** Shows the effective values; a setting IT's policy sets is read-only, with the notice. */
async function render(): Promise<void> {
  const [managed, stored] = await Promise.all([readManaged(), browser.storage.local.get([LOCAL_SETTINGS_KEY, LOCAL_SIGNER_IMAGE_KEY])]);
  const local = (stored[LOCAL_SETTINGS_KEY] ?? {}) as Json;
  const layered = layerSettings([{ source: MANAGED, raw: managed }, { source: "storage.local", raw: local }]);
  current = { layered, local };
  const isManaged = (path: string) => layered.sourceOf[path] === MANAGED;
  portalsBox.value = portalLines(layered.settings.portals);
  portalsBox.disabled = isManaged("portals");
  for (const [path, { control }] of fields) {
    control.value = String(valueAt(layered.settings, path.split(".")));
    control.disabled = isManaged(path);
  }
  for (const note of document.querySelectorAll<HTMLElement>("[data-managed-for]")) note.hidden = !isManaged(note.dataset.managedFor ?? "");
  document.querySelector<HTMLElement>("#managed-notice")!.hidden = !USER_SETTING_PATHS.some(isManaged);
  signerImage = stored[LOCAL_SIGNER_IMAGE_KEY] as string | undefined;
  showSignerImage();
}

function showSignerImage(): void {
  const preview = document.querySelector<HTMLImageElement>("#signer-image-preview")!;
  preview.hidden = !signerImage;
  preview.src = signerImage ? `data:image/png;base64,${signerImage}` : "";
  (form.elements.namedItem("removeSignerImage") as HTMLButtonElement).hidden = !signerImage;
}

/** The user's choices for what the policy leaves free, checked by the same schema as the policy. */
async function save(): Promise<void> {
  if (!current) return;
  const { layered, local } = current;
  const next: Json = structuredClone(local);
  if (!portalsBox.disabled) next.portals = portalsFromLines(portalsBox.value, layered.settings.portals);
  for (const [path, { control }] of fields) if (!control.disabled) setValueAt(next, path.split("."), control.value);
  const { problems } = validateSettings(next);
  const list = document.querySelector("#problems")!;
  list.replaceChildren(...problems.map((found) => Object.assign(document.createElement("li"), { textContent: `${found.path}: ${found.message[language]}` })));
  const status = document.querySelector("#status")!;
  if (problems.length > 0) {
    status.textContent = words("options_notSaved");
    return;
  }
  await browser.storage.local.set({ [LOCAL_SETTINGS_KEY]: next, ...(signerImage ? { [LOCAL_SIGNER_IMAGE_KEY]: signerImage } : {}) });
  if (!signerImage) await browser.storage.local.remove(LOCAL_SIGNER_IMAGE_KEY);
  status.textContent = words("options_saved");
  await render();
}

localisePage();
document.querySelector("#setting-fields")!.append(...[...fields.values()].map((field) => field.wrapper));
form.addEventListener("submit", (event) => {
  event.preventDefault();
  void save();
});
(form.elements.namedItem("signerImage") as HTMLInputElement).addEventListener("change", (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (!file) return;
  void signerImageBase64(file).then((base64) => {
    if (base64) signerImage = base64;
    document.querySelector("#status")!.textContent = base64 ? "" : words("options_signerImageInvalid");
    showSignerImage();
  });
});
document.querySelector('button[name="removeSignerImage"]')!.addEventListener("click", () => {
  signerImage = undefined;
  showSignerImage();
});
// IT's policy changes apply while the page is open (storage.onChanged for "managed").
browser.storage.onChanged.addListener((_changes, area) => {
  if (area === "managed") void render();
});
// data-ready: the form shows the stored values (automation and tests wait for it before typing).
void render().then(() => (document.body.dataset.ready = "true"));
