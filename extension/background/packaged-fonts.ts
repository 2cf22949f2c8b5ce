import browser from "webextension-polyfill";
import type { FontSource } from "../../shared/appearance/appearance-options.js";

/** Where scripts/build.ts copies shared/appearance/fonts inside the extension package. */
const FONT_DIR = "fonts";

let loaded: Promise<FontSource> | undefined;

async function packagedFile(name: string): Promise<Uint8Array> {
  const response = await fetch(browser.runtime.getURL(`${FONT_DIR}/${name}`));
  if (!response.ok) throw new Error(`${FONT_DIR}/${name} is missing from the extension package`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The Tinos fonts (OFL, metric-compatible with Times New Roman) that visible Decree 30
 * appearances embed as subsets: shipped inside the extension, read once per worker lifetime.
 */
export function packagedFonts(): Promise<FontSource> {
  loaded ??= Promise.all([packagedFile("Tinos-Regular.ttf"), packagedFile("Tinos-Bold.ttf")])
    .then(([regular, bold]) => ({ regular, bold }))
    .catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
  return loaded;
}
