import net from "node:net";

/** A message as the sink received it, with the decoded text of every MIME part. */
export interface Mail {
    from: string;
    to: string[];
    raw: string;
    text: string;
}

/**
 * A minimal SMTP server that accepts every message and keeps it in memory: enough for the service's
 * mailer (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no authentication).
 */
export class SmtpSink {
    readonly mails: Mail[] = [];
    private readonly waiters = new Set<() => void>();
    private readonly sockets = new Set<net.Socket>();

    private constructor(private readonly server: net.Server, readonly port: number) {}

    static async start(): Promise<SmtpSink> {
        let sink: SmtpSink | undefined;
        const server = net.createServer((socket) => sink!.converse(socket));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        sink = new SmtpSink(server, (server.address() as net.AddressInfo).port);
        return sink;
    }

    /** The first mail (already received or still to come) that `matches`. */
    async waitFor(matches: (mail: Mail) => boolean, timeoutMs = 30_000): Promise<Mail> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const found = this.mails.find(matches);
            if (found) {
                return found;
            }
            const left = deadline - Date.now();
            if (left <= 0) {
                throw new Error(`No matching mail within ${timeoutMs} ms; received: ${this.mails.map((m) => m.to.join(",")).join("; ") || "none"}`);
            }
            await new Promise<void>((resolve) => {
                const wake = () => {
                    clearTimeout(timer);
                    this.waiters.delete(wake);
                    resolve();
                };
                const timer = setTimeout(wake, left);
                this.waiters.add(wake);
            });
        }
    }

    async close(): Promise<void> {
        await new Promise<void>((resolve) => {
            this.server.close(() => resolve());
            for (const socket of this.sockets) {
                socket.destroy();
            }
        });
    }

    private converse(socket: net.Socket): void {
        let buffer = "";
        let envelope: { from: string; to: string[] } = { from: "", to: [] };
        let data: string[] | null = null;
        const reply = (line: string) => socket.write(`${line}\r\n`);
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.setEncoding("latin1");
        socket.on("error", () => socket.destroy());
        reply("220 sink ESMTP ready");
        socket.on("data", (chunk: string) => {
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf("\r\n")) >= 0) {
                const line = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                if (data) {
                    if (line === ".") {
                        this.receive({ ...envelope, raw: data.join("\r\n") });
                        data = null;
                        envelope = { from: "", to: [] };
                        reply("250 OK: queued");
                    } else {
                        data.push(line.startsWith("..") ? line.slice(1) : line);
                    }
                    continue;
                }
                const verb = line.slice(0, 4).toUpperCase();
                if (verb === "EHLO" || verb === "HELO") {
                    reply("250 sink");
                } else if (verb === "MAIL") {
                    envelope = { from: addressIn(line), to: [] };
                    reply("250 OK");
                } else if (verb === "RCPT") {
                    envelope.to.push(addressIn(line));
                    reply("250 OK");
                } else if (verb === "DATA") {
                    data = [];
                    reply("354 End data with <CR><LF>.<CR><LF>");
                } else if (verb === "RSET") {
                    envelope = { from: "", to: [] };
                    reply("250 OK");
                } else if (verb === "NOOP") {
                    reply("250 OK");
                } else if (verb === "QUIT") {
                    reply("221 Bye");
                    socket.end();
                } else {
                    reply("502 Command not implemented");
                }
            }
        });
    }

    private receive(message: { from: string; to: string[]; raw: string }): void {
        this.mails.push({ ...message, text: decodeMime(message.raw) });
        for (const wake of [...this.waiters]) {
            wake();
        }
    }
}

function addressIn(line: string): string {
    return /<([^>]*)>/.exec(line)?.[1] ?? line.slice(line.indexOf(":") + 1).trim();
}

/** The decoded bodies of a MIME message's leaf parts, joined. */
function decodeMime(raw: string): string {
    const split = raw.search(/\r\n\r\n/);
    const head = split < 0 ? raw : raw.slice(0, split);
    const body = split < 0 ? "" : raw.slice(split + 4);
    const headers = new Map<string, string>();
    for (const field of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
        const colon = field.indexOf(":");
        if (colon > 0) {
            headers.set(field.slice(0, colon).trim().toLowerCase(), field.slice(colon + 1).trim());
        }
    }
    const type = headers.get("content-type") ?? "text/plain";
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (/^multipart\//i.test(type) && boundary) {
        return body
            .split(`--${boundary}`)
            .slice(1)
            .filter((part) => !part.startsWith("--"))
            .map((part) => decodeMime(part.replace(/^\r\n/, "")))
            .join("\n");
    }
    const encoding = (headers.get("content-transfer-encoding") ?? "").toLowerCase();
    if (encoding === "base64") {
        return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    }
    if (encoding === "quoted-printable") {
        const bytes = body
            .replace(/=\r\n/g, "")
            .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
        return Buffer.from(bytes, "latin1").toString("utf8");
    }
    return Buffer.from(body, "latin1").toString("utf8");
}
