import { describe, expect, it } from "vitest";
import { encodeRgbaPng } from "./fixtures/sample-images.js";
import { pngRealSize } from "./png-real-size.js";
import { vietnamTimeText } from "./vietnam-time.js";

describe("signing time in Vietnam time", () => {
  it("writes dd/MM/yyyy HH:mm:ss and ISO 8601 with +07:00, whatever the machine's time zone", () => {
    expect(vietnamTimeText(new Date("2025-03-14T03:04:05Z"))).toEqual({ display: "14/03/2025 10:04:05", iso8601: "2025-03-14T10:04:05+07:00" });
  });

  it("moves to the next day and year after 17:00 UTC", () => {
    expect(vietnamTimeText(new Date("2024-12-31T17:00:00.900Z"))).toEqual({ display: "01/01/2025 00:00:00", iso8601: "2025-01-01T00:00:00+07:00" });
  });
});

describe("a seal's real size from its PNG", () => {
  const pixel = () => [0, 0, 0, 0] as [number, number, number, number];

  it("reads the printed size from pHYs: 300 px at 300 px per 36 mm is 36 mm (102 pt) across", () => {
    const size = pngRealSize(encodeRgbaPng({ width: 300, height: 150, pixel, dotsPerMetre: Math.round(300 / 0.036) }));
    expect(size?.width).toBeCloseTo((36 / 25.4) * 72, 0);
    expect(size?.height).toBeCloseTo((18 / 25.4) * 72, 0);
  });

  it("says nothing when the PNG has no pHYs, or is not a PNG", () => {
    expect(pngRealSize(encodeRgbaPng({ width: 4, height: 4, pixel }))).toBeUndefined();
    expect(pngRealSize(new Uint8Array(64))).toBeUndefined();
  });
});
