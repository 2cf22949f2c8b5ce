import { describe, expect, it } from "vitest";
import { parseDemoOptions, type DemoOptions } from "./demo-options.js";

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseDemoOptions(argv, env, "/work") as DemoOptions;

describe("npm start options", () => {
  it("shows kyso in Vietnamese unless the user asks for English", () => {
    expect(parse([]).language).toBe("vi");
    expect(parse(["--lang", "en"]).language).toBe("en");
  });

  it("refuses a language kyso has no text for, naming the ones it has", () => {
    expect(() => parse(["--lang", "fr"])).toThrow(/"vi" or "en", not "fr"/);
  });

  it("walks through the main job by itself when there is no display or under CI", () => {
    expect(parse([], {}).headless).toBe(true);
    expect(parse([], { DISPLAY: ":0", CI: "true" }).headless).toBe(true);
    expect(parse([], { DISPLAY: ":0" }).headless).toBe(false);
    expect(parse(["--headless"], { DISPLAY: ":0" }).headless).toBe(true);
  });

  it("writes results to ./demo-output under the current directory by default", () => {
    expect(parse([]).outDir).toBe("/work/demo-output");
    expect(parse(["--out-dir", "/tmp/x"]).stateDir).toBe("/tmp/x/.state");
  });
});
