import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls, type TLSSocket } from "node:tls";
import type { KysoSettings } from "../../shared/policy/settings.js";
import { ok, problem, type CheckResult } from "./doctor-check.js";

type MailServer = KysoSettings["mail"]["smtp"];
type Protocol = "smtp" | "imap";

const PROBE_TIMEOUT_MS = 8_000;

/** What the probe found wrong, in terms a person can act on. */
class ProbeFailure extends Error {
  constructor(
    readonly kind: "unreachable" | "untrusted" | "no-starttls" | "timeout",
    detail: string,
  ) {
    super(detail);
  }
}

/** Reads until `done` says the server's answer is complete (a greeting, a tagged reply). */
function readUntil(socket: Socket, done: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (!done(text)) return;
      socket.off("data", onData).off("error", onError);
      resolve(text);
    };
    const onError = (error: Error) => {
      socket.off("data", onData);
      reject(error);
    };
    socket.on("data", onData).once("error", onError);
  });
}

/**
 * STARTTLS as RFC 3207 (SMTP: greeting, EHLO, STARTTLS → 220) and RFC 9051 §6.2.1 (IMAP:
 * greeting, tagged STARTTLS → OK), written here because the mail libraries only do it with a
 * login, and doctor has no password to give.
 */
async function startTls(socket: Socket, protocol: Protocol): Promise<void> {
  if (protocol === "smtp") {
    await readUntil(socket, (text) => /^220 /m.test(text));
    socket.write("EHLO kyso-doctor\r\n");
    const ehlo = await readUntil(socket, (text) => /^\d{3} /m.test(text));
    if (!/STARTTLS/i.test(ehlo)) throw new ProbeFailure("no-starttls", "the server does not offer STARTTLS");
    socket.write("STARTTLS\r\n");
    const answer = await readUntil(socket, (text) => /^\d{3} /m.test(text));
    if (!answer.startsWith("220")) throw new ProbeFailure("no-starttls", answer.trim());
  } else {
    await readUntil(socket, (text) => text.includes("\r\n"));
    socket.write("k1 STARTTLS\r\n");
    const answer = await readUntil(socket, (text) => /^k1 /m.test(text));
    if (!/^k1 OK/m.test(answer)) throw new ProbeFailure("no-starttls", answer.trim());
  }
}

/** Connects as kyso would (TLS required, the agency's CA when policy gives one) and closes: no login. */
async function probe(server: MailServer, protocol: Protocol, caPem: string): Promise<string> {
  const tlsOptions = { servername: server.host, ...(caPem ? { ca: caPem } : {}) };
  let plain: Socket | undefined;
  let secure: TLSSocket | undefined;
  const timer = setTimeout(() => (secure ?? plain)?.destroy(new ProbeFailure("timeout", `no answer in ${PROBE_TIMEOUT_MS / 1000} s`)), PROBE_TIMEOUT_MS);
  try {
    if (server.tls === "starttls") {
      plain = connectTcp({ host: server.host, port: server.port });
      await new Promise<void>((resolve, reject) => plain!.once("connect", resolve).once("error", (error) => reject(new ProbeFailure("unreachable", error.message))));
      await startTls(plain, protocol);
      secure = connectTls({ socket: plain, ...tlsOptions });
    } else {
      secure = connectTls({ host: server.host, port: server.port, ...tlsOptions });
    }
    await new Promise<void>((resolve, reject) =>
      secure!.once("secureConnect", resolve).once("error", (error: NodeJS.ErrnoException) => {
        reject(error instanceof ProbeFailure ? error : new ProbeFailure(/CERT|SELF_SIGNED|UNABLE_TO|certificate/i.test(`${error.code ?? ""} ${error.message}`) ? "untrusted" : "unreachable", error.message));
      }),
    );
    return secure.getProtocol() ?? "TLS";
  } finally {
    clearTimeout(timer);
    secure?.destroy();
    plain?.destroy();
  }
}

async function checkServer(server: MailServer, protocol: Protocol, caPem: string): Promise<CheckResult> {
  const id = `mail-${protocol}`;
  const name = `${protocol.toUpperCase()} ${server.host}:${server.port}`;
  try {
    const tlsVersion = await probe(server, protocol, caPem);
    return ok(id, { vi: `${name} trả lời, kết nối mã hóa đáng tin (${tlsVersion})`, en: `${name} answers over trusted TLS (${tlsVersion})` }, { host: server.host, port: server.port });
  } catch (error) {
    const failure = error instanceof ProbeFailure ? error : new ProbeFailure("unreachable", error instanceof Error ? error.message : String(error));
    const data = { host: server.host, port: server.port, detail: failure.message };
    if (failure.kind === "untrusted") {
      return problem({ id, status: "fail", message: { vi: `Chứng thư TLS của ${name} không được tin cậy`, en: `${name}'s TLS certificate is not trusted` }, fix: { vi: "Đặt chứng thư CA của máy chủ thư vào chính sách (mail.caPem)", en: "Put the mail servers' CA certificate in the policy (mail.caPem)" }, data });
    }
    if (failure.kind === "no-starttls") {
      return problem({ id, status: "fail", message: { vi: `${name} không hỗ trợ STARTTLS; kyso không gửi mật khẩu qua kết nối không mã hóa`, en: `${name} does not offer STARTTLS; kyso never sends a password unencrypted` }, fix: { vi: "Dùng cổng TLS (mail.*.tls = implicit) hoặc bật STARTTLS trên máy chủ", en: "Use the TLS port (mail.*.tls = implicit) or enable STARTTLS on the server" }, data });
    }
    return problem({ id, status: "fail", message: { vi: `Không kết nối được ${name}`, en: `${name} cannot be reached` }, fix: { vi: "Kiểm tra địa chỉ, cổng và tường lửa (mail.smtp / mail.imap trong chính sách)", en: "Check the host, port and firewall (mail.smtp / mail.imap in the policy)" }, data });
  }
}

/** `kyso doctor`: the agency's mail servers answer and their TLS is trusted; nothing when mail is not set up. */
export async function checkMailServers(mail: KysoSettings["mail"]): Promise<CheckResult[]> {
  const servers: Array<[MailServer, Protocol]> = [];
  if (mail.smtp.host) servers.push([mail.smtp, "smtp"]);
  if (mail.imap.host) servers.push([mail.imap, "imap"]);
  return Promise.all(servers.map(([server, protocol]) => checkServer(server, protocol, mail.caPem)));
}
