import { describe, expect, it } from "vitest";
import { layoutTextBlock, type MeasureText } from "./text-layout.js";

/** Every character half an em wide, bold ones 0.6 em: enough to reason about wrapping. */
const measure: MeasureText = (line, size) => Array.from(line.text).length * size * (line.bold ? 0.6 : 0.5);
const box = { x: 2, y: 2, width: 100, height: 56 };

describe("information text layout", () => {
  it("keeps 10 pt text that fits on one line per paragraph, left-aligned", () => {
    const layout = layoutTextBlock({ paragraphs: [{ text: "Sở Nội vụ", bold: true }, { text: "14/03/2025" }], box, size: 10, minSize: 5, align: "left", measure });
    expect(layout.size).toBe(10);
    expect(layout.lines.map((l) => [l.text, l.bold, l.x])).toEqual([["Sở Nội vụ", true, 2], ["14/03/2025", false, 2]]);
    expect(layout.lines[0]!.baseline - layout.lines[1]!.baseline).toBeCloseTo(11.5);
  });

  it("wraps at word boundaries, and inside a word only when the word alone is too wide", () => {
    const layout = layoutTextBlock({ paragraphs: [{ text: "Ủy ban nhân dân tỉnh Đồng Tháp" }, { text: "x".repeat(30) }], box: { ...box, width: 90, height: 500 }, size: 10, minSize: 10, align: "left", measure });
    expect(layout.lines.map((l) => l.text)).toEqual(["Ủy ban nhân dân", "tỉnh Đồng Tháp", "x".repeat(18), "x".repeat(12)]);
  });

  it("shrinks text that does not fit in the box, but not below the minimum size", () => {
    const long = { text: "Trung tâm Phục vụ hành chính công tỉnh Bà Rịa - Vũng Tàu, chi nhánh huyện Côn Đảo" };
    const shrunk = layoutTextBlock({ paragraphs: [long], box, size: 10, minSize: 5, align: "left", measure });
    expect(shrunk.size).toBeLessThan(10);
    expect(shrunk.size).toBeGreaterThanOrEqual(5);
    const floor = layoutTextBlock({ paragraphs: [long, long, long, long], box, size: 10, minSize: 8, align: "left", measure });
    expect(floor.size).toBe(8);
  });

  it("centres a line horizontally and the block vertically", () => {
    const layout = layoutTextBlock({ paragraphs: [{ text: "An" }], box, size: 10, minSize: 5, align: "centre", measure });
    expect(layout.lines[0]!.x).toBeCloseTo(2 + (100 - 10) / 2);
    const baseline = layout.lines[0]!.baseline;
    // Tinos's ascender and descender around the baseline sit in the middle of the box.
    expect((baseline + (1825 / 2048) * 10 + baseline - (443 / 2048) * 10) / 2).toBeCloseTo(box.y + box.height / 2);
  });
});
