/**
 * `npm run messenger:setup` — set the Page's Messenger profile (Get Started, greeting in vi and en,
 * persistent menu, ice breakers). Idempotent: reads the current profile, sends only what differs,
 * and prints what it changed. Uses FB_PAGE_ACCESS_TOKEN, FB_APP_SECRET, FB_GRAPH_API_URL, FB_GRAPH_API_VERSION.
 */
import { GraphClient, GraphError } from '../channels/messenger/graph-client.js';
import { changedFields, desiredProfile, profileProblems } from '../channels/messenger/profile.js';
import { systemClock, vietnamDay } from '../clock.js';
import { loadConfig } from '../config.js';
import { loadKnowledgeBase, servableEntries } from '../knowledge-base/load.js';
import { registerSecret, setLogLevel } from '../log.js';
import { parseCommandLine } from './args.js';

// No options: everything comes from the environment (a stray argument is refused, not ignored).
parseCommandLine(
  'messenger:setup',
  'usage: npm run messenger:setup   (settings from FB_PAGE_ACCESS_TOKEN, FB_APP_SECRET, FB_GRAPH_API_URL, FB_GRAPH_API_VERSION)',
  {},
);

setLogLevel('warn');
const config = loadConfig();
const fb = config.facebook;
if (!fb.pageAccessToken || !fb.appSecret) {
  process.stderr.write('messenger:setup needs FB_PAGE_ACCESS_TOKEN and FB_APP_SECRET\n');
  process.exit(2);
}
registerSecret(fb.pageAccessToken);
registerSecret(fb.appSecret);
const desired = desiredProfile();
const { kb } = loadKnowledgeBase(config.kbDir, { day: vietnamDay(systemClock.now()) });
const problems = profileProblems(desired, new Set(servableEntries(kb, vietnamDay(systemClock.now())).map((e) => e.id)));
if (problems.length > 0) {
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.exit(1);
}
const graph = new GraphClient({ baseUrl: fb.graphApiUrl, version: fb.graphApiVersion, accessToken: fb.pageAccessToken, appSecret: fb.appSecret });
try {
  const current = await graph.getMessengerProfile(Object.keys(desired));
  const changed = changedFields(current, desired);
  if (changed.length === 0) {
    process.stdout.write('Messenger profile already up to date; nothing changed.\n');
  } else {
    await graph.setMessengerProfile(Object.fromEntries(changed.map((k) => [k, desired[k]])));
    process.stdout.write(`Messenger profile updated: ${changed.join(', ')}\n`);
  }
} catch (err) {
  if (err instanceof GraphError) {
    process.stderr.write(`Graph API refused: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
