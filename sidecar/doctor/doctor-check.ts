import type { Language } from "../../shared/protocol/error-messages.js";

export type CheckStatus = "ok" | "warn" | "fail";
export type Text = Record<Language, string>;

/** One finding of `kyso doctor`: what was checked, in plain words, and how to fix it. */
export interface CheckResult {
  id: string;
  status: CheckStatus;
  message: Text;
  fix?: Text;
  data?: Record<string, unknown>;
}

export const ok = (id: string, message: Text, data?: Record<string, unknown>): CheckResult => ({ id, status: "ok", message, ...(data ? { data } : {}) });
export const problem = (options: { id: string; status: "warn" | "fail"; message: Text; fix: Text; data?: Record<string, unknown> }): CheckResult => options;
