import { MongoClient, type MongoClientOptions } from 'mongodb';
import type { StoreConfig } from '../../config';
import { parseMongoUri, shouldForceTls, type MongoUri } from '../../config/mongo-uri';
import { mongoFailure } from './errors';

/** The store settings from config, plus seams config does not set. */
export type MongoStoreOptions = Omit<Extract<StoreConfig, { kind: 'mongodb' }>, 'kind'> & {
  /** Default: the URI's database, else 'flowguard'. */
  dbName?: string;
  /** Test seam merged last, e.g. { lookup } to route a host name to a local listener. */
  driverOptions?: MongoClientOptions;
};

export interface Connected {
  client: MongoClient;
  dbName: string;
  /** Strings to blank out of error messages (the URI's password). */
  secrets: string[];
}

/** Connects (server selection + ping, which also authenticates) or throws a one-line Error. */
export async function connectClient(options: MongoStoreOptions): Promise<Connected> {
  let parsed: MongoUri;
  try {
    parsed = parseMongoUri(options.uri);
  } catch (error) {
    throw new Error(`MongoDB: the URI ${(error as Error).message}`);
  }
  const secrets = passwordOf(options.uri);
  let client: MongoClient;
  try {
    client = new MongoClient(options.uri, clientOptions(options, parsed));
  } catch (error) {
    throw mongoFailure(error, secrets); // the driver's own parser refused the URI or an option
  }
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw mongoFailure(error, secrets);
  }
  return { client, dbName: options.dbName ?? parsed.dbName ?? 'flowguard', secrets };
}

export function clientOptions(options: MongoStoreOptions, parsed: MongoUri): MongoClientOptions {
  return {
    // Passing tls when the URI sets tls/ssl would make the driver refuse differing values, so the
    // URI decides then (node_modules/mongodb/lib/connection_string.js, "All values of tls/ssl").
    ...(shouldForceTls(parsed) ? { tls: true } : {}),
    ...(options.tlsCaFile ? { tlsCAFile: options.tlsCaFile } : {}),
    maxPoolSize: options.maxPoolSize,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS,
    connectTimeoutMS: options.connectTimeoutMS,
    socketTimeoutMS: options.socketTimeoutMS,
    ...options.driverOptions,
  };
}

function passwordOf(uri: string): string[] {
  const password = /^[^:]+:\/\/[^:@/?]*:([^@/?]*)@/.exec(uri)?.[1];
  if (!password) return [];
  try {
    return [password, decodeURIComponent(password)];
  } catch {
    return [password];
  }
}
