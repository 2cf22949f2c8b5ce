import type { PortalSession } from "./portal-session.js";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

/** Page data for the page scripts, in a JSON script element (`<` escaped so it cannot close the element). */
export function pageConfig(config: unknown): string {
  return `<script type="application/json" id="portal-config">${JSON.stringify(config).replace(/</g, "\\u003c")}</script>`;
}

const STYLE = `
body{font:15px/1.5 "Tinos","Times New Roman",serif;margin:0;color:#1f2933;background:#f5f7fa}
header{background:#9b1c1c;color:#fff;padding:10px 24px}header h1{font-size:18px;margin:0}header small{opacity:.85}
nav{background:#fff;border-bottom:1px solid #d9dee4;padding:8px 24px}nav a{margin-right:18px;color:#9b1c1c;text-decoration:none;font-weight:bold}
main{padding:16px 24px}table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid #d9dee4;padding:6px 8px;text-align:left}
th{background:#eef1f4}.buttons button{margin:4px 6px 4px 0;padding:6px 12px;cursor:pointer}embed{width:100%;height:520px;border:1px solid #d9dee4}
pre{background:#fff;border:1px solid #d9dee4;padding:8px;white-space:pre-wrap;min-height:2em}.hop-le{color:#1e7b34}.khong-hop-le{color:#b42318}
`;

/** The portal's frame: header, navigation (when signed in), content. */
export function layout(options: { title: string; session?: PortalSession; body: string; scripts?: string[] }): string {
  const nav = options.session
    ? `<nav><a href="/">Văn bản đi</a><a href="/van-ban-den">Văn bản đến</a><a href="/ky-hang-loat">Ký hàng loạt</a>` +
      `<a href="/tep-da-ky">Tệp đã ký</a><span>${escapeHtml(options.session.name)} (${escapeHtml(options.session.role)})</span> ` +
      `<form method="post" action="/dang-xuat" style="display:inline"><button>Đăng xuất</button></form></nav>`
    : "";
  const scripts = (options.scripts ?? []).map((src) => `<script src="${escapeHtml(src)}"></script>`).join("");
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(options.title)} — Cổng điều hành (demo kyso)</title><style>${STYLE}</style></head>` +
    `<body><header><h1>HỆ THỐNG QUẢN LÝ VĂN BẢN VÀ ĐIỀU HÀNH</h1><small>UBND tỉnh Gia Lai — cổng thử nghiệm của kyso</small></header>${nav}` +
    `<main><h2>${escapeHtml(options.title)}</h2>${options.body}</main>${scripts}</body></html>`;
}
