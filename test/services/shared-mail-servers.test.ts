import { describe, expect, it } from "vitest";
import { testServices } from "../setup/test-services.js";
import { submissionTransport, withImap } from "./mail/mail-clients.js";

const { mail } = testServices();

describe("the run's shared mail servers (started by the global set-up)", () => {
  it("deliver a message submitted by the first test user to the second one's INBOX", async () => {
    const [sender, recipient] = mail.users;
    if (!sender || !recipient) throw new Error("the global set-up provides two mail users");
    const messageId = `<shared-${Date.now()}@ubnd.test>`;
    const transport = submissionTransport(mail, sender);
    try {
      await transport.sendMail({ from: sender.address, to: recipient.address, subject: "Giấy mời họp", text: "Kính gửi anh Bình.", messageId });
    } finally {
      transport.close();
    }
    const found = await withImap(mail, recipient, async (client) => {
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const lock = await client.getMailboxLock("INBOX");
        try {
          const uids = await client.search({ header: { "message-id": messageId } }, { uid: true });
          if (uids && uids.length > 0) return true;
        } finally {
          lock.release();
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return false;
    });
    expect(found).toBe(true);
  });
});
