/** Webhook payloads shaped as Meta documents them, and a signed POST helper. */
import { signBody } from '../../src/channels/messenger/signature.js';

export const PAGE_ID = '104680712340000';
export const APP_SECRET = 'test-app-secret-0123456789';
export const VERIFY_TOKEN = 'test-verify-token';
export const PAGE_TOKEN = 'EAAtestPAGEtoken0123456789';

export const messengerEnv = (graphUrl: string): Record<string, string> => ({
  FB_PAGE_ACCESS_TOKEN: PAGE_TOKEN,
  FB_APP_SECRET: APP_SECRET,
  FB_VERIFY_TOKEN: VERIFY_TOKEN,
  FB_GRAPH_API_URL: graphUrl,
});

let seq = 0;
const mid = () => `m_${Date.now().toString(36)}_${++seq}`;

export const item = {
  text: (psid: string, text: string, id = mid()) => ({ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid: id, text } }),
  quickReply: (psid: string, text: string, payload: string) => ({
    sender: { id: psid },
    recipient: { id: PAGE_ID },
    timestamp: Date.now(),
    message: { mid: mid(), text, quick_reply: { payload } },
  }),
  postback: (psid: string, title: string, payload: string) => ({
    sender: { id: psid },
    recipient: { id: PAGE_ID },
    timestamp: Date.now(),
    postback: { mid: mid(), title, payload },
  }),
  image: (psid: string) => ({
    sender: { id: psid },
    recipient: { id: PAGE_ID },
    timestamp: Date.now(),
    message: { mid: mid(), attachments: [{ type: 'image', payload: { url: 'https://scontent.example/photo.jpg' } }] },
  }),
  sticker: (psid: string) => ({
    sender: { id: psid },
    recipient: { id: PAGE_ID },
    timestamp: Date.now(),
    message: {
      mid: mid(),
      sticker_id: 369239263222822,
      attachments: [{ type: 'sticker', payload: { url: 'https://scontent.example/s.png', sticker_id: 369239263222822 } }],
    },
  }),
  echo: (psid: string, text: string, metadata?: string) => ({
    sender: { id: PAGE_ID },
    recipient: { id: psid },
    timestamp: Date.now(),
    message: { is_echo: true, app_id: 1517776481860111, mid: mid(), text, ...(metadata ? { metadata } : {}) },
  }),
  delivery: (psid: string) => ({
    sender: { id: psid },
    recipient: { id: PAGE_ID },
    delivery: { mids: ['mid.1458668856218:ed81099e15d3f4f233'], watermark: 1458668856253 },
  }),
  read: (psid: string) => ({ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now(), read: { watermark: 1458668856253 } }),
  reaction: (psid: string) => ({
    sender: { id: psid },
    recipient: { id: PAGE_ID },
    timestamp: Date.now(),
    reaction: { reaction: 'love', emoji: '❤', action: 'react', mid: 'm_x' },
  }),
};

export function webhook(entries: { messaging?: unknown[]; standby?: unknown[] }[]): string {
  return JSON.stringify({ object: 'page', entry: entries.map((e) => ({ id: PAGE_ID, time: Date.now(), ...e })) });
}

export async function postWebhook(baseUrl: string, body: string, headers: Record<string, string> | 'signed' = 'signed'): Promise<Response> {
  const h = headers === 'signed' ? { 'X-Hub-Signature-256': signBody(body, APP_SECRET) } : headers;
  return fetch(`${baseUrl}/webhook`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...h }, body });
}

export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() - start > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
