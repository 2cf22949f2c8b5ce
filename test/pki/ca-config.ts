/**
 * openssl.cnf text for one certification authority of the test PKI. `openssl ca` keeps an
 * index.txt database, which is what `openssl ocsp -index` answers from and what
 * `openssl ca -gencrl` builds the CRL from: one source of truth for revocation status.
 */
export interface CaConfigOptions {
  caDir: string;
  certFile: string;
  keyFile: string;
  /** Where relying parties fetch this CA's certificate (AIA caIssuers of what it issues). */
  caIssuersUrl: string;
  /** Where relying parties fetch this CA's CRL (CRL distribution point of what it issues). */
  crlUrl: string;
  /** OCSP responder for what this CA issues; absent for the root (CRL only, as real roots do). */
  ocspUrl?: string;
}

export function renderCaConfig(options: CaConfigOptions): string {
  const aia = options.ocspUrl
    ? `authorityInfoAccess = OCSP;URI:${options.ocspUrl},caIssuers;URI:${options.caIssuersUrl}`
    : `authorityInfoAccess = caIssuers;URI:${options.caIssuersUrl}`;
  const revocationPointers = `crlDistributionPoints = URI:${options.crlUrl}\n${aia}`;
  return `
[ ca ]
default_ca = this_ca

[ this_ca ]
dir = ${options.caDir}
database = $dir/index.txt
new_certs_dir = $dir/issued
serial = $dir/serial
crlnumber = $dir/crlnumber
certificate = ${options.certFile}
private_key = ${options.keyFile}
default_md = sha256
default_days = 825
default_crl_days = 30
# Vietnamese names are UTF-8; keep them UTF8String, never T61String.
string_mask = utf8only
utf8 = yes
preserve = yes
unique_subject = no
copy_extensions = none
policy = any_subject

[ any_subject ]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = supplied
emailAddress = optional
serialNumber = optional
title = optional

[ req ]
distinguished_name = req_dn
string_mask = utf8only
utf8 = yes
prompt = no
[ req_dn ]
CN = placeholder

[ ext_issuing_ca ]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
${revocationPointers}

[ ext_document_signer ]
basicConstraints = critical,CA:false
# Decree 130/2018 signing certificates carry nonRepudiation; digitalSignature for CMS.
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = emailProtection,1.3.6.1.4.1.311.10.3.12
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = 1.3.6.1.4.1.99999.1.1
# S/MIME needs the address in the certificate (RFC 8550 3.1).
subjectAltName = email:copy
${revocationPointers}

[ ext_without_signing_usage ]
basicConstraints = critical,CA:false
keyUsage = critical,keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
${revocationPointers}

[ ext_ocsp_responder ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,OCSPSigning
# RFC 6960 4.2.2.2.1: the responder's own certificate is not checked for revocation.
noCheck = ignored
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ ext_timestamping ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature,nonRepudiation
# RFC 3161 2.3: the TSA certificate has exactly one EKU, id-kp-timeStamping, critical.
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
${revocationPointers}

[ ext_tls_server ]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[ crl_ext ]
authorityKeyIdentifier = keyid:always
`;
}
