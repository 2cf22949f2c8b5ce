import * as z from "zod/mini";
import { KysoError } from "../../../shared/protocol/kyso-error.js";

/**
 * The parts of CSC API v2 (v2.0.0.2) answers kyso reads, checked before use: a service is a
 * network peer, its JSON is untrusted input. Unknown fields are ignored, as the
 * specification's extensibility expects.
 */

const text = (max: number) => z.string().check(z.maxLength(max));
const base64Text = z.string().check(z.maxLength(64 * 1024), z.regex(/^[A-Za-z0-9+/=\s]*$/));

/** info (CSC API v2, info): what the service is and which methods and authorisations it offers. */
export const infoSchema = z.object({
  specs: text(32),
  name: z.optional(text(255)),
  authType: z.array(text(32)).check(z.maxLength(16)),
  oauth2: z.optional(text(2048)),
  asynchronousOperationMode: z.optional(z.boolean()),
  methods: z.array(text(64)).check(z.maxLength(64)),
});

/** oauth2/token (RFC 6749 §5.1) and auth/login answers. */
export const accessTokenSchema = z.object({
  access_token: text(8192),
  token_type: z.optional(text(32)),
  expires_in: z.optional(z.number()),
});

export const authObjectSchema = z.object({
  type: text(64),
  id: text(128),
  format: z.optional(text(8)),
  label: z.optional(text(256)),
  generator: z.optional(text(64)),
});

/** CredentialInfo (credentials/info, credentials/list with credentialInfo=true). */
export const credentialInfoSchema = z.object({
  credentialID: z.optional(text(1024)),
  description: z.optional(text(512)),
  key: z.object({
    status: z.optional(text(16)),
    algo: z.array(text(64)).check(z.maxLength(32)),
    len: z.optional(z.number()),
    curve: z.optional(text(64)),
  }),
  cert: z.object({
    status: z.optional(text(16)),
    certificates: z.optional(z.array(base64Text).check(z.maxLength(16))),
  }),
  auth: z.optional(z.object({
    mode: text(32),
    expression: z.optional(text(512)),
    objects: z.optional(z.array(authObjectSchema).check(z.maxLength(16))),
  })),
  /** CSC API v1 named the mode here; still answered by services that speak both. */
  authMode: z.optional(text(32)),
  SCAL: z.optional(z.enum(["1", "2"])),
  multisign: z.optional(z.number().check(z.int(), z.positive())),
});

export const credentialsListSchema = z.object({
  credentialIDs: z.array(text(1024)).check(z.maxLength(1000)),
  credentialInfos: z.optional(z.array(credentialInfoSchema).check(z.maxLength(1000))),
});

/** credentials/authorize, credentials/authorizeCheck, credentials/extendTransaction: a SAD now, or a handle to poll (HTTP 202). */
export const sadSchema = z.object({ SAD: text(16 * 1024), expiresIn: z.optional(z.number()) });
export const handleSchema = z.object({ handle: text(1024) });

/** signatures/signHash (sync: signatures; operationMode "A": responseID) and signatures/signPolling. */
export const signaturesSchema = z.object({ signatures: z.array(base64Text).check(z.maxLength(1000)) });
export const responseIdSchema = z.object({ responseID: text(1024) });

export type CscInfo = z.infer<typeof infoSchema>;
export type CscCredentialInfo = z.infer<typeof credentialInfoSchema>;
export type CscAuthObject = z.infer<typeof authObjectSchema>;

/** The answer as the schema says, or REMOTE_SIGNING_FAILED naming the method. */
export function readAnswer<T>(schema: z.ZodMiniType<T>, body: unknown, method: string): T {
  const checked = schema.safeParse(body);
  if (!checked.success) {
    throw new KysoError("REMOTE_SIGNING_FAILED", `CSC ${method}: unexpected answer (${checked.error.issues.map((i) => i.path.join(".") || i.message).join(", ")})`);
  }
  return checked.data;
}
