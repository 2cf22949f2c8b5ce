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
 *   KYSO_SHIM_REMOVED_FLAG    while this file exists the token is unplugged (see below)
 *
 * Unplugging: a real USB token pulled out of its port disappears from the module at once —
 * the reader stays (C_GetSlotList(FALSE) still lists the slot) but CKF_TOKEN_PRESENT goes,
 * C_GetSlotList(TRUE) no longer names it, token calls answer CKR_TOKEN_NOT_PRESENT and calls
 * on its sessions CKR_DEVICE_REMOVED, including a C_Sign that was running when it went
 * (PKCS#11 v2.40 §5.1 "CKR_DEVICE_REMOVED: the token was removed from its slot during the
 * execution of the function"). Moving SoftHSM's token directory away does not model that:
 * SoftHSM keeps the open token in memory, finishes signatures on open sessions and answers
 * CKR_GENERAL_ERROR only on some later calls. The flag file lets a test pull the token at the
 * instant it chooses (e.g. while a slow C_Sign sleeps); deleting the file plugs it back in.
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

static int unplugged(void) { const char *flag = env("KYSO_SHIM_REMOVED_FLAG"); return flag && access(flag, F_OK) == 0; }

static CK_RV shim_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
  if (tokenPresent && unplugged()) { if (count == NULL) return CKR_ARGUMENTS_BAD; *count = 0; return CKR_OK; }
  return real->C_GetSlotList(tokenPresent, list, count);
}

static CK_RV shim_GetSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info) {
  CK_RV rv = real->C_GetSlotInfo(slot, info);
  if (rv == CKR_OK && unplugged()) info->flags &= ~(CK_FLAGS)CKF_TOKEN_PRESENT;
  return rv;
}

static CK_RV shim_OpenSession(CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR app, CK_NOTIFY notify, CK_SESSION_HANDLE_PTR session) {
  if (unplugged()) return CKR_TOKEN_NOT_PRESENT;
  return real->C_OpenSession(slot, flags, app, notify, session);
}

static CK_RV shim_SignInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key) {
  if (unplugged()) return CKR_DEVICE_REMOVED;
  return real->C_SignInit(s, mechanism, key);
}

static CK_RV shim_FindObjectsInit(CK_SESSION_HANDLE s, CK_ATTRIBUTE_PTR template, CK_ULONG count) {
  if (unplugged()) return CKR_DEVICE_REMOVED;
  return real->C_FindObjectsInit(s, template, count);
}

static CK_RV shim_GetAttributeValue(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_PTR template, CK_ULONG count) {
  if (unplugged()) return CKR_DEVICE_REMOVED;
  return real->C_GetAttributeValue(s, object, template, count);
}

static CK_RV shim_Login(CK_SESSION_HANDLE s, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG len) {
  if (unplugged()) return CKR_DEVICE_REMOVED;
  const char *log = env("KYSO_SHIM_LOGIN_LOG");
  if (log) { FILE *f = fopen(log, "a"); if (f) { fputs("C_Login\n", f); fclose(f); } }
  const char *rv = env("KYSO_SHIM_LOGIN_RV");
  if (rv) return (CK_RV)strtoul(rv, NULL, 16);
  const char *pad = env("KYSO_SHIM_PINPAD_PIN");
  if (pad && (pin == NULL || len == 0)) return real->C_Login(s, user, (CK_UTF8CHAR_PTR)pad, strlen(pad));
  return real->C_Login(s, user, pin, len);
}

static CK_RV shim_GetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
  if (unplugged()) return CKR_TOKEN_NOT_PRESENT;
  CK_RV rv = real->C_GetTokenInfo(slot, info);
  const char *flags = env("KYSO_SHIM_TOKEN_FLAGS");
  if (rv == CKR_OK && flags) info->flags |= strtoul(flags, NULL, 16);
  return rv;
}

static CK_RV shim_Sign(CK_SESSION_HANDLE s, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig, CK_ULONG_PTR sigLen) {
  const char *delay = env("KYSO_SHIM_SIGN_DELAY_MS");
  if (delay && sig != NULL) usleep((useconds_t)strtoul(delay, NULL, 10) * 1000);
  // Checked after the delay: pulled out while the token was computing this signature.
  if (unplugged()) return CKR_DEVICE_REMOVED;
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
    shim.C_GetSlotList = shim_GetSlotList;
    shim.C_GetSlotInfo = shim_GetSlotInfo;
    shim.C_OpenSession = shim_OpenSession;
    shim.C_SignInit = shim_SignInit;
    shim.C_FindObjectsInit = shim_FindObjectsInit;
    shim.C_GetAttributeValue = shim_GetAttributeValue;
  }
  *out = &shim;
  return CKR_OK;
}
