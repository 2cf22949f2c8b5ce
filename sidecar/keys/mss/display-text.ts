import { randomInt } from "node:crypto";

/**
 * DataToBeDisplayed (TS 102 204 §5.2.1): what the phone shows before the user types the
 * signature PIN. It names the document and carries a short code that kyso's confirmation
 * window (and the CLI) shows too, so the user can see that the request on the phone is the
 * one they started and not someone else's (the "no spam"/verification-code practice of the
 * Finnish and Swiss MSSPs).
 */

/** No 0/O, 1/I/L: the code is read off one screen and compared with another. */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 4;

/**
 * Vietnamese needs UCS-2 on the SIM toolkit's path (GSM 03.38 has no ơ, ư, ạ…), where one
 * SMS carries 70 characters and MSSPs cap DataToBeDisplayed around 160–240 bytes; 80
 * characters (160 bytes of UCS-2) fits every MSSP we know of and two phone screens.
 */
const MAX_DISPLAY_CHARACTERS = 80;

export function newTransactionCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
}

export interface DisplayTextInput {
  code: string;
  /** The document's name, as the confirmation window lists it. */
  documentName?: string;
  /** 1-based position in the batch and its size, when the name is unknown. */
  position: { index: number; count: number };
}

function shorten(text: string, maxCharacters: number): string {
  const characters = Array.from(text.normalize("NFC"));
  return characters.length <= maxCharacters ? characters.join("") : `${characters.slice(0, Math.max(1, maxCharacters - 1)).join("")}…`;
}

export function dataToBeDisplayed(input: DisplayTextInput): string {
  const suffix = `. Mã giao dịch: ${input.code}`;
  const subject = input.documentName === undefined
    ? `văn bản ${input.position.index}/${input.position.count}`
    : `"${shorten(input.documentName.replace(/[\p{Cc}\s]+/gu, " ").trim(), MAX_DISPLAY_CHARACTERS - 10 - Array.from(suffix).length)}"`;
  return `Ký số ${subject}${suffix}`;
}
