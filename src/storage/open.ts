/** Choose the storage adapter from configuration: MongoDB when MONGODB_URI is set, else SQLite. */
import type { Config } from '../config.js';
import { SqliteStorage } from './sqlite.js';
import type { Storage } from './types.js';

export async function openStorage(config: Config): Promise<Storage> {
  if (config.mongodbUri) {
    const { MongoStorage } = await import('./mongo.js');
    return MongoStorage.connect(config.mongodbUri);
  }
  return SqliteStorage.inDataDir(config.dataDir);
}
