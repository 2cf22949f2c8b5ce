/**
 * How the extension keeps the user's own choices in storage.local (the options page writes
 * them; extension/background/policy-settings.ts reads them under storage.managed): the settings
 * the user changed, in the same shape as the policy, under one key, apart from other local state.
 */
export const LOCAL_SETTINGS_KEY = "options";

/** The user's handwritten-signature image (PNG, base64, no data: prefix); not a policy setting. */
export const LOCAL_SIGNER_IMAGE_KEY = "signerImagePng";

/** Largest signer image the options page accepts: a scanned signature is tens of kB. */
export const SIGNER_IMAGE_MAX_BYTES = 512 * 1024;

/** Settings the user may choose on the options page, when IT's policy does not set them. */
export const USER_SETTING_PATHS = ["portals", "ui.language", "signing.defaultProfile", "signing.level", "signing.tsaUrl"] as const;
