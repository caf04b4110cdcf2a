-- The change's own statement now writes its outbox event, its deliveries and both notifications (src/webhooks/outbox.write.ts,
-- src/customers/details/details.store.ts), with the event's body built by the REST door's JSON writer: the per-row
-- trigger that built the body by hand in SQL goes.
DROP TRIGGER IF EXISTS customer_details_change_events ON customer_details_changes;
DROP FUNCTION IF EXISTS customer_details_change_events();

-- Stored bodies no longer carry their "id" (it is the change's id, added when the body is sent): drop it from the
-- events the trigger wrote, keeping the rest of their text as it was.
UPDATE outbox_events SET payload = regexp_replace(payload::text, '^\{"id" : "evt_\d+", ', '{')::json
WHERE payload::text LIKE '{"id" : "evt_%';
