import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "./error-codes.js";
import { ERROR_MESSAGES } from "./error-messages.js";

describe("error messages", () => {
  it("gives every error code a Vietnamese and an English message, distinct and non-empty", () => {
    for (const code of ERROR_CODES) {
      const { vi, en } = ERROR_MESSAGES[code];
      expect(vi.length, code).toBeGreaterThan(3);
      expect(en.length, code).toBeGreaterThan(3);
      expect(vi, code).not.toBe(en);
    }
  });

  it("has no message for a code that does not exist", () => {
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual([...ERROR_CODES].sort());
  });
});
