// Reads the mail smtp-sink.mjs stored: waits for a message by recipient and subject and decodes its
// MIME parts, so a browser test can follow the links Vigil really mailed.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Headers (lower-case names, unfolded) and body of a message or MIME part. */
function splitPart(raw) {
  const blank = raw.indexOf('\r\n\r\n');
  const head = blank < 0 ? raw : raw.slice(0, blank);
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  return { headers, body: blank < 0 ? '' : raw.slice(blank + 4) };
}

function decodeBody(body, encoding = '7bit') {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return Buffer.from(body.replace(/=\r\n/g, '')
        .replace(/=([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1')
        .toString('utf8');
    default:
      return Buffer.from(body, 'latin1').toString('utf8');
  }
}

/** Every leaf part of a MIME message as {type, text}, decoded. */
function leafParts(raw, parts = []) {
  const { headers, body } = splitPart(raw);
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    for (const piece of body.split(`--${boundary}`).slice(1)) {
      if (piece.startsWith('--')) {
        break;
      }
      leafParts(piece.replace(/^\r\n/, ''), parts);
    }
  } else {
    parts.push({ type: type.split(';')[0].trim().toLowerCase(), text: decodeBody(body, headers['content-transfer-encoding']) });
  }
  return parts;
}

/** Waits for the mail in {@code mailDir} to {@code to} whose subject is {@code subject}; returns its decoded parts. */
export async function awaitMail(mailDir, to, subject) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const file of readdirSync(mailDir).filter((name) => name.endsWith('.eml'))) {
      const raw = readFileSync(join(mailDir, file), 'latin1');
      const { headers } = splitPart(raw);
      if ((headers.to ?? '').toLowerCase().includes(to.toLowerCase()) && headers.subject === subject) {
        return leafParts(raw);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`FAILED: no mail "${subject}" to ${to} within 30 s`);
}
