// Demo portal page script: buttons that call kyso's page API, window.kyso.sign, the way a
// portal integrates kyso directly. The result goes to #ket-qua (data-state pending/done/error).
import type { PageSignRequest, PageSignResponse } from "../../../shared/protocol/page-api.js";
import { signingPage } from "./page-config.js";

interface KysoPageApi {
  sign(request: PageSignRequest): Promise<PageSignResponse>;
}

const page = signingPage();

async function sign(profile: PageSignRequest["profile"]): Promise<void> {
  const kyso = (window as unknown as { kyso?: KysoPageApi }).kyso;
  if (!kyso) {
    page.show("error", "Trang chưa có window.kyso: hãy cài tiện ích kyso và cho phép cổng này trong chính sách.");
    return;
  }
  const documents = page.selectedDocuments();
  const single = documents.length === 1 ? documents[0] : undefined;
  page.show("pending", "Đang chờ xác nhận trong cửa sổ kyso…");
  try {
    const response = await kyso.sign({
      documents: documents.map((d) => ({ url: d.url, name: d.name, documentNumber: d.number })),
      profile,
      ...(single ? { documentNumber: single.number, documentDate: single.date } : {}),
      upload: { url: page.config.pageApiUploadUrl, fieldName: page.config.uploadFieldName },
    });
    page.show("done", response.results.map((r) => (r.ok ? { name: r.name, ok: true, upload: r.upload } : r)));
  } catch (error) {
    page.show("error", { code: (error as { code?: string }).code, message: (error as Error).message });
  }
}

for (const button of document.querySelectorAll<HTMLButtonElement>("[data-kyso-profile]")) {
  button.addEventListener("click", () => void sign(button.dataset.kysoProfile as PageSignRequest["profile"]));
}
