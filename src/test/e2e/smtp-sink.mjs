// A minimal SMTP server for the browser test: accepts every mail on 127.0.0.1 and stores it as
// <n>.eml in MAIL_DIR, so the test can follow the links Vigil really mailed. No TLS, no AUTH.
// Writes the port it listens on to MAIL_DIR/port once it is ready.

import { writeFileSync, renameSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const mailDir = process.env.MAIL_DIR;
if (!mailDir) {
  throw new Error('MAIL_DIR is not set');
}
let received = 0;

const server = createServer((socket) => {
  let buffer = '';
  let data = null; // the message being received after DATA, line by line
  const reply = (line) => socket.write(`${line}\r\n`);

  reply('220 vigil-e2e ESMTP');
  socket.setEncoding('latin1'); // bytes in, bytes out: the test decodes the MIME parts itself
  socket.on('data', (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (data !== null) {
        if (line === '.') {
          received += 1;
          const file = join(mailDir, `${received}.eml`);
          writeFileSync(`${file}.part`, data.join('\r\n'), 'latin1');
          renameSync(`${file}.part`, file); // the test never sees half a mail
          data = null;
          reply('250 OK');
        } else {
          data.push(line.startsWith('..') ? line.slice(1) : line);
        }
        continue;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') {
        reply('250-vigil-e2e');
        reply('250 8BITMIME');
      } else if (verb === 'DATA') {
        data = [];
        reply('354 End data with <CR><LF>.<CR><LF>');
      } else if (verb === 'QUIT') {
        reply('221 Bye');
        socket.end();
      } else {
        reply('250 OK'); // HELO, MAIL, RCPT, RSET, NOOP
      }
    }
  });
  socket.on('error', () => socket.destroy());
});

server.listen(0, '127.0.0.1', () => {
  writeFileSync(join(mailDir, 'port'), String(server.address().port));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
