import type { SignProfile } from "../../../shared/protocol/page-api.js";

/**
 * What each call of the legacy CA signing plugin means in kyso. The plugin (the government
 * CA's "vgcaplugin.js") exposes `vgca_*` functions that each open one WebSocket to the local
 * signing service at `wss://127.0.0.1:8987/<Method>`; the method names below are the ones
 * that script opens (SignApproved, SignIssued, …). Each signing call maps to the Decree 30
 * profile that draws what the old service drew (../shared/design/DECREE30.md).
 */

/** The one-document `vgca_*` functions portals call with `(jsonString, callback)`. */
export const LEGACY_FUNCTION_PROFILES = {
  vgca_sign_approved: "approval",
  vgca_sign_issued: "issuing",
  vgca_sign_copy: "copy",
  vgca_sign_appendix: "attachment",
  vgca_sign_income: "incoming",
  vgca_comment: "comment",
} as const satisfies Record<string, SignProfile>;

export type LegacyFunctionName = keyof typeof LEGACY_FUNCTION_PROFILES;

/** The batch function: `Files: [{FileID, FileName, URL}]`, one upload per file. Signed as approvals. */
export const LEGACY_BATCH_FUNCTION = "vgca_sign_files";
export const LEGACY_BATCH_PROFILE: SignProfile = "approval";

/** What kyso does when a page's plugin script sends its JSON string to one WebSocket method. */
export type SocketAction =
  | { kind: "sign"; profile: SignProfile }
  | { kind: "verify" }
  | { kind: "version" }
  | { kind: "config" };

/**
 * The WebSocket methods kyso answers. SignFile, SignPDF and SignPDFWP are the plugin's generic
 * "sign this PDF" calls: an approval signature. A signing method whose JSON carries `Files` is
 * a batch (vgca_sign_files), whatever the method name. Methods not listed (SignXML, SignOffice,
 * SignMsg, …: formats kyso does not sign) get a Status ≠ 0 answer saying so.
 */
export const SOCKET_METHODS: Readonly<Record<string, SocketAction>> = {
  SignApproved: { kind: "sign", profile: "approval" },
  SignIssued: { kind: "sign", profile: "issuing" },
  SignCopy: { kind: "sign", profile: "copy" },
  SignAppendix: { kind: "sign", profile: "attachment" },
  SignIncome: { kind: "sign", profile: "incoming" },
  Comment: { kind: "sign", profile: "comment" },
  SignFile: { kind: "sign", profile: "approval" },
  SignFiles: { kind: "sign", profile: LEGACY_BATCH_PROFILE },
  SignPDF: { kind: "sign", profile: "approval" },
  SignPDFWP: { kind: "sign", profile: "approval" },
  VerifyPDF: { kind: "verify" },
  GetVersion: { kind: "version" },
  Config: { kind: "config" },
};

export function socketActionOf(method: string): SocketAction | undefined {
  return Object.hasOwn(SOCKET_METHODS, method) ? SOCKET_METHODS[method] : undefined;
}
