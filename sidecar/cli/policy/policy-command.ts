import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { CliCommand } from "../cli-io.js";

const USAGE = "kyso policy templates --out DIR [--example FILE.json] [--chrome-update-url URL] [--edge-update-url URL] [--firefox-install-url URL]\n       kyso policy check FILE.json";

/** `kyso policy`: IT's policy templates for every browser and OS, and a checker for policy files. */
export const policyCommand: CliCommand = {
  name: "policy",
  summary: { vi: "tạo mẫu chính sách cho CNTT và kiểm tra tệp chính sách", en: "write IT's policy templates and check policy files" },
  usage: {
    vi:
      `Cách dùng: ${USAGE}\n` +
      "  templates: ghi vào DIR các mẫu .reg, ADMX/ADML (vi-VN, en-US), JSON cho Linux, .mobileconfig cho macOS, policies.json cho Firefox và policy.json cho kyso trên máy;\n" +
      "             giá trị lấy từ --example (tệp thiết lập, JSON Linux hoặc policies.json), còn lại là mặc định.\n" +
      "  check: kiểm tra một tệp chính sách (mọi dạng trên); mã thoát 1 khi có lỗi.\n",
    en:
      `Usage: ${USAGE}\n` +
      "  templates: writes into DIR the .reg, ADMX/ADML (vi-VN, en-US), Linux JSON, macOS .mobileconfig, Firefox policies.json and kyso's machine policy.json;\n" +
      "             values from --example (a settings file, Linux JSON or policies.json), defaults for the rest.\n" +
      "  check: checks one policy file (any of those forms); exit status 1 when something is wrong.\n",
  },
  async run(context) {
    const [action, ...args] = context.args;
    if (action === "templates") {
      const { runTemplates } = await import("./policy-templates-action.js");
      return runTemplates({ ...context, args });
    }
    if (action === "check") {
      const { runCheck } = await import("./policy-check-action.js");
      return runCheck({ ...context, args });
    }
    throw new KysoError("CLI_USAGE", USAGE);
  },
};
