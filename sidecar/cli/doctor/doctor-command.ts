import { resolve } from "node:path";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { CliCommand } from "../cli-io.js";
import { parseCliOptions } from "../cli-options.js";

const USAGE = "kyso doctor [--json] [--user-data-dir DIR] [--tsa URL]… [--ocsp URL]… [--module PKCS11.so]…";
const MARK = { ok: "✔", warn: "!", fail: "✘" } as const;

/** `kyso doctor`: what works and what is missing, each problem with how to fix it; exit 1 on a failure. */
export const doctorCommand: CliCommand = {
  name: "doctor",
  summary: { vi: "kiểm tra cài đặt kyso và chỉ cách khắc phục", en: "check kyso's set-up and explain how to fix it" },
  usage: {
    vi: `Cách dùng: ${USAGE}\n  Kiểm tra: đăng ký với trình duyệt, chương trình kyso chạy được, Node.js, thiết bị ký số và chứng thư số (sắp hết hạn trong 30 ngày), máy chủ dấu thời gian/OCSP.\n  Mã thoát 1 khi có lỗi (✘).\n`,
    en: `Usage: ${USAGE}\n  Checks: browser registration, the kyso launcher runs, Node.js, signing tokens and certificates (expiring within 30 days), timestamp/OCSP servers.\n  Exit status 1 when something fails (✘).\n`,
  },
  async run(context) {
    const { values } = parseCliOptions(
      context.args,
      { json: { type: "boolean" }, "user-data-dir": { type: "string" }, tsa: { type: "string", multiple: true }, ocsp: { type: "string", multiple: true }, module: { type: "string", multiple: true } },
      { usage: USAGE, allowPositionals: false },
    );
    const platform = process.platform;
    if (platform !== "linux" && platform !== "darwin" && platform !== "win32") throw new KysoError("CLI_USAGE", `kyso doctor: ${platform} is not supported`);
    const { runDoctor } = await import("../../doctor/run-doctor.js");
    const userDataDir = values["user-data-dir"];
    const report = await runDoctor({ platform, ...(userDataDir === undefined ? {} : { userDataDir: resolve(userDataDir) }), tsaUrls: values.tsa ?? [], ocspUrls: values.ocsp ?? [], modulePaths: values.module ?? [] });
    if (values.json) {
      context.stdout(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      const language = context.language;
      for (const check of report.checks) {
        context.stdout(`${MARK[check.status]} ${check.message[language]}\n`);
        if (check.fix) context.stdout(`    → ${language === "vi" ? "Cách khắc phục" : "Fix"}: ${check.fix[language]}\n`);
      }
      context.stdout(report.ok ? (language === "vi" ? "\nkyso sẵn sàng.\n" : "\nkyso is ready.\n") : language === "vi" ? "\nCó vấn đề cần khắc phục (xem ✘ ở trên).\n" : "\nSomething needs fixing (see ✘ above).\n");
    }
    return report.ok ? 0 : 1;
  },
};
