import { describe, expect, it } from "vitest";
import type { PageSignRequest } from "../../../shared/protocol/page-api.js";
import type { LegacyCallContext } from "./legacy-call.js";
import { DEFAULT_LEGACY_ENDPOINTS, LEGACY_CONFIG_FRAME, legacyEndpointsFromFrame, legacySocketRoute } from "./legacy-endpoints.js";
import { installWebSocketShim, LegacySocket } from "./legacy-socket.js";
import { answerLegacySocket } from "./legacy-socket-answer.js";
import { installVgcaFunctions, VGCA_FUNCTION_NAMES } from "./vgca-functions.js";

const PAGE = "https://vpdt.example.gov.vn/van-ban/12";

describe("legacySocketRoute: which WebSocket URLs kyso answers", () => {
  it.each([
    ["wss://127.0.0.1:8987/SignApproved", "SignApproved"],
    ["wss://localhost:8987/SignIssued", "SignIssued"],
    ["wss://LOCALHOST:8987/Comment?x=1", "Comment"],
    ["ws://127.0.0.1:8987/SignCopy", "SignCopy"],
    ["https://127.0.0.1:8987/GetVersion", "GetVersion"],
    ["wss://127.0.0.1:8987/", ""],
  ])("answers %s as method %j", (url, method) => {
    expect(legacySocketRoute(url, DEFAULT_LEGACY_ENDPOINTS, PAGE)?.method).toBe(method);
  });

  it.each(["wss://127.0.0.1:8988/SignApproved", "wss://chat.example.gov.vn/socket", "wss://127.0.0.1/SignApproved", "not a url at all ::", "ftp://127.0.0.1:8987/SignApproved"])(
    "lets %s reach the real WebSocket",
    (url) => {
      expect(legacySocketRoute(url, DEFAULT_LEGACY_ENDPOINTS, "about:blank")).toBeUndefined();
    },
  );

  it("uses the endpoint list it is given (policy), not the defaults", () => {
    expect(legacySocketRoute("wss://127.0.0.1:9000/SignApproved", ["127.0.0.1:9000"], PAGE)?.method).toBe("SignApproved");
    expect(legacySocketRoute("wss://127.0.0.1:8987/SignApproved", ["127.0.0.1:9000"], PAGE)).toBeUndefined();
  });

  it("accepts a well-formed config frame and ignores anything else", () => {
    expect(legacyEndpointsFromFrame({ kyso: 1, type: LEGACY_CONFIG_FRAME, endpoints: ["127.0.0.1:9000", "[::1]:8987"] })).toEqual(["127.0.0.1:9000", "[::1]:8987"]);
    expect(legacyEndpointsFromFrame({ kyso: 1, type: LEGACY_CONFIG_FRAME, endpoints: ["evil.example/x:1"] })).toBeUndefined();
    expect(legacyEndpointsFromFrame({ kyso: 1, type: "kyso.request", endpoints: [] })).toBeUndefined();
    expect(legacyEndpointsFromFrame("kyso.legacyConfig")).toBeUndefined();
  });
});

/** The plugin's own pattern: onopen → send(JSON) → onmessage → close(). */
function pluginCall(WebSocketClass: typeof WebSocket, url: string, message: string): Promise<{ data: string; events: string[]; socket: WebSocket }> {
  return new Promise((resolve) => {
    const events: string[] = [];
    const socket = new WebSocketClass(url);
    socket.onopen = () => {
      events.push(`open:${socket.readyState}`);
      socket.send(message);
    };
    socket.addEventListener("message", () => events.push("listener:message"));
    socket.onmessage = (event: MessageEvent) => {
      events.push("onmessage");
      socket.close();
      socket.onclose = (close: CloseEvent) => {
        events.push(`close:${close.code}:${socket.readyState}`);
        resolve({ data: event.data as string, events, socket });
      };
    };
  });
}

/** Stands in for the browser's WebSocket (Node 20 has none): records what reached it. */
class NetworkWebSocket {
  static opened: string[] = [];
  constructor(readonly url: string) {
    NetworkWebSocket.opened.push(url);
  }
}

function shimmedWindow(answer: (method: string, message: string) => Promise<string>) {
  const target = { WebSocket: NetworkWebSocket as unknown as typeof WebSocket };
  installWebSocketShim(target, (url) => legacySocketRoute(url, DEFAULT_LEGACY_ENDPOINTS, PAGE), answer);
  return target;
}

