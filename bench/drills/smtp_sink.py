#!/usr/bin/env python3
"""A counting SMTP receiver for the fault drills: loopback only, no TLS, no auth.

Every accepted message appends one line to the output file:
    <epoch milliseconds> TAB <Message-ID header> TAB <first recipient>
The file is flushed per message, so a drill can count deliveries while mail is flowing.

With BODY_DIR, every message is also kept whole as BODY_DIR/<n>.eml (for drills that follow the
links in the mails).

Usage: smtp_sink.py PORT OUTFILE [MAX_SECONDS [BODY_DIR]]   (stops by itself after MAX_SECONDS, default 900)
"""
import asyncio
import itertools
import os
import sys
import time


COUNTER = itertools.count(1)


async def session(reader, writer, out, body_dir):
    def reply(line):
        writer.write((line + "\r\n").encode())

    reply("220 drill-sink ESMTP")
    rcpt = []
    try:
        while True:
            raw = await reader.readline()
            if not raw:
                break
            cmd = raw.decode("utf-8", "replace").strip()
            verb = cmd[:4].upper()
            if verb in ("EHLO", "HELO"):
                reply("250-drill-sink" if verb == "EHLO" else "250 drill-sink")
                if verb == "EHLO":
                    reply("250 8BITMIME")
            elif verb == "MAIL":
                rcpt = []
                reply("250 OK")
            elif verb == "RCPT":
                rcpt.append(cmd.split(":", 1)[1].strip().strip("<>") if ":" in cmd else "")
                reply("250 OK")
            elif verb == "DATA":
                reply("354 end with <CRLF>.<CRLF>")
                await writer.drain()
                message_id = ""
                in_headers = True
                lines = []
                while True:
                    line = await reader.readline()
                    if not line or line in (b".\r\n", b".\n"):
                        break
                    if body_dir:
                        lines.append(line[1:] if line.startswith(b"..") else line)
                    if in_headers:
                        if line.strip() == b"":
                            in_headers = False
                        elif line[:11].lower() == b"message-id:":
                            message_id = line[11:].decode("utf-8", "replace").strip()
                if body_dir:
                    name = os.path.join(body_dir, "%06d.eml" % next(COUNTER))
                    with open(name + ".part", "wb") as eml:
                        eml.write(b"".join(lines))
                    os.rename(name + ".part", name)
                out.write("%d\t%s\t%s\n" % (int(time.time() * 1000), message_id, rcpt[0] if rcpt else ""))
                out.flush()
                reply("250 OK queued")
            elif verb == "QUIT":
                reply("221 bye")
                await writer.drain()
                break
            else:  # RSET, NOOP and anything else
                reply("250 OK")
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main():
    port = int(sys.argv[1])
    limit = float(sys.argv[3]) if len(sys.argv) > 3 else 900
    body_dir = sys.argv[4] if len(sys.argv) > 4 else None
    with open(sys.argv[2], "a", buffering=1) as out:
        server = await asyncio.start_server(lambda r, w: session(r, w, out, body_dir), "127.0.0.1", port)
        async with server:
            try:
                await asyncio.wait_for(server.serve_forever(), timeout=limit)
            except asyncio.TimeoutError:
                pass


if __name__ == "__main__":
    asyncio.run(main())
