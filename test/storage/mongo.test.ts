/**
 * The storage contract against the MongoDB adapter, on a real FerretDB 1.24.2 (SQLite handler) started
 * for this file. Without FerretDB (cannot be built or started) the suite is skipped with a message;
 * with CI=true that is a failure instead.
 */
import { MongoStorage } from '../../src/storage/mongo.js';
import { FERRETDB_VERSION, startFerretDbOrSkip, type FerretDb } from '../helpers/ferretdb.js';
import { storageContract } from './contract.js';

describe(`storage contract — MongoDB adapter on FerretDB ${FERRETDB_VERSION.slice(1)} (SQLite handler)`, function () {
  let fdb: FerretDb | undefined;

  before(async function () {
    fdb = await startFerretDbOrSkip(this);
    process.stdout.write(`    (FerretDB ${FERRETDB_VERSION} at ${fdb.uri}; a fresh database per test; binary ${fdb.binary})\n`);
  });

  after(async () => {
    await fdb?.stop();
  });

  storageContract('MongoStorage', async () => {
    const uri = fdb!.uriFor();
    const storage = await MongoStorage.connect(uri);
    return { storage, another: () => MongoStorage.connect(uri), cleanup: () => storage.close() };
  });
});
