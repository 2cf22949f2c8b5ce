import { spawn } from "node:child_process";
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { signWithCli } from "./cli-signing.js";
import { closeOnSignals, createCleanupStack, type CleanupStack } from "./cleanup-stack.js";
import { createDemoConsole, type Bilingual, type DemoConsole } from "./demo-console.js";
import { chromiumAvailable, launchDemoBrowser, type DemoBrowser } from "./demo-chromium.js";
import { mailUnavailableReason, startDemoMail, SENDER_PASSWORD_ENV, waitForMail, type DemoMail } from "./demo-mail.js";
import type { DemoOptions } from "./demo-options.js";
import { startDemoPki, type DemoPki } from "./demo-pki.js";
import { createDemoToken, type DemoToken } from "./demo-token.js";
import { kysoRunner, type KysoRunner } from "./kyso-runner.js";
import { walkThroughPortal } from "./portal-walkthrough.js";
import { openDemoPortal, type RunningPortal } from "./demo-portal-setup.js";
import { ensureSystemPackages } from "./system-packages.js";
import { writeVerificationReport } from "./verification-report.js";
import { configureExtension, pageApiBuilt, registerNativeHost } from "./extension-setup.js";
import { runDemoKeyShowcase } from "./demo-key-showcase.js";

/**
 * `npm start`: the whole product on one machine, with embedded defaults and no configuration.
 * Each step prints what it does in Vietnamese, then English; a step that cannot run here is
 * skipped with what to install, and the rest goes on. The exit code is non-zero only when the
 * core — signing the document — fails.
 */
export const ORGANISATION = "UBND tỉnh Gia Lai";
const DOCUMENT_ID = "cv-12";

interface DemoContext {
  options: DemoOptions;
  root: string;
  console: DemoConsole;
  cleanup: CleanupStack;
  kyso: KysoRunner;
  screenshotsDir: string;
}

async function screenshot(context: DemoContext, name: string, page: Page): Promise<void> {
  await page.screenshot({ path: join(context.screenshotsDir, `${name}.png`), fullPage: false });
}

function build(context: DemoContext): Promise<void> {
  return context.console.step("build", { vi: "Build tiện ích và sidecar (dist/)", en: "Build the extension and the sidecar (dist/)" }, async (step) => {
    if (!context.options.build) return step.skip({ vi: "--skip-build: dùng dist/ có sẵn", en: "--skip-build: using the existing dist/" });
    const code = await new Promise<number | null>((done, fail) => {
      const child = spawn(join(context.root, "node_modules/.bin/tsx"), [join(context.root, "scripts/build.ts")], { cwd: context.root, stdio: ["ignore", "ignore", "inherit"] });
      context.cleanup.add("build", () => Promise.resolve(void child.kill()));
      child.on("error", fail);
      child.on("exit", done);
    });
    if (code !== 0) throw new Error("scripts/build.ts failed");
  });
}

/**
 * The core: two signatures on one document. In the browser when it can run there; with
 * `kyso sign` otherwise — and also after a failed browser attempt, so that verification and
 * mail still run, but then the demo's exit code says the browser signing failed.
 */
