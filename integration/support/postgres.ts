/** A PostgreSQL database of the test's own on the local server (PROOF_POSTGRES_URL overrides). */
import pg from "pg";

export const DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface Database {
  readonly url: string;
  query<T extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<T[]>;
  /** Closes the test's connection and drops the database (its connections forced off). */
  remove(): Promise<void>;
}

/** A fresh, empty database `name` (lower case, digits and _; an old one of that name is dropped). */
export async function createDatabase(name: string): Promise<Database> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a safe database name: ${name}`);
  const admin = new URL(process.env.PROOF_POSTGRES_URL || DEFAULT_POSTGRES_URL);
  const adminClient = new pg.Client({ connectionString: admin.href });
  try {
    await adminClient.connect();
  } catch (err) {
    throw new Error(`No PostgreSQL answers at ${admin.host} (PROOF_POSTGRES_URL): ${String(err)}`);
  }
  await adminClient.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminClient.query(`CREATE DATABASE ${name}`);
  const url = new URL(admin.href);
  url.pathname = "/" + name;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  return {
    url: url.href,
    async query<T extends pg.QueryResultRow>(sql: string, values?: unknown[]) {
      return (await client.query<T>(sql, values)).rows;
    },
    async remove() {
      await client.end().catch(() => undefined);
      await adminClient.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await adminClient.end().catch(() => undefined);
    },
  };
}
