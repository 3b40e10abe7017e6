/** Channel-neutral outgoing messages, kept within Messenger's limits so every channel can carry them. */

export const MAX_TEXT = 2000;
export const MAX_QUICK_REPLIES = 13;
export const MAX_QUICK_REPLY_TITLE = 20;

export interface QuickReply {
  title: string;
  payload: string;
}

export interface OutboundMessage {
  text: string;
  quickReplies: QuickReply[];
}

/** Cut a title to 20 characters (on a word boundary when possible), with an ellipsis. */
export function quickReplyTitle(title: string): string {
  const chars = [...title.trim()];
  if (chars.length <= MAX_QUICK_REPLY_TITLE) return title.trim();
  const cut = chars.slice(0, MAX_QUICK_REPLY_TITLE - 1).join('');
  const atSpace = cut.lastIndexOf(' ');
  return `${(atSpace >= 10 ? cut.slice(0, atSpace) : cut).trimEnd()}…`;
}

export function quickReplies(items: QuickReply[]): QuickReply[] {
  const seen = new Set<string>();
  const out: QuickReply[] = [];
  for (const item of items) {
    if (seen.has(item.payload)) continue;
    seen.add(item.payload);
    out.push({ title: quickReplyTitle(item.title), payload: item.payload.slice(0, 1000) });
    if (out.length === MAX_QUICK_REPLIES) break;
  }
  return out;
}

/**
 * Split text into parts of at most `max` characters, at paragraph, then sentence, then word
 * boundaries, never inside a word unless a single word is longer than `max`.
 */
export function splitText(text: string, max = MAX_TEXT): string[] {
  const clean = text.trim();
  if ([...clean].length <= max) return clean ? [clean] : [];
  const pieces = clean.split(/(?<=\n)\s*|(?<=[.!?…])\s+/u).filter((s) => s.length > 0);
  const parts: string[] = [];
  let current = '';
  const push = () => {
    if (current.trim()) parts.push(current.trim());
    current = '';
  };
  for (const piece of pieces) {
    const candidate = current ? `${current}${current.endsWith('\n') ? '' : ' '}${piece}` : piece;
    if ([...candidate].length <= max) {
      current = candidate;
      continue;
    }
    push();
    if ([...piece].length <= max) {
      current = piece;
      continue;
    }
    // A single sentence longer than the limit: split at spaces, then hard.
    for (const word of piece.split(/(\s+)/)) {
      if ([...(current + word)].length > max) push();
      if ([...word].length > max) {
        const chars = [...word];
        for (let i = 0; i < chars.length; i += max) parts.push(chars.slice(i, i + max).join(''));
      } else current += word;
    }
  }
  push();
  return parts;
}

/** Messages for a text: split when long; quick replies go on the last part. */
export function textMessages(text: string, replies: QuickReply[] = []): OutboundMessage[] {
  const parts = splitText(text);
  return parts.map((part, i) => ({ text: part, quickReplies: i === parts.length - 1 ? quickReplies(replies) : [] }));
}
