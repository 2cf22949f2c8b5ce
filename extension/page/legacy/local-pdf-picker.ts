import type { LocalPdf } from "./legacy-call.js";

/**
 * The file chooser the old service opened for an empty FileName. It runs inside the portal's
 * click (transient user activation), so the browser lets `input.click()` open the chooser.
 * Resolves undefined when the user closes it without a file ("cancel", Chromium ≥ 113).
 */
export function pickLocalPdf(document: Document): Promise<LocalPdf | undefined> {
  return new Promise((resolve) => {
    const input = document.createElement("input");
    input.type = "file";
    input.accept = "application/pdf,.pdf";
    input.addEventListener("cancel", () => resolve(undefined), { once: true });
    input.addEventListener(
      "change",
      () => {
        const file = input.files?.[0];
        if (!file) {
          resolve(undefined);
          return;
        }
        void file.arrayBuffer().then((buffer) => resolve({ bytes: new Uint8Array(buffer), name: file.name }));
      },
      { once: true },
    );
    input.click();
  });
}
