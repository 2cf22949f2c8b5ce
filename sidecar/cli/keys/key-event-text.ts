import type { Language } from "../../../shared/protocol/error-messages.js";
import type { KeyEvent } from "../../keys/key-source.js";

/** What the CLI prints on stderr while a remote key waits for the person's phone. */
export function keyEventText(event: KeyEvent, language: Language): string {
  const vi = language === "vi";
  if (event.kind === "approved") return vi ? "Đã xác nhận trên điện thoại." : "Confirmed on the phone.";
  const service = event.serviceName ? ` (${event.serviceName})` : "";
  const code = event.code ? (vi ? `, mã xác nhận ${event.code}` : `, confirmation code ${event.code}`) : "";
  const until = event.expiresAt ? (vi ? ` Chờ đến ${event.expiresAt.slice(11, 19)} UTC.` : ` Waiting until ${event.expiresAt.slice(11, 19)} UTC.`) : "";
  return vi ? `Hãy xác nhận yêu cầu ký trên điện thoại${service}${code}.${until}` : `Confirm the signing request on your phone${service}${code}.${until}`;
}
