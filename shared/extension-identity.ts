/**
 * Identity of the kyso extension, named by native host manifests and browser policies.
 *
 * The Chromium ID is derived from the public key in manifest.json (`key`): SHA-256 of the
 * DER SubjectPublicKeyInfo, first 32 hex digits mapped 0-f → a-p. A test recomputes it from
 * the manifest, so a key rotation that forgets this constant fails the build.
 */
export const CHROMIUM_EXTENSION_ID = "eghffkcannflfgnddbcpeifpfpanlpjo";

/** Firefox identifies extensions by `browser_specific_settings.gecko.id`. */
export const FIREFOX_EXTENSION_ID = "kyso@kyso.vn";

/** Name of the native messaging host (reverse-DNS, lower case, as Chrome requires). */
export const NATIVE_HOST_NAME = "vn.kyso.sidecar";
