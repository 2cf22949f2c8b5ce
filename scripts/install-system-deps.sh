#!/usr/bin/env bash
# Installs the Debian packages kyso's tests and demo need, idempotently and without
# prompts. Safe to run again: it only calls apt when a package is missing.
# Usage: bash scripts/install-system-deps.sh [--check]   (--check: list what is missing, exit 1 if any)
set -euo pipefail

PACKAGES=(
  softhsm2 opensc            # PKCS#11 token for tests (SoftHSM2) and pkcs11-tool
  poppler-utils qpdf         # pdfsig / pdftoppm and qpdf: independent PDF checkers
  libnss3-tools              # certutil: trust store for pdfsig
  openssl                    # test PKI, OCSP responder, TSA
  chromium                   # the browser the e2e tests drive
  chromium-l10n              # its Vietnamese UI: chrome.i18n follows it, so the demo shows kyso in Vietnamese
  dovecot-imapd dovecot-lmtpd postfix   # IMAP + SMTP submission on loopback
  ghostscript                # a second PDF producer for the test corpus
  time                       # GNU time: wall time and peak RSS in the benchmarks
  libxml2-utils              # xmllint: the policy templates (ADMX/ADML) are checked as XML
)

missing=()
for p in "${PACKAGES[@]}"; do
  [[ "$p" == \#* ]] && continue
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ "${1:-}" == "--check" ]]; then
  if ((${#missing[@]})); then echo "missing: ${missing[*]}"; exit 1; fi
  echo "all system packages present"; exit 0
fi

if ((${#missing[@]} == 0)); then
  echo "kyso: system packages already installed"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  SUDO=sudo
else
  SUDO=
fi

echo "kyso: installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Postfix asks how to configure itself; our tests run private instances, so: none.
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
$SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
echo "kyso: system packages installed"
