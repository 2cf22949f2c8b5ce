/**
 * The confirmation window: what it shows of the request (site, profile, documents, a rendered
 * preview with the stamp) and the placement it sends back. Opened in the system Chromium from
 * the built extension with the stand-in background of confirm-window-stand-in.ts.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { A4, artifactsDir, choose, chromiumForSuite, consoleProblems, documents, fill, inkedPixels, openConfirmWindow, PIN, messagesForSuite, stampPlacement, VALID } from "./confirm-window-stand-in.js";

describe("confirmation window: the request and where the stamp goes", () => {
  const chromium = chromiumForSuite("en");
  const en = messagesForSuite("en");

  it("shows the requesting site, the profile in words, every document and a rendered preview of the page where the stamp goes", async () => {
    const { page } = await openConfirmWindow(chromium());
    // pdf.js parsed the file in its own worker, shipped in the extension, and nothing broke the extension's CSP.
    expect(page.workers().map((worker) => new URL(worker.url()).pathname)).toContain("/ui/confirm/pdf-worker.js");
    expect(consoleProblems(page)).toEqual([]);
    expect(await page.textContent("#site-name")).toBe("Hệ thống quản lý văn bản — UBND tỉnh Gia Lai");
    expect(await page.textContent("#site-origin")).toBe("https://vanban.gialai.gov.vn");
    expect(await page.textContent("#profile-name")).toBe(en().confirm_profile_approval?.message);
    expect(await page.textContent("#documents-heading")).toBe(fill(en(), "confirm_documentsHeading", "2"));
    const rows = await page.locator("#document-rows tr").allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/Quyết định 125-QĐ-UBND\.pdf\s+125\/QĐ-UBND\s+3\s+178(\.1)? kB/);
    expect(rows[1]).toMatch(/Phụ lục kèm theo\.pdf\s+—\s+1\s+2\.4 MB/);
    // Approval goes on the last page: the preview opens there, drawn, with the stamp on it.
    expect(await page.getAttribute("#page-canvas", "data-rendered")).toBe("0:2");
    expect(await page.textContent("#page-label")).toBe(fill(en(), "confirm_pageOf", "3", "3"));
    expect(await inkedPixels(page)).toBeGreaterThan(2000);
    expect(await page.isVisible("#stamp")).toBe(true);

    // Every document can be looked at: the second one opens on its own stamp page.
    await page.locator("#document-rows tr").nth(1).locator("button[name=preview]").click();
    await page.waitForSelector('#page-canvas[data-rendered="1:0"]');
    expect(await page.textContent("#preview-document")).toBe("Phụ lục kèm theo.pdf");
    expect(await page.getAttribute("#document-rows tr:nth-child(2)", "aria-current")).toBe("true");
    expect(await inkedPixels(page)).toBeGreaterThan(2000);
    await page.close();
  });

  it("sends the stamp where the person dragged it, on the page they moved it to, and the PIN only in decide", async () => {
    const window = await openConfirmWindow(chromium());
    const { page } = window;
    const start = await stampPlacement(page);
    expect(start).toEqual({ page: 2, x: documents()[0]!.defaultPlacement!.x, y: documents()[0]!.defaultPlacement!.y });

    // To the page before, then dragged 60 px right and 90 px up.
    await page.click("button[name=previous-page]");
    await page.waitForSelector('#page-canvas[data-rendered="0:1"]');
    const box = (await page.locator("#stamp").boundingBox())!;
    const scale = (await page.locator("#page-canvas").boundingBox())!.width / A4.width;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 - 90, { steps: 6 });
    await page.mouse.up();
    const dragged = await stampPlacement(page);
    expect(dragged.page).toBe(1);
    expect(dragged.x).toBeCloseTo(start.x + 60 / scale, 0);
    expect(dragged.y).toBeCloseTo(start.y + 90 / scale, 0);
    // The keyboard moves it too: 5 pt per arrow key.
    await page.focus("#stamp");
    await page.keyboard.press("ArrowLeft");
    expect((await stampPlacement(page)).x).toBeCloseTo(dragged.x - 5, 1);
    const placed = await stampPlacement(page);

    await choose(window, VALID.certificateId, PIN);
    await page.press("input[name=pin]", "Enter");
    await expect.poll(() => window.received()).toHaveLength(1);
    const [decide] = await window.received();
    expect(decide).toEqual({
      type: "confirm.decide",
      certificateId: VALID.certificateId,
      pin: PIN,
      placements: [
        { index: 0, page: 1, x: placed.x, y: placed.y },
        { index: 1, page: 0, x: documents()[1]!.defaultPlacement!.x, y: documents()[1]!.defaultPlacement!.y },
      ],
    });
    // Not left behind in the window either.
    expect(await page.inputValue("input[name=pin]")).toBe("");
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain(PIN);
    expect(await page.isDisabled("button[name=confirm]")).toBe(true);
    await page.close();
  });

  it("saves a screenshot of the window, ready to sign, in English", async () => {
    const window = await openConfirmWindow(chromium());
    await choose(window, VALID.certificateId, PIN);
    await window.page.screenshot({ path: join(artifactsDir, "confirm-window-en().png") });
    await window.page.close();
  });
});
