/**
 * A run of 9 or more digits (spaces, dots or dashes between them allowed) is an ID, insurance, bank or phone
 * number. The intake does not keep one (conversation/dialogs/intake-dialog.ts) and the unanswered list does
 * not show one to editors (learning/groups.ts): both replace it with "[…]".
 */
const LONG_NUMBER = /\d(?:[ .-]?\d){8,}/g;

export function withoutLongNumbers(text: string): string {
  return text.replace(LONG_NUMBER, '[…]');
}
