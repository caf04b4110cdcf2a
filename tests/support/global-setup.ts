import { Client } from "pg";
import { ensureBuilt } from "./build";
import { serverAdminUrl, testDatabaseKinds } from "./databases";

/**
 * Builds dist/ when it is stale (the admin command line is tested compiled), and fails the whole run at once, with
 * the way out, when the PostgreSQL server is wanted but not reachable.
 */
export default async function globalSetup(): Promise<void> {
  ensureBuilt();
  if (!testDatabaseKinds().includes("server")) return;
  const client = new Client({ connectionString: serverAdminUrl(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(
      [
        `PostgreSQL is not reachable at ${serverAdminUrl()} (${(error as Error).message}).`,
        "Start it:   pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
        "or point TEST_POSTGRES_URL at a server where the user may create databases,",
        "or run the embedded database only:   TEST_DATABASES=embedded npm test",
      ].join("\n"),
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
