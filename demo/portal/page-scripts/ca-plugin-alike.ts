// The demo's stand-in for the government CA's browser plugin script (written for kyso, not
// copied): the same global vgca_* functions, each opening a WebSocket to the local signing
// service at wss://127.0.0.1:8987/<Method>, sending the JSON string when the socket opens,
// handing the one answer to the callback and closing. With kyso's legacy support those
// sockets are answered inside the page; without it they fail as on a machine without the old
// service (this script then calls back with Status ≠ 0, where the original stays silent).
const SERVICE = "wss://127.0.0.1:8987/";
const METHODS: Record<string, string> = {
  vgca_sign_approved: "SignApproved",
  vgca_sign_issued: "SignIssued",
  vgca_sign_copy: "SignCopy",
  vgca_sign_appendix: "SignAppendix",
  vgca_sign_income: "SignIncome",
  vgca_comment: "Comment",
  vgca_sign_files: "SignFiles",
  vgca_sign_file: "SignFile",
  vgca_sign_pdf: "SignPDF",
  vgca_verify_pdf: "VerifyPDF",
};

function openService(method: string, message: string, onAnswer?: (answer: string) => void): void {
  let answered = false;
  const socket = new WebSocket(SERVICE + method);
  socket.onopen = () => socket.send(message);
  socket.onmessage = (event: MessageEvent) => {
    answered = true;
    onAnswer?.(String(event.data));
    socket.close();
  };
  socket.onerror = () => {
    if (!answered) onAnswer?.(JSON.stringify({ Status: 1, Message: `Không kết nối được phần mềm ký số trên máy (${SERVICE}${method}).` }));
  };
}

const globals = window as unknown as Record<string, unknown>;
for (const [name, method] of Object.entries(METHODS)) {
  globals[name] = (prms: string, callback?: (answer: string) => void) => openService(method, prms, callback);
}
globals.vgca_show_config = () => openService("Config", "config");
