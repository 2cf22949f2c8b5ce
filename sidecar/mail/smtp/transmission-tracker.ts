import { Readable } from "node:stream";

/**
 * How far the message bytes got, which decides whether a failed submission may be sent
 * again. nodemailer pipes the message only after the server's 354 to DATA (RFC 5321
 * §4.1.1.4), and the server takes the message only after the final ".": a message whose
 * bytes were not all handed over cannot have been accepted; one that was handed over
 * completely and got no reply may have been (RFC 1047 describes exactly this window).
 */
export interface TransmissionProgress {
  /** The transport started reading the message (the server had answered 354). */
  started: boolean;
  /** Every byte was read by the transport; only the final "." and the reply remained. */
  handedOver: boolean;
}

/**
 * The last stage of the message stream. It reads from its input only when the SMTP
 * connection reads from it, so its first read marks the DATA phase — the stages before
 * it buffer eagerly and cannot tell.
 */
export function trackedMessageStream(input: Readable, progress: TransmissionProgress): Readable {
  let waiting = false;
  const output = new Readable({
    read() {
      progress.started = true;
      pump();
    },
    destroy(error, callback) {
      input.destroy(error ?? undefined);
      callback(error);
    },
  });
  function pump(): void {
    let chunk: unknown;
    while ((chunk = input.read()) !== null) {
      if (!output.push(chunk)) return;
    }
    if (!waiting) {
      waiting = true;
      input.once("readable", () => {
        waiting = false;
        pump();
      });
    }
  }
  input.once("end", () => output.push(null));
  input.once("error", (error) => output.destroy(error));
  output.once("end", () => {
    progress.handedOver = true;
  });
  return output;
}
