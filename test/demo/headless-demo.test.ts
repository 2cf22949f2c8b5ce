/**
 * Issue 10's "done when": the first command, headless as CI runs it (CI=true, no display),
 * produces an output directory with a document signed twice — approval, then issuing with
 * the seal — that pdfsig and kyso verify accept, the verification reports, screenshots, and
 * a mail that arrived. The demo runs as a user runs it (scripts/start.ts in its own process,
 * its own PKI, token, portal, mail servers and Chromium); only the build is skipped, since the
 * global set-up has just built dist/.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKyso } from "../cli/run-kyso.js";
import { startDemoPki, type DemoPki } from "../../demo/demo-pki.js";
import { createNssTrustStore, pdfsig } from "../pdf-checkers/pdfsig.js";

const root = resolve(import.meta.dirname, "../..");
const DEMO_TIMEOUT_MS = 170_000;
let outDir = "";
let run: { code: number | null; output: string; seconds: number };
/** The demo PKI's OCSP responder, CA repository and TSA, back on their ports after the demo stopped them: the CA is online, as in real life. */
let responders: DemoPki | undefined;

interface Summary {
  signingPath: "browser" | "cli";
  browserSigningFailed: boolean;
  secondsAfterDependencies: number;
  steps: Array<{ id: string; outcome: "done" | "skipped" | "failed" }>;
}

function runHeadlessDemo(dir: string): Promise<typeof run> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CI: "true" };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawn(join(root, "node_modules/.bin/tsx"), [join(root, "scripts/start.ts"), "--out-dir", dir, "--skip-build", "--no-system-deps"], { cwd: root, env });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", fail);
    child.on("exit", (code) => done({ code, output, seconds: (performance.now() - started) / 1000 }));
  });
}

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "kyso-demo-output-"));
  run = await runHeadlessDemo(outDir);
  console.log(`headless demo: exit ${run.code} in ${run.seconds.toFixed(1)} s`);
  responders = await startDemoPki(join(outDir, ".state"));
}, DEMO_TIMEOUT_MS + 10_000);

afterAll(async () => {
  await responders?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const summary = async () => JSON.parse(await readFile(join(outDir, "summary.json"), "utf8")) as Summary;

describe("npm start, headless (CI=true, no display)", () => {
  it("walks through the main job by itself and exits 0 in under 2 minutes, every step done and none failed", async () => {
    expect(run.code, run.output).toBe(0);
    expect(run.seconds).toBeLessThan(120);
    const { steps, signingPath, browserSigningFailed } = await summary();
    expect(steps.filter((step) => step.outcome === "failed"), run.output).toEqual([]);
    // Every package is installed here: nothing may be skipped but the build (done by the global set-up).
    expect(steps.filter((step) => step.outcome === "skipped").map((step) => step.id)).toEqual(["build"]);
    expect(signingPath).toBe("browser");
    expect(browserSigningFailed).toBe(false);
  });

  it("prints each step in Vietnamese, then in English", () => {
    expect(run.output).toMatch(/▶ Ký trên cổng thử nghiệm[^\n]*\n\s+Sign on the demo portal/);
    expect(run.output).toMatch(/▶ Gửi thư công vụ[^\n]*\n\s+Send the signed document by official mail/);
  });

  it("writes a PDF signed by the leader (approval) then the organisation (issuing with the seal) that pdfsig accepts", async () => {
    const signedFile = join(outDir, "signed.pdf");
    const nssDir = await createNssTrustStore(join(outDir, "nss"), join(outDir, ".state/pki/root-ca/root-ca.pem"));
    const signatures = await pdfsig(signedFile, nssDir);
    expect(signatures.map((s) => s.signerName)).toEqual(["Nguyễn Văn An", "UBND tỉnh Gia Lai"]);
    for (const signature of signatures) expect(signature).toMatchObject({ valid: true, trusted: true });
    expect(signatures[1]?.totalDocumentSigned).toBe(true);
  });

  it("writes verification reports (text vi/en, JSON, HTML) in which kyso verify passes both signatures at B-T", async () => {
    const verified = await runKyso(["verify", join(outDir, "signed.pdf"), "--trust", join(outDir, ".state/pki/root-ca/root-ca.pem"), "--json"]);
    expect(verified.code, verified.stderr).toBe(0);
    const report = JSON.parse(verified.stdout) as { indication: string; signatures: Array<{ indication: string; level: string }> };
    expect(report.indication).toBe("TOTAL_PASSED");
    expect(report.signatures.map((s) => [s.indication, s.level])).toEqual([["TOTAL_PASSED", "B-T"], ["TOTAL_PASSED", "B-T"]]);
    expect(await readFile(join(outDir, "verification-report.vi.txt"), "utf8")).toContain("HỢP LỆ");
    expect(JSON.parse(await readFile(join(outDir, "verification-report.json"), "utf8"))).toMatchObject({ indication: "TOTAL_PASSED" });
    expect(await readFile(join(outDir, "verification-report.html"), "utf8")).toContain('data-indication="TOTAL_PASSED"');
  });

  it("saves screenshots of the portal, both confirmation windows and the report", () => {
    for (const name of ["portal", "confirm-approval", "confirm-issuing", "verification-report"]) {
      expect(existsSync(join(outDir, "screenshots", `${name}.png`)), name).toBe(true);
    }
  });

  it("mails the signed PDF and finds it in the recipient's inbox", async () => {
    const mail = JSON.parse(await readFile(join(outDir, "mail.json"), "utf8")) as { to: string; arrived: { attachments: Array<{ filename: string }> } };
    expect(mail.to).toBe("binh@sotp.test");
    expect(mail.arrived.attachments.map((a) => a.filename)).toEqual(["signed.pdf"]);
  });

  it("signs sample.pdf with the built-in demo key when no --key is given", () => {
    expect(existsSync(join(outDir, "signed-with-demo-key.pdf"))).toBe(true);
    expect(run.output).toContain("KHÓA DEMO");
  });

  it("reuses its PKI on the next run instead of generating it again", () => {
    expect(responders?.generated).toBe(false);
  });

  it("leaves no process of its own running (mail servers stopped, Chromium closed)", async () => {
    const { execFileSync } = await import("node:child_process");
    const processes = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    expect(processes).not.toContain(outDir);
  });
});