async function signDocument(context: DemoContext, services: { pki: DemoPki; token: DemoToken; portal: RunningPortal; browser: DemoBrowser | undefined }): Promise<{ signedFile: string; path: "browser" | "cli"; browserFailed: boolean }> {
  const { options, console: out } = context;
  const signedFile = join(options.outDir, "signed.pdf");
  const browserReady = services.browser && services.token.kind === "softhsm" ? services.browser : undefined;
  let browserFailed = false;
  const viaBrowser = await out.step("sign-browser", { vi: "Ký trên cổng thử nghiệm: ký phê duyệt, rồi ký phát hành có con dấu (cửa sổ xác nhận của kyso, mã PIN)", en: "Sign on the demo portal: approval, then issuing with the seal (kyso's confirmation window, PIN)" }, async (step) => {
    if (!browserReady) {
      return step.skip(services.token.kind === "softhsm"
        ? { vi: "không mở được Chromium có tiện ích — ký bằng dòng lệnh thay thế", en: "no Chromium with the extension — signing with the CLI instead" }
        : { vi: "tiện ích chỉ dùng token PKCS#11; chưa cài SoftHSM2 — ký bằng dòng lệnh với khóa PKCS#12", en: "the extension uses PKCS#11 tokens only; SoftHSM2 is not installed — signing with the CLI and the PKCS#12 key" });
    }
    const result = await walkThroughPortal({
      browser: browserReady, portal: services.portal.portal, documentId: DOCUMENT_ID, pin: services.token.pin,
      approvalSigner: services.token.approval.commonName, issuingSigner: services.token.issuing.commonName,
      screenshot: (name, page) => screenshot(context, name, page),
    });
    await writeFile(join(options.outDir, "approval-signed.pdf"), await readFile(result.approval.path));
    await writeFile(signedFile, result.issuedBytes);
    const signers = result.issued.verification.signatures.map((s) => s.signer).join(", ");
    step.detail({ vi: `cổng đã nhận và tự kiểm tra: ${result.issued.verification.indication} — ${signers}`, en: `the portal received and verified it: ${result.issued.verification.indication} — ${signers}` });
    return true;
  }).catch(() => {
    browserFailed = true;
    return undefined;
  });
  if (viaBrowser) return { signedFile, path: "browser", browserFailed };
  await out.step("sign-cli", { vi: "Ký bằng kyso sign: ký phê duyệt, rồi ký phát hành có con dấu", en: "Sign with kyso sign: approval, then issuing with the seal" }, async (step) => {
    await signWithCli({ kyso: context.kyso, token: services.token, inputFile: join(options.outDir, "sample.pdf"), imagesDir: options.stateDir, outDir: options.outDir, tsaUrl: services.pki.tsaUrl, organisation: ORGANISATION, documentNumber: "12/UBND-VP" });
    step.detail({ vi: `khóa: ${services.token.kind === "softhsm" ? "token SoftHSM2 (PKCS#11)" : "tệp PKCS#12 demo"}`, en: `key: ${services.token.kind === "softhsm" ? "SoftHSM2 token (PKCS#11)" : "demo PKCS#12 file"}` });
  });
  return { signedFile, path: "cli", browserFailed };
}

async function sendByMail(context: DemoContext, mail: DemoMail | undefined, signedFile: string): Promise<boolean> {
  return (await context.console.step("mail", { vi: "Gửi thư công vụ kèm văn bản đã ký và kiểm tra thư đã đến", en: "Send the signed document by official mail and check that it arrived" }, async (step) => {
    if (!mail) return step.skip(mailUnavailableReason() ?? { vi: "máy chủ thư không khởi động được", en: "the mail servers did not start" });
    const subject = `Công văn 12/UBND-VP đã ký số — ${new Date().toISOString()}`;
    const sent = await context.kyso(["mail", "send", "--config", mail.senderConfigFile, "--password-env", SENDER_PASSWORD_ENV, "--to", mail.recipient.address, "--subject", subject, "--attach", signedFile, "--json"], { env: mail.env });
    if (sent.code !== 0) throw new Error(`kyso mail send: ${sent.stderr.trim()}`);
    const arrived = await waitForMail({ mail, kyso: context.kyso, subject });
    if (!arrived) throw new Error(`the mail "${subject}" did not arrive in ${mail.recipient.address}'s inbox`);
    await writeFile(join(context.options.outDir, "mail.json"), JSON.stringify({ from: mail.sender.address, to: mail.recipient.address, arrived }, null, 2));
    step.detail({ vi: `${mail.sender.address} → ${mail.recipient.address}: đã đến, tệp đính kèm ${arrived.attachments.map((a) => a.filename).join(", ")}`, en: `${mail.sender.address} → ${mail.recipient.address}: arrived, attachment ${arrived.attachments.map((a) => a.filename).join(", ")}` });
    return true;
  })) ?? false;
}

/** A step whose failure is reported and the demo goes on without it. */
async function optionalStep<T>(context: DemoContext, step: { id: string; title: Bilingual }, body: Parameters<DemoConsole["step"]>[2]): Promise<T | undefined> {
  try {
    return (await context.console.step(step.id, step.title, body)) as T | undefined;
  } catch {
    return undefined;
  }
}

