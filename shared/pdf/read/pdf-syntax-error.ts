import { KysoError } from "../../protocol/kyso-error.js";

/** A PDF that cannot be parsed: always PDF_MALFORMED with where and what. */
export function malformed(detail: string, offset?: number): KysoError {
  return new KysoError("PDF_MALFORMED", offset === undefined ? detail : `${detail} (at byte ${offset})`);
}

/** Raised inside the parser when an object runs past the bytes it was given. */
export class EndOfWindow extends Error {
  constructor() {
    super("object continues past the bytes read");
    this.name = "EndOfWindow";
  }
}
