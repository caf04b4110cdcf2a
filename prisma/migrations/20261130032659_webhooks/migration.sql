-- CreateTable
CREATE TABLE "webhooks" (
    "id" SERIAL NOT NULL,
    "url" VARCHAR(2048) NOT NULL,
    "secret" VARCHAR(128) NOT NULL,
    "fields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" BIGSERIAL NOT NULL,
    "change_id" BIGINT NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "customer_uuid" UUID NOT NULL,
    "type" VARCHAR(64) NOT NULL,
    "payload" JSON NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "event_id" BIGINT NOT NULL,
    "webhook_id" INTEGER NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "status" VARCHAR(16) NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimed_until" TIMESTAMPTZ(6),
    "claim_token" UUID,
    "last_error" VARCHAR(1000),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(6),

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_attempts" (
    "id" BIGSERIAL NOT NULL,
    "delivery_id" BIGINT NOT NULL,
    "number" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "status_code" INTEGER,
    "error" VARCHAR(1000),
    "ok" BOOLEAN NOT NULL,

    CONSTRAINT "webhook_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "outbox_events_change_id_idx" ON "outbox_events"("change_id");

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_next_attempt_at_idx" ON "webhook_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_webhook_id_customer_id_status_id_idx" ON "webhook_deliveries"("webhook_id", "customer_id", "status", "id");

-- CreateIndex
CREATE INDEX "webhook_attempts_delivery_id_number_idx" ON "webhook_attempts"("delivery_id", "number");

-- CreateIndex
CREATE INDEX "customer_details_changes_customer_id_id_idx" ON "customer_details_changes"("customer_id", "id");

-- AddForeignKey
ALTER TABLE "outbox_events" ADD CONSTRAINT "outbox_events_change_id_fkey" FOREIGN KEY ("change_id") REFERENCES "customer_details_changes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "outbox_events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Change events, fired in the change's own transaction by whatever writes the history (CONTRACT §10):
--  * NOTIFY customer_details_changed with {"id","customer_uuid"} (delivered on commit, to every instance);
--  * when webhooks want the change, one outbox event carrying the exact body to POST, and one delivery per webhook.
CREATE FUNCTION customer_details_change_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_customer_uuid uuid;
  v_event_id bigint;
BEGIN
  SELECT c.uuid INTO v_customer_uuid FROM customers c WHERE c.id = NEW.customer_id;

  IF EXISTS (
    SELECT 1 FROM webhooks w
    WHERE coalesce(cardinality(w.fields), 0) = 0
       OR EXISTS (SELECT 1 FROM jsonb_object_keys(NEW.changes::jsonb) AS k(field) WHERE k.field = ANY (w.fields))
  ) THEN
    INSERT INTO outbox_events (change_id, customer_id, customer_uuid, type, payload, created_at)
    SELECT NEW.id, NEW.customer_id, v_customer_uuid, 'customer.details.changed',
      json_build_object(
        'id', 'evt_' || NEW.id,
        'type', 'customer.details.changed',
        'occurred_at', to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'customer_uuid', v_customer_uuid,
        'changes', NEW.changes,
        'details', (
          SELECT json_build_object(
            'id', d.id,
            'customer_id', d.customer_id,
            'annual_revenue', trim_scale(d.annual_revenue),
            'annual_revenue_currency', rtrim(d.annual_revenue_currency),
            'employee_count', d.employee_count,
            'industry', d.industry,
            'website', d.website,
            'address', d.address,
            'is_active', d.is_active,
            'created_at', to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            'updated_at', to_char(d.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
          FROM customer_details d WHERE d.id = NEW.details_id)),
      NEW.created_at
    RETURNING id INTO v_event_id;

    INSERT INTO webhook_deliveries (event_id, webhook_id, customer_id)
    SELECT v_event_id, w.id, NEW.customer_id FROM webhooks w
    WHERE coalesce(cardinality(w.fields), 0) = 0
       OR EXISTS (SELECT 1 FROM jsonb_object_keys(NEW.changes::jsonb) AS k(field) WHERE k.field = ANY (w.fields))
    ORDER BY w.id;

    PERFORM pg_notify('webhook_outbox', v_event_id::text);
  END IF;

  PERFORM pg_notify('customer_details_changed', json_build_object('id', NEW.id::text, 'customer_uuid', v_customer_uuid)::text);
  RETURN NULL;
END;
$$;

CREATE TRIGGER customer_details_change_events
  AFTER INSERT ON customer_details_changes
  FOR EACH ROW EXECUTE FUNCTION customer_details_change_events();
