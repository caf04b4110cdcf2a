-- CreateTable
CREATE TABLE "exchange_rate_pairs" (
    "base" CHAR(3) NOT NULL,
    "quote" CHAR(3) NOT NULL,

    CONSTRAINT "exchange_rate_pairs_pkey" PRIMARY KEY ("base","quote")
);

-- CreateIndex
CREATE INDEX "exchange_rate_pairs_quote_idx" ON "exchange_rate_pairs"("quote");

-- The pairs exchange_rates holds, kept by a statement-level trigger (rates are never re-keyed, only inserted,
-- re-valued or deleted; a pair left without rates is harmless: the lookup finds no row for it).
CREATE FUNCTION "exchange_rate_pairs_track"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "exchange_rate_pairs" ("base", "quote") SELECT DISTINCT "base", "quote" FROM inserted ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER "exchange_rates_track_pairs" AFTER INSERT ON "exchange_rates"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "exchange_rate_pairs_track"();
INSERT INTO "exchange_rate_pairs" ("base", "quote") SELECT DISTINCT "base", "quote" FROM "exchange_rates" ON CONFLICT DO NOTHING;

-- "The newest rate of a pair on or before a date" as an index-only backward scan that stops at the first date.
CREATE INDEX "exchange_rates_newest_idx" ON "exchange_rates" ("base", "quote", "date" DESC) INCLUDE ("source", "rate", "imported_at");

-- Cache invalidation across every instance (and the admin command line): any committed write to what a cached
-- principal or a cached rate is made of notifies channel cache_invalidation; payload "users", "permissions" or "rates".
CREATE FUNCTION "notify_cache_invalidation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cache_invalidation', TG_ARGV[0]);
  RETURN NULL;
END $$;
CREATE TRIGGER "users_cache_invalidation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_cache_invalidation"('users');
CREATE TRIGGER "roles_cache_invalidation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "roles"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_cache_invalidation"('permissions');
CREATE TRIGGER "permissions_cache_invalidation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "permissions"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_cache_invalidation"('permissions');
CREATE TRIGGER "user_has_roles_cache_invalidation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "user_has_roles"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_cache_invalidation"('permissions');
CREATE TRIGGER "user_has_permissions_cache_invalidation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "user_has_permissions"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_cache_invalidation"('permissions');
CREATE TRIGGER "role_has_permissions_cache_invalidation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "role_has_permissions"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_cache_invalidation"('permissions');
CREATE TRIGGER "exchange_rates_cache_invalidation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "exchange_rates"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_cache_invalidation"('rates');
