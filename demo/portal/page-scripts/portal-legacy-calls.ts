// Demo portal page script: the legacy calls exactly as portals make them today — a JSON
// string of FileUploadHandler, SessionId, JWTToken, FileName (the document URL), DocNumber,
// IssuedDate, MetaData (Files for a batch), and a callback that parses the JSON string it
// gets back. The callback's raw string goes to #ket-qua.
import { signingPage } from "./page-config.js";

type LegacyFunction = (prm: string, callback: (answer: string) => void) => void;

const page = signingPage();
const absolute = (path: string) => new URL(path, window.location.href).href;

function SignFileCallBack(rv: string): void {
  let status: unknown;
  try {
    status = (JSON.parse(rv) as { Status?: unknown }).Status;
  } catch {
    status = undefined;
  }
  page.show(status === 0 ? "done" : "error", rv);
}

function call(name: string): void {
  const legacy = (window as unknown as Record<string, LegacyFunction | undefined>)[name];
  if (typeof legacy !== "function") {
    page.show("error", `Không có ${name}: cần phần mềm ký số (kyso với legacyApi, hoặc plugin cũ).`);
    return;
  }
  const documents = page.selectedDocuments();
  const first = documents[0];
  const prms: Record<string, unknown> = {};
  prms.FileUploadHandler = absolute(page.config.legacyUploadUrl);
  prms.SessionId = "";
  prms.JWTToken = page.config.jwtToken;
  if (name === "vgca_sign_files") {
    prms.Files = documents.map((d) => ({ FileID: d.id, FileName: d.name, URL: absolute(d.url) }));
  } else if (first) {
    prms.FileName = absolute(first.url);
    prms.DocNumber = first.number;
    prms.IssuedDate = `${first.date}T08:00:00+07:00`;
    prms.MetaData = [{ Key: "documentId", Value: first.id }];
  }
  page.show("pending", "Đang chờ phần mềm ký số…");
  legacy(JSON.stringify(prms), SignFileCallBack);
}

for (const button of document.querySelectorAll<HTMLButtonElement>("[data-vgca]")) {
  button.addEventListener("click", () => call(button.dataset.vgca ?? ""));
}
