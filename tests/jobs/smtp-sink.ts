import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type Received = { envelopeTo: string[]; mail: ParsedMail; raw: string };

// why: the SMTP sink stands in for the city's mail server (an external edge);
// it is a real SMTP server speaking the protocol, with AUTH, over TCP.
export class SmtpSink {
  received: Received[] = [];
  /** Addresses refused with a temporary error (451) — as a full mailbox or a busy relay does. */
  refuse = new Set<string>();
  private server: SMTPServer;
  port = 0;
  constructor() {
    this.server = new SMTPServer({
      disabledCommands: ["STARTTLS"], // plain SMTP on loopback; no certificate in a test
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth, _session, cb) => (auth.username === "phs" && auth.password === "mật-khẩu" ? cb(null, { user: auth.username }) : cb(new Error("Invalid login"))),
      onRcptTo: (address, _session, cb) => {
        if (this.refuse.has(address.address)) {
          const err = new Error("Hộp thư tạm thời không nhận") as Error & { responseCode: number };
          err.responseCode = 451;
          return cb(err);
        }
        cb();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", async () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          this.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail: await simpleParser(raw), raw });
          cb();
        });
      },
    });
  }
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }
  url() {
    return `smtp://phs:${encodeURIComponent("mật-khẩu")}@127.0.0.1:${this.port}`;
  }
  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  to(address: string) {
    return this.received.filter((r) => r.envelopeTo.includes(address));
  }
}
