/** Object identifiers of the CMS, ESS and RFC 3161 structures kyso builds and reads. */

/** RFC 5652 §4: id-data. */
export const ID_DATA = "1.2.840.113549.1.7.1";
/** RFC 5652 §5.1: id-signedData. */
export const ID_SIGNED_DATA = "1.2.840.113549.1.7.2";
/** RFC 5652 §11.1: id-contentType. */
export const ID_CONTENT_TYPE = "1.2.840.113549.1.9.3";
/** RFC 5652 §11.2: id-messageDigest. */
export const ID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4";
/** RFC 5652 §11.3: id-signingTime. */
export const ID_SIGNING_TIME = "1.2.840.113549.1.9.5";
/** RFC 5035 §3: id-aa-signingCertificateV2. */
export const ID_AA_SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47";
/** RFC 3161 App. A: id-aa-signatureTimeStampToken. */
export const ID_AA_SIGNATURE_TIME_STAMP_TOKEN = "1.2.840.113549.1.9.16.2.14";
/** RFC 3161 §2.4.2: id-ct-TSTInfo, the eContentType of a TimeStampToken. */
export const ID_CT_TST_INFO = "1.2.840.113549.1.9.16.1.4";
