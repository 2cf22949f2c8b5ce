import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";

/** A document the portal lists: outgoing ("văn bản đi", to sign and issue) or incoming ("văn bản đến"). */
export interface PortalDocument {
  id: string;
  /** Số và ký hiệu, e.g. "12/UBND-VP". */
  number: string;
  title: string;
  kind: "outgoing" | "incoming";
  /** Ngày ban hành, YYYY-MM-DD. */
  date: string;
  /** Who sent it (incoming) or which unit drafted it (outgoing). */
  from: string;
  fileName: string;
  pageCount: number;
  bytes: Uint8Array;
}

interface SampleSpec {
  id: string;
  number: string;
  kind: PortalDocument["kind"];
  date: string;
  from: string;
  documentType: string;
  title: string;
  pageCount: number;
  signerTitle: string;
  signerName: string;
}

const SAMPLES: SampleSpec[] = [
  { id: "cv-12", number: "12/UBND-VP", kind: "outgoing", date: "2024-05-02", from: "Văn phòng UBND tỉnh", documentType: "CÔNG VĂN", title: "Về việc triển khai ký số văn bản điện tử trong cơ quan nhà nước", pageCount: 1, signerTitle: "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", signerName: "Nguyễn Văn An" },
  { id: "qd-45", number: "45/QĐ-UBND", kind: "outgoing", date: "2024-05-06", from: "Sở Nội vụ", documentType: "QUYẾT ĐỊNH", title: "Ban hành Quy chế công tác văn thư, lưu trữ của Ủy ban nhân dân tỉnh", pageCount: 3, signerTitle: "CHỦ TỊCH", signerName: "Trần Thị Bích Hằng" },
  { id: "ttr-07", number: "07/TTr-STTTT", kind: "outgoing", date: "2024-05-08", from: "Sở Thông tin và Truyền thông", documentType: "TỜ TRÌNH", title: "Đề nghị phê duyệt Kế hoạch chuyển đổi số năm 2024", pageCount: 2, signerTitle: "GIÁM ĐỐC", signerName: "Lê Hoàng Phúc" },
  { id: "pl-45", number: "45/QĐ-UBND", kind: "outgoing", date: "2024-05-06", from: "Sở Nội vụ", documentType: "PHỤ LỤC", title: "Danh mục hồ sơ nộp lưu (kèm theo Quyết định số 45/QĐ-UBND)", pageCount: 1, signerTitle: "", signerName: "" },
  { id: "den-156", number: "156/SNV-CCVC", kind: "incoming", date: "2024-04-29", from: "Sở Nội vụ", documentType: "CÔNG VĂN", title: "Về việc báo cáo số lượng công chức, viên chức năm 2024", pageCount: 1, signerTitle: "GIÁM ĐỐC", signerName: "Phạm Đức Thắng" },
  { id: "den-89", number: "89/BTTTT-CĐSQG", kind: "incoming", date: "2024-04-25", from: "Bộ Thông tin và Truyền thông", documentType: "CÔNG VĂN", title: "Hướng dẫn sử dụng chữ ký số chuyên dùng Chính phủ", pageCount: 2, signerTitle: "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG", signerName: "Vũ Minh Quân" },
];

const A4: [number, number] = [595.28, 841.89];
const BODY = [
  "Thực hiện Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư,",
  "các cơ quan, đơn vị trên địa bàn tỉnh triển khai ký số văn bản điện tử, gửi nhận văn bản qua",
  "hệ thống quản lý văn bản và điều hành; sử dụng chứng thư số chuyên dùng do Ban Cơ yếu Chính phủ cấp.",
  "Văn thư cơ quan đóng dấu (ký số của cơ quan) sau khi người có thẩm quyền đã ký phê duyệt.",
];

const fontPath = (name: string) => fileURLToPath(new URL(`../../shared/appearance/fonts/${name}`, import.meta.url));

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

function centred(page: PDFPage, text: string, options: { y: number; font: PDFFont; size: number; centreX: number }): void {
  const width = options.font.widthOfTextAtSize(text, options.size);
  page.drawText(text, { x: options.centreX - width / 2, y: options.y, size: options.size, font: options.font, color: rgb(0, 0, 0) });
}

