import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server in the test process (the `smtp-server` package): the app sends through
 * SMTP_URL with nodemailer as in production, and tests read the messages that actually arrived.
 * Plain SMTP on 127.0.0.1 (no STARTTLS, no auth). Ports: this branch's range (3330-3339).
 */
export type SunkMail = { from: string; to: string[]; raw: string; subject: string; text: string };

export async function startSmtpSink(port = 3331, onMessage?: (m: SunkMail) => void) {
  const messages: SunkMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const [head = "", ...body] = raw.split(/\r?\n\r?\n/);
        const qp = /content-transfer-encoding:\s*quoted-printable/i.test(head);
        let text = body.join("\n\n");
        if (qp) text = text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
        const mail: SunkMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          raw,
          subject: /^subject:\s*(.*)$/im.exec(head)?.[1]?.trim() ?? "",
          text,
        };
        messages.push(mail);
        onMessage?.(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** Messages to one address, oldest first. */
    to: (address: string) => messages.filter((m) => m.to.includes(address.toLowerCase())),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
