/**
 * botbuilder's Storage interface (read / write / delete by key) over the project's key-value state, so that
 * Botkit keeps its dialog state in the same store as everything else (both adapters; deleted with a worker's
 * data, since its keys name the conversation). Used by both Botkit controllers: the Messenger router's and
 * the dialog engine's.
 */
import type { StateStore } from './types.js';

export function botbuilderStorage(state: StateStore) {
  return {
    read: (keys: string[]) => state.readState(keys),
    write: (changes: Record<string, Record<string, unknown>>) => state.writeState(changes),
    delete: (keys: string[]) => state.deleteState(keys),
  };
}
