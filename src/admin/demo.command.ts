import type { Config } from "../config";
import type { Database } from "../db/database";
import { withJwtSecret } from "../auth/jwt-secret";
import { TokenService } from "../auth/token-service";
import { CurrencyConverter } from "../currency/currency-converter";
import { Decimal } from "../currency/decimal";
import { systemClock } from "../shared/clock";
import { AdminError } from "./admin-error";
import { demoInstructions, findDemoUsers } from "./demo-data";

/** `admin -- demo`: the start-up banner's demo commands again, with fresh tokens, for the configured address. */
export async function demoCommand(db: Database, config: Config): Promise<undefined> {
  if (config.env === "production") throw new AdminError("There is no demo in production (NODE_ENV=production).");
  const users = await findDemoUsers(db.prisma);
  if (users.length === 0) throw new AdminError("No demo users in this database: seed them with `npm run --silent admin -- db:seed --demo` (empty database only).");
  const converter = new CurrencyConverter(db.prisma, systemClock, { staleAfterDays: config.rates.staleAfterDays });
  const host = ["0.0.0.0", "::", ""].includes(config.http.host) ? "127.0.0.1" : config.http.host.includes(":") ? `[${config.http.host}]` : config.http.host;
  const tokens = new TokenService((await withJwtSecret(config)).jwt);
  const text = await demoInstructions(`http://${host}:${config.http.port}`, users, tokens, (amount, from, to) => converter.convert(new Decimal(amount), from, to));
  process.stdout.write(`${text}\n`);
  return undefined;
}
