import type { ErrorCode } from "../../../shared/protocol/error-codes.js";
import { messagesLanguage, words } from "../page-words.js";

/** An error code in words (error_<CODE> comes from shared/protocol/error-messages.ts at build time). */
export const errorWords = (code: ErrorCode) => words(`error_${code}`);

/** Sizes as people read them, with the language's decimal separator ("1,2 MB" in Vietnamese). */
export function fileSize(bytes: number): string {
  const [value, unit] = bytes >= 1_048_576 ? [bytes / 1_048_576, "megabyte"] : bytes >= 1024 ? [bytes / 1024, "kilobyte"] : [bytes, "byte"];
  return new Intl.NumberFormat(messagesLanguage(), { style: "unit", unit, maximumFractionDigits: 1 }).format(value);
}
