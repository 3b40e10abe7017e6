/**
 * The webhook benchmark's baseline: the least a Messenger webhook can do — express, read the raw body,
 * check X-Hub-Signature-256, answer 200 — with nothing stored and nothing answered. Run as its own
 * process (like the bot) so both are measured the same way. Prints `listening <port>` on stdout.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { checkSignature } from '../src/channels/messenger/signature.js';

const secret = process.env.FB_APP_SECRET ?? '';
const app = express();
app.post('/webhook', express.raw({ type: () => true, limit: '1mb' }), (req, res) => {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (checkSignature(raw, req.get('x-hub-signature-256'), secret) !== 'ok') {
    res.status(401).end();
    return;
  }
  res.status(200).type('text/plain').send('EVENT_RECEIVED');
});
const server = http.createServer(app);
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