describe("installWebSocketShim: the plugin's WebSocket answered inside the page", () => {
  it("opens, takes the one JSON string, answers one JSON string and closes like a real socket", async () => {
    const seen: Array<[string, string]> = [];
    const target = shimmedWindow((method, message) => {
      seen.push([method, message]);
      return Promise.resolve('{"Status":0}');
    });
    const { data, events, socket } = await pluginCall(target.WebSocket, "wss://127.0.0.1:8987/SignApproved", '{"FileName":"/a.pdf"}');
    expect(seen).toEqual([["SignApproved", '{"FileName":"/a.pdf"}']]);
    expect(data).toBe('{"Status":0}');
    expect(events).toEqual(["open:1", "onmessage", "listener:message", "close:1005:3"]);
    expect(socket).toBeInstanceOf(LegacySocket);
    expect(socket.url).toBe("wss://127.0.0.1:8987/SignApproved");
    expect([socket.CONNECTING, socket.OPEN, socket.CLOSING, socket.CLOSED]).toEqual([0, 1, 2, 3]);
  });

  it("hands every other URL to the real WebSocket, untouched", () => {
    NetworkWebSocket.opened = [];
    const target = shimmedWindow(() => Promise.reject(new Error("must not be asked")));
    const socket = new target.WebSocket("wss://chat.example.gov.vn/socket");
    expect(socket).toBeInstanceOf(NetworkWebSocket);
    expect(socket).toBeInstanceOf(target.WebSocket);
    expect(NetworkWebSocket.opened).toEqual(["wss://chat.example.gov.vn/socket"]);
  });

  it("refuses send() before open, as a real socket does", () => {
    const socket = new LegacySocket("wss://127.0.0.1:8987/SignApproved", "SignApproved", () => Promise.resolve(""));
    expect(() => socket.send("x")).toThrow(/CONNECTING/);
    socket.close();
  });

  it("drops the answer when the page closed the socket before it came", async () => {
    let release: (answer: string) => void = () => undefined;
    const socket = new LegacySocket("wss://127.0.0.1:8987/SignApproved", "SignApproved", () => new Promise((resolve) => (release = resolve)));
    const messages: unknown[] = [];
    socket.onmessage = (event) => messages.push(event);
    await new Promise<void>((resolve) => (socket.onopen = () => resolve()));
    socket.send("{}");
    socket.close(1000);
    await new Promise<void>((resolve) => (socket.onclose = () => resolve()));
    release('{"Status":0}');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(messages).toEqual([]);
  });
});

function recordingContext(): { context: LegacyCallContext; requests: PageSignRequest[] } {
  const requests: PageSignRequest[] = [];
  const context: LegacyCallContext = {
    baseUrl: () => PAGE,
    pickLocalPdf: () => Promise.resolve(undefined),
    pageApi: () => ({
      sign: (request) => {
        requests.push(request);
        return Promise.resolve({ results: request.documents.map(() => ({ name: "a.pdf", ok: true as const, upload: { status: 200, body: "{}" } })) });
      },
      verify: () => Promise.resolve({ indication: "TOTAL_PASSED", signatures: [{ signer: { name: "Nguyễn Văn An", organisation: "UBND" }, time: { bestSignatureTime: "2024-05-02T03:00:00Z" }, indication: "TOTAL_PASSED" }] }),
    }),
  };
  return { context, requests };
}

describe("answerLegacySocket: one answer per plugin method", () => {
  it.each([
    ["SignApproved", "approval"],
    ["SignIssued", "issuing"],
    ["SignCopy", "copy"],
    ["SignAppendix", "attachment"],
    ["SignIncome", "incoming"],
    ["Comment", "comment"],
    ["SignFile", "approval"],
    ["SignPDF", "approval"],
  ])("%s signs with the %s profile and answers Status 0", async (method, profile) => {
    const { context, requests } = recordingContext();
    const answer = JSON.parse(await answerLegacySocket(method, JSON.stringify({ FileUploadHandler: "/up", FileName: "/a.pdf" }), context)) as { Status: number };
    expect(answer.Status).toBe(0);
    expect(requests[0]?.profile).toBe(profile);
  });

  it("VerifyPDF answers Status 0 for a valid signature, with its signer", async () => {
    const { context } = recordingContext();
    const answer = JSON.parse(await answerLegacySocket("VerifyPDF", JSON.stringify({ FileName: "/a.pdf" }), context)) as Record<string, unknown>;
    expect(answer).toEqual({
      Status: 0,
      Message: "Chữ ký số hợp lệ.",
      Indication: "TOTAL_PASSED",
      Signatures: [{ Signer: "Nguyễn Văn An", Organisation: "UBND", SigningTime: "2024-05-02T03:00:00Z", Indication: "TOTAL_PASSED", SubIndication: "" }],
    });
  });

  it("answers a method kyso does not do with Status ≠ 0 naming it", async () => {
    const { context, requests } = recordingContext();
    const answer = JSON.parse(await answerLegacySocket("SignXML", "<x/>", context)) as Record<string, unknown>;
    expect(answer).toEqual({ Status: 1, Message: "kyso không hỗ trợ chức năng này của phần mềm ký số cũ: SignXML.", ErrorCode: "UNKNOWN_METHOD" });
    expect(requests).toHaveLength(0);
  });
});

describe("installVgcaFunctions: the plugin's global functions", () => {
  it("defines every vgca_* function as a plain, replaceable property", () => {
    const page: Record<string, unknown> = {};
    installVgcaFunctions(page, recordingContext().context);
    for (const name of VGCA_FUNCTION_NAMES) expect(typeof page[name]).toBe("function");
    page.vgca_sign_approved = "replaced by the CA's own script";
    expect(page.vgca_sign_approved).toBe("replaced by the CA's own script");
  });

  it("returns at once and calls the callback later with one JSON string", async () => {
    const page: Record<string, (prm: string, callback: (answer: string) => void) => void> = {};
    const { context, requests } = recordingContext();
    installVgcaFunctions(page, context);
    const answer = await new Promise<string>((resolve) => {
      page.vgca_sign_income!(JSON.stringify({ FileUploadHandler: "/up", FileName: "/den/3.pdf", MetaData: [{ Key: "abc", Value: "abc" }] }), resolve);
    });
    expect(typeof answer).toBe("string");
    expect((JSON.parse(answer) as { Status: number }).Status).toBe(0);
    expect(requests[0]?.profile).toBe("incoming");
  });
});
