import { errorMessage, type Language } from "../../shared/protocol/error-messages.js";
import type { KysoError } from "../../shared/protocol/kyso-error.js";

/** What a person reads for a kyso error: the message for its code, then the detail if there is one. */
export function errorText(error: KysoError, language: Language): string {
  return `${errorMessage(error.code, language)}${error.message === error.code ? "" : ` (${error.message})`}`;
}
