/**
 * The command line every peer signing script takes, so the bench runs them all the same way
 * as kyso: `node PEER.mjs IN.pdf OUT.pdf KEY.p12`, the PKCS#12 password in $KYSO_PIN
 * (never in argv, as for `kyso sign --pin-env`).
 */
export interface PeerSignArguments {
  inputPdf: string;
  outputPdf: string;
  p12File: string;
  p12Password: string;
}

export function readPeerSignArguments(argv: string[]): PeerSignArguments {
  const [inputPdf, outputPdf, p12File] = argv.slice(2);
  const p12Password = process.env.KYSO_PIN;
  if (inputPdf === undefined || outputPdf === undefined || p12File === undefined || p12Password === undefined) {
    process.stderr.write("usage: KYSO_PIN=… node PEER.mjs IN.pdf OUT.pdf KEY.p12\n");
    process.exit(64);
  }
  return { inputPdf, outputPdf, p12File, p12Password };
}
