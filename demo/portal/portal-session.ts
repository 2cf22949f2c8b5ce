import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const SESSION_COOKIE = "kyso_demo_session";

/** The portal's demo accounts: the leader who approves and the clerk who issues (GLOSSARY: văn thư). */
export const DEMO_ACCOUNTS: Readonly<Record<string, { password: string; name: string; role: string }>> = {
  lanhdao: { password: "demo", name: "Nguyễn Văn An", role: "Lãnh đạo" },
  vanthu: { password: "demo", name: "Đỗ Thu Trang", role: "Văn thư" },
};

export interface PortalSession {
  id: string;
  account: string;
  name: string;
  role: string;
  /**
   * The bearer token this session's pages hand to the legacy plugin as JWTToken: the old
   * signing service ran outside the browser, so portals gave it a token to upload with.
   */
  bearerToken: string;
}

/** How an upload proved who sent it; the demo records both so tests can see what the shim sent. */
export interface RequestIdentity {
  session?: PortalSession;
  byCookie: boolean;
  byBearer: boolean;
}

function cookieValue(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

/** Sessions in memory: a demo portal, restarted with the demo. */
export class SessionStore {
  readonly #sessions = new Map<string, PortalSession>();

  login(account: string, password: string): PortalSession | undefined {
    const known = DEMO_ACCOUNTS[account];
    if (!known || known.password !== password) return undefined;
    const session = { id: randomBytes(24).toString("hex"), account, name: known.name, role: known.role, bearerToken: randomBytes(24).toString("base64url") };
    this.#sessions.set(session.id, session);
    return session;
  }

  logout(request: IncomingMessage): void {
    const id = cookieValue(request, SESSION_COOKIE);
    if (id) this.#sessions.delete(id);
  }

  identify(request: IncomingMessage): RequestIdentity {
    const byCookieSession = this.#sessions.get(cookieValue(request, SESSION_COOKIE) ?? "");
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
    const byBearerSession = bearer ? [...this.#sessions.values()].find((session) => session.bearerToken === bearer) : undefined;
    const session = byCookieSession ?? byBearerSession;
    return { ...(session ? { session } : {}), byCookie: byCookieSession !== undefined, byBearer: byBearerSession !== undefined };
  }

  cookieHeader(session: PortalSession, secure: boolean): string {
    return `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
  }
}
