import { describe, expect, it } from "vitest";
import { PdfString } from "../pdf/objects.js";
import { pdfDateValue } from "./claimed-time.js";

const date = (text: string) => pdfDateValue(new PdfString(Uint8Array.from(text, (c) => c.charCodeAt(0))));

describe("pdfDateValue (ISO 32000-2 §7.9.4)", () => {
  it.each([
    ["D:20261122103000+07'00'", "2026-11-22T03:30:00.000Z"],
    ["D:20261122103000+07'00", "2026-11-22T03:30:00.000Z"],
    ["D:20261122103000Z", "2026-11-22T10:30:00.000Z"],
    ["D:20261122103000-05'30'", "2026-11-22T16:00:00.000Z"],
    ["D:2026", "2026-01-01T00:00:00.000Z"],
    ["20261122", "2026-11-22T00:00:00.000Z"],
  ])("reads %s as %s", (text, iso) => {
    expect(date(text)?.toISOString()).toBe(iso);
  });

  it("is undefined for what is not a date", () => {
    expect(date("hôm qua")).toBeUndefined();
    expect(date("D:20261322")).toBeUndefined();
    expect(pdfDateValue(42)).toBeUndefined();
  });
});