export async function runDemo(options: DemoOptions, root: string): Promise<number> {
  const out = createDemoConsole();
  const cleanup = createCleanupStack();
  closeOnSignals(cleanup);
  const screenshotsDir = join(options.outDir, "screenshots");
  await mkdir(screenshotsDir, { recursive: true });
  await mkdir(options.stateDir, { recursive: true });
  const kysoEnv = { HOME: process.env.HOME ?? options.stateDir, KYSO_STATE_DIR: join(options.stateDir, "kyso"), KYSO_CONFIG: join(options.stateDir, "kyso-config.json") };
  const context: DemoContext = { options, root, console: out, cleanup, kyso: kysoRunner(kysoEnv), screenshotsDir };
  // Installing packages (apt) is not the demo's time: the clock for "under 2 minutes" starts after it.
  await out.step("system-packages", { vi: "Kiểm tra gói hệ thống (SoftHSM2, Chromium, Postfix, Dovecot, poppler)", en: "Check system packages (SoftHSM2, Chromium, Postfix, Dovecot, poppler)" }, async (step) => {
    step.detail((await ensureSystemPackages({ root, allowInstall: options.installSystemPackages })).outcome);
  });
  const afterDependencies = performance.now();
  let exitCode = 1;
  try {
    await build(context);
    const pki = await out.step("pki", { vi: "Tạo PKI demo (CA gốc, CA cấp, người ký, con dấu cơ quan) và chạy OCSP, TSA, kho CA trên 127.0.0.1", en: "Create the demo PKI (root, issuing CA, signers, the organisation's seal) and run OCSP, TSA and the CA repository on 127.0.0.1" }, async (step) => {
      const started = await startDemoPki(options.stateDir);
      cleanup.add("OCSP/TSA", () => started.close());
      step.detail({ vi: `${started.generated ? "mới tạo" : "dùng lại"} ${started.pki.dir}; TSA ${started.tsaUrl}; OCSP ${started.ocspUrl}`, en: `${started.generated ? "generated" : "reused"} ${started.pki.dir}; TSA ${started.tsaUrl}; OCSP ${started.ocspUrl}` });
      return started;
    });
    const token = await out.step("token", { vi: "Tạo token demo chứa khóa người ký và khóa con dấu", en: "Create the demo token holding the signer's and the seal's keys" }, async (step) => {
      const created = await createDemoToken(options.stateDir, pki.pki);
      step.detail(created.kind === "softhsm"
        ? { vi: `token SoftHSM2 "kyso-demo" (PKCS#11), mã PIN demo ${created.pin}`, en: `SoftHSM2 token "kyso-demo" (PKCS#11), demo PIN ${created.pin}` }
        : { vi: "chưa cài SoftHSM2: dùng tệp khóa PKCS#12 demo (chỉ dòng lệnh ký được)", en: "SoftHSM2 is not installed: using demo PKCS#12 key files (only the CLI can sign with them)" });
      return created;
    });
    const portal = await out.step("portal", { vi: "Chạy cổng thử nghiệm (HTTPS, 127.0.0.1)", en: "Start the demo portal (HTTPS, 127.0.0.1)" }, async (step) => {
      const running = await openDemoPortal({ pki: pki.pki, dataDir: join(options.stateDir, "portal") });
      cleanup.add("demo portal", () => running.portal.close());
      await copyFile(running.samplePdfFile, join(options.outDir, "sample.pdf"));
      step.detail({ vi: `${running.portal.url}/ (tài khoản vanthu / demo)`, en: `${running.portal.url}/ (account vanthu / demo)` });
      return running;
    });
    const mail = await optionalStep<DemoMail>(context, { id: "mail-servers", title: { vi: "Chạy máy chủ thư riêng (Postfix, Dovecot) trên 127.0.0.1", en: "Start private mail servers (Postfix, Dovecot) on 127.0.0.1" } }, async (step) => {
      const unavailable = mailUnavailableReason();
      if (unavailable) return step.skip(unavailable);
      const started = await startDemoMail(pki.pki);
      cleanup.add("mail servers", () => started.close());
      step.detail({ vi: `${started.sender.address} và ${started.recipient.address}`, en: `${started.sender.address} and ${started.recipient.address}` });
      return started;
    });
    const browser = await optionalStep<DemoBrowser>(context, { id: "browser", title: { vi: `Đăng ký native host cho hồ sơ Chromium riêng và mở Chromium có tiện ích kyso (${options.headless ? "không màn hình" : "có màn hình"})`, en: `Register the native host for a private Chromium profile and open Chromium with the kyso extension (${options.headless ? "headless" : "headed"})` } }, async (step) => {
      if (!chromiumAvailable()) return step.skip({ vi: "chưa cài Chromium — cài bằng: sudo npm run system-deps", en: "Chromium is not installed — install with: sudo npm run system-deps" });
      if (!pageApiBuilt(root)) return step.skip({ vi: "bản build này chưa có API trang window.kyso của tiện ích", en: "this build of the extension has no window.kyso page API yet" });
      // A fresh profile each run: the extension's registered scripts and options of the last run name its old portal port.
      const profileDir = join(options.stateDir, "chromium-profile");
      await rm(profileDir, { recursive: true, force: true });
      await registerNativeHost({ kyso: context.kyso, profileDir, dataDir: join(options.stateDir, "data") });
      const launched = await launchDemoBrowser({ extensionDir: join(root, "dist/chrome"), profileDir, headless: options.headless, language: options.language, env: { ...kysoEnv, ...token.env }, portalSpkiSha256: portal.spkiSha256 });
      cleanup.add("Chromium", () => launched.close());
      if (launched.uiLanguage.split("-")[0] !== options.language) {
        step.detail({
          vi: `Chromium chạy bằng ${launched.uiLanguage}, không phải ${options.language}: thiếu gói chromium-l10n (sudo npm run system-deps)`,
          en: `Chromium runs in ${launched.uiLanguage}, not ${options.language}: the chromium-l10n package is missing (sudo npm run system-deps)`,
        });
      }
      await configureExtension(launched, { portalUrl: portal.portal.url, token, tsaUrl: pki.tsaUrl, organisation: ORGANISATION, rootCaPemFile: pki.pki.rootCa.certPemFile });
      return launched;
    });

    if (!options.headless) return await waitForPerson(context, { portal, browser, token });

    const signed = await signDocument(context, { pki, token, portal, browser }).catch(() => undefined);
    if (!signed) return 1;
    exitCode = signed.browserFailed ? 1 : 0;
    const verification = await optionalStep<Awaited<ReturnType<typeof writeVerificationReport>>>(context, { id: "verify", title: { vi: "Kiểm tra chữ ký số (kyso verify): báo cáo tiếng Việt, tiếng Anh, JSON, HTML", en: "Verify the signatures (kyso verify): Vietnamese and English report, JSON, HTML" } }, async (step) => {
      const written = await writeVerificationReport({ kyso: context.kyso, signedFile: signed.signedFile, rootCaPemFile: pki.pki.rootCa.certPemFile, outDir: options.outDir });
      const signers = written.signers.map((s) => `${s.name} (${s.level})`).join(", ");
      step.detail({ vi: `${written.indication}: ${signers}`, en: `${written.indication}: ${signers}` });
      return written;
    });
    if (verification && browser) {
      await optionalStep(context, { id: "report-screenshot", title: { vi: "Chụp màn hình báo cáo kiểm tra", en: "Screenshot of the verification report" } }, async () => {
        const page = await browser.context.newPage();
        await page.goto(`file://${verification.files.html}`);
        await page.screenshot({ path: join(screenshotsDir, "verification-report.png") });
        await page.close();
      });
    }
    await sendByMail(context, mail, signed.signedFile).catch(() => false);
    await optionalStep(context, { id: "demo-key", title: { vi: "npx kyso sign sample.pdf -o signed.pdf — khóa demo có sẵn", en: "npx kyso sign sample.pdf -o signed.pdf — the built-in demo key" } }, async (step) => {
      step.detail(await runDemoKeyShowcase({ kyso: context.kyso, sampleFile: join(options.outDir, "sample.pdf"), outFile: join(options.outDir, "signed-with-demo-key.pdf") }));
    });
    const seconds = (performance.now() - afterDependencies) / 1000;
    await writeFile(join(options.outDir, "summary.json"), JSON.stringify({ signingPath: signed.path, browserSigningFailed: signed.browserFailed, tokenKind: token.kind, secondsAfterDependencies: seconds, steps: out.records() }, null, 2));
    out.note({ vi: `\nXong sau ${seconds.toFixed(1)} s (tính từ sau bước gói hệ thống). Kết quả: ${options.outDir}`, en: `Done in ${seconds.toFixed(1)} s (after the system packages step). Results: ${options.outDir}` });
    return exitCode;
  } catch (error) {
    process.stderr.write(`\nkyso demo: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCode;
  } finally {
    await cleanup.closeAll();
  }
}

/** Headed: the person signs in the opened Chromium; the demo keeps everything running until Chromium closes or Ctrl-C. */
async function waitForPerson(context: DemoContext, services: { portal: RunningPortal; browser: DemoBrowser | undefined; token: DemoToken }): Promise<number> {
  const { browser, portal, token } = services;
  if (!browser) {
    context.console.note({ vi: "Không mở được Chromium; chạy lại với --headless để demo tự ký bằng dòng lệnh.", en: "Chromium could not be opened; run again with --headless to let the demo sign with the CLI." });
    return 0;
  }
  const page = await browser.context.newPage();
  await page.goto(`${portal.portal.url}/dang-nhap`);
  context.console.note({
    vi: `\nCổng thử nghiệm đã mở trong Chromium: đăng nhập vanthu / demo, mở "${DOCUMENT_ID}", bấm "Ký phê duyệt". Mã PIN token: ${token.pin}. Đóng Chromium hoặc Ctrl-C để dừng.`,
    en: `The demo portal is open in Chromium: log in as vanthu / demo, open "${DOCUMENT_ID}", click "Ký phê duyệt" (approve). Token PIN: ${token.pin}. Close Chromium or press Ctrl-C to stop.`,
  });
  await new Promise<void>((done) => browser.context.once("close", () => done()));
  return 0;
}