function drawFirstPageHeader(page: PDFPage, spec: SampleSpec, fonts: Fonts): void {
  centred(page, "ỦY BAN NHÂN DÂN", { y: 790, font: fonts.regular, size: 12, centreX: 150 });
  centred(page, "TỈNH GIA LAI", { y: 775, font: fonts.bold, size: 12, centreX: 150 });
  centred(page, `Số: ${spec.number}`, { y: 750, font: fonts.regular, size: 12, centreX: 150 });
  centred(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { y: 790, font: fonts.bold, size: 11, centreX: 400 });
  centred(page, "Độc lập - Tự do - Hạnh phúc", { y: 775, font: fonts.bold, size: 12, centreX: 400 });
  const [year, month, day] = spec.date.split("-");
  centred(page, `Gia Lai, ngày ${day} tháng ${month} năm ${year}`, { y: 750, font: fonts.regular, size: 12, centreX: 400 });
  centred(page, spec.documentType, { y: 705, font: fonts.bold, size: 14, centreX: A4[0] / 2 });
  centred(page, spec.title, { y: 686, font: fonts.bold, size: 12, centreX: A4[0] / 2 });
}

function drawSignerBlock(page: PDFPage, spec: SampleSpec, fonts: Fonts): void {
  if (!spec.signerName) return;
  let y = 300;
  for (const line of spec.signerTitle.split("\n")) {
    centred(page, line, { y, font: fonts.bold, size: 12, centreX: 420 });
    y -= 15;
  }
  // The space between the title and the name is where the approval signature goes (Decree 30, Appendix I).
  centred(page, spec.signerName, { y: y - 70, font: fonts.bold, size: 12, centreX: 420 });
}

async function samplePdf(spec: SampleSpec, fontBytes: { regular: Uint8Array; bold: Uint8Array }): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.registerFontkit(fontkit);
  const fonts = { regular: await document.embedFont(fontBytes.regular, { subset: true }), bold: await document.embedFont(fontBytes.bold, { subset: true }) };
  for (let index = 0; index < spec.pageCount; index += 1) {
    const page = document.addPage(A4);
    if (index === 0) drawFirstPageHeader(page, spec, fonts);
    let y = index === 0 ? 640 : 780;
    for (const line of BODY) {
      page.drawText(line, { x: 60, y, size: 11, font: fonts.regular });
      y -= 18;
    }
    centred(page, `Trang ${index + 1}/${spec.pageCount}`, { y: 40, font: fonts.regular, size: 9, centreX: A4[0] / 2 });
    if (index === spec.pageCount - 1) drawSignerBlock(page, spec, fonts);
  }
  document.setTitle(`${spec.number} ${spec.title}`);
  document.setLanguage("vi-VN");
  document.setProducer("kyso demo portal");
  return document.save({ useObjectStreams: false });
}

/** A plain numbered document for batch signing ("ký hàng loạt"). */
function batchSpec(index: number): SampleSpec {
  const n = index + 1;
  return { id: `lo-${n}`, number: `${100 + n}/GM-UBND`, kind: "outgoing", date: "2024-05-10", from: "Văn phòng UBND tỉnh", documentType: "GIẤY MỜI", title: `Dự họp giao ban chuyển đổi số, đợt ${n}`, pageCount: 1, signerTitle: "CHÁNH VĂN PHÒNG", signerName: "Đỗ Thu Trang" };
}

/**
 * The portal's sample documents, generated at start (nothing committed): Vietnamese text in
 * an embedded subset of Tinos (metric-compatible with Times New Roman), one with three pages,
 * plus `batchCount` short invitations for batch signing.
 */
export async function buildSampleDocuments(batchCount = 0): Promise<PortalDocument[]> {
  const fontBytes = { regular: await readFile(fontPath("Tinos-Regular.ttf")), bold: await readFile(fontPath("Tinos-Bold.ttf")) };
  const specs = [...SAMPLES, ...Array.from({ length: batchCount }, (_, i) => batchSpec(i))];
  const documents: PortalDocument[] = [];
  for (const spec of specs) {
    documents.push({
      id: spec.id,
      number: spec.number,
      title: spec.title,
      kind: spec.kind,
      date: spec.date,
      from: spec.from,
      fileName: `${spec.id}.pdf`,
      pageCount: spec.pageCount,
      bytes: await samplePdf(spec, fontBytes),
    });
  }
  return documents;
}
