import type { SigningPageConfig } from "../portal-pages.js";

/** The page's config (portal-pages.ts writes it) and its result area. */
export function signingPage(): { config: SigningPageConfig; show(state: "pending" | "done" | "error", value: unknown): void; selectedDocuments(): SigningPageConfig["documents"] } {
  const config = JSON.parse(document.getElementById("portal-config")?.textContent ?? "{}") as SigningPageConfig;
  const out = document.getElementById("ket-qua")!;
  return {
    config,
    show(state, value) {
      out.textContent = typeof value === "string" ? value : JSON.stringify(value, null, 2);
      out.dataset.state = state;
    },
    // On the batch page, the ticked rows; elsewhere the page's one document.
    selectedDocuments() {
      const boxes = [...document.querySelectorAll<HTMLInputElement>("input[name=chon]")];
      if (boxes.length === 0) return config.documents;
      const chosen = new Set(boxes.filter((box) => box.checked).map((box) => box.value));
      return config.documents.filter((d) => chosen.has(d.id));
    },
  };
}
