/*
 * Test-only PKCS#11 module that forwards every call to a real module (SoftHSM2) and, when
 * told through environment variables (read on every call), behaves like hardware SoftHSM
 * cannot imitate:
 *   KYSO_SHIM_TARGET          real module to forward to (required)
 *   KYSO_SHIM_SIGN_DELAY_MS   C_Sign sleeps this long first (a slow or hung token)
 *   KYSO_SHIM_LOGIN_LOG       C_Login appends one line per call to this file
 *   KYSO_SHIM_TOKEN_FLAGS     hex flags OR-ed into C_GetTokenInfo (PIN pad, final try, locked)
 *   KYSO_SHIM_PINPAD_PIN      C_Login with an empty PIN logs in with this PIN ("typed on the pad")
 *   KYSO_SHIM_LOGIN_RV        hex CK_RV that C_Login returns instead of forwarding
 *   KYSO_SHIM_RAW_ONLY        C_GetMechanismList hides the hash-and-sign mechanisms
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <p11-kit/pkcs11.h>

static CK_FUNCTION_LIST shim;
static CK_FUNCTION_LIST_PTR real;

static const char *env(const char *name) { const char *v = getenv(name); return v && *v ? v : NULL; }

static CK_RV shim_Login(CK_SESSION_HANDLE s, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG len) {
  const char *log = env("KYSO_SHIM_LOGIN_LOG");
  if (log) { FILE *f = fopen(log, "a"); if (f) { fputs("C_Login\n", f); fclose(f); } }
  const char *rv = env("KYSO_SHIM_LOGIN_RV");
  if (rv) return (CK_RV)strtoul(rv, NULL, 16);
  const char *pad = env("KYSO_SHIM_PINPAD_PIN");
  if (pad && (pin == NULL || len == 0)) return real->C_Login(s, user, (CK_UTF8CHAR_PTR)pad, strlen(pad));
  return real->C_Login(s, user, pin, len);
}

static CK_RV shim_GetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
  CK_RV rv = real->C_GetTokenInfo(slot, info);
  const char *flags = env("KYSO_SHIM_TOKEN_FLAGS");
  if (rv == CKR_OK && flags) info->flags |= strtoul(flags, NULL, 16);
  return rv;
}

static CK_RV shim_Sign(CK_SESSION_HANDLE s, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig, CK_ULONG_PTR sigLen) {
  const char *delay = env("KYSO_SHIM_SIGN_DELAY_MS");
  if (delay && sig != NULL) usleep((useconds_t)strtoul(delay, NULL, 10) * 1000);
  return real->C_Sign(s, data, len, sig, sigLen);
}

static int hashAndSign(CK_MECHANISM_TYPE m) {
  switch (m) {
    case CKM_SHA256_RSA_PKCS: case CKM_SHA384_RSA_PKCS: case CKM_SHA512_RSA_PKCS:
    case CKM_SHA256_RSA_PKCS_PSS: case CKM_SHA384_RSA_PKCS_PSS: case CKM_SHA512_RSA_PKCS_PSS:
    case CKM_ECDSA_SHA256: case CKM_ECDSA_SHA384: case CKM_ECDSA_SHA512: return 1;
    default: return 0;
  }
}

static CK_RV shim_GetMechanismList(CK_SLOT_ID slot, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count) {
  CK_RV rv = real->C_GetMechanismList(slot, list, count);
  if (rv != CKR_OK || list == NULL || !env("KYSO_SHIM_RAW_ONLY")) return rv;
  CK_ULONG kept = 0;
  for (CK_ULONG i = 0; i < *count; i++) if (!hashAndSign(list[i])) list[kept++] = list[i];
  *count = kept;
  return rv;
}

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR out) {
  if (!real) {
    const char *target = env("KYSO_SHIM_TARGET");
    void *handle = target ? dlopen(target, RTLD_NOW | RTLD_LOCAL) : NULL;
    CK_C_GetFunctionList get = handle ? (CK_C_GetFunctionList)dlsym(handle, "C_GetFunctionList") : NULL;
    if (!get || get(&real) != CKR_OK) return CKR_GENERAL_ERROR;
    shim = *real;
    shim.C_Login = shim_Login;
    shim.C_GetTokenInfo = shim_GetTokenInfo;
    shim.C_Sign = shim_Sign;
    shim.C_GetMechanismList = shim_GetMechanismList;
  }
  *out = &shim;
  return CKR_OK;
}
