-- Each outbox event keeps the W3C traceparent of the request that made the change (null when it was not traced), so
-- that its webhook deliveries are spans of that trace and carry it on (README "Traces").
-- AlterTable
ALTER TABLE "outbox_events" ADD COLUMN     "traceparent" TEXT;
