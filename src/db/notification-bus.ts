import { Client } from "pg";
import type { Database } from "./database";
import { backoffDelay, type Backoff } from "../shared/backoff";
import type { BackgroundLog } from "../shared/deferred-log";

/**
 * PostgreSQL LISTEN/NOTIFY for the whole process: one dedicated connection (not from the pool) listens on every
 * channel anyone subscribed to, and hands each notification to the subscribers of its channel.
 *
 * Notifications are fired from SQL (triggers, or pg_notify inside the writing transaction), so they are delivered
 * on commit only, by whichever instance or process committed, to every instance listening. The embedded database
 * works the same way: its wire server passes notifications to the connections that LISTEN (src/db/pglite-wire-server.ts),
 * so a change committed by the admin command line through the socket reaches the service too.
 *
 * The listening connection never crashes the process: when it breaks, the bus reconnects with back-off and LISTENs
 * on every channel again, then calls the `onReconnect` hooks (notifications sent while it was away are lost, so
 * whoever caches or streams what they announce must catch up).
 *
 * Behind a transaction pooler a LISTEN would be accepted and nothing delivered (the session that ran it serves other
 * clients next), so the bus listens on DATABASE_DIRECT_URL; without one (`db.listenConfig` null) it does not listen
 * at all and says so (`listening` false): its subscribers fall back to polling (src/db/listen-fallbacks.ts).
 */
export type NotificationListener = (payload: string) => void;

export interface NotificationBus {
  /** False when no connection can LISTEN (behind a transaction pooler without DATABASE_DIRECT_URL): nothing is delivered. */
  readonly listening: boolean;
  /** Listen on a channel (LISTEN is issued once per channel); returns an unsubscribe function. */
  subscribe(channel: string, listener: NotificationListener): () => void;
  /** pg_notify(channel, payload) outside any transaction (inside a transaction, call pg_notify in SQL instead). */
  publish(channel: string, payload: string): Promise<void>;
  /** Called after the listening connection was lost and re-established; returns an unsubscribe function. */
  onReconnect(hook: () => void): () => void;
  /** Resolves once every channel subscribed so far is LISTENed on (for start-up and tests). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export type BusLog = BackgroundLog;

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
/** Reconnects wait 100 ms, then twice as long each time, at most 5 s. */
const RECONNECT: Backoff = { baseMs: 100, maxMs: 5_000 };

export function createNotificationBus(db: Database, log?: BusLog): NotificationBus {
  const listeners = new Map<string, Set<NotificationListener>>();
  const reconnectHooks = new Set<() => void>();
  let client: Client | null = null;
  /** Settles when the current connection attempt (connect + LISTEN all) is done, successfully or not. */
  let connecting: Promise<void> | null = null;
  let connectedOnce = false;
  let failedAttempts = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  let closed = false;
  /** The channels LISTENed on (or being LISTENed on) over the current connection. */
  let listened = new Set<string>();
  /** The LISTENs in flight, awaited by ready(). */
  let inFlight: Promise<unknown> = Promise.resolve();

  const dispatch = (channel: string, payload: string): void => {
    for (const listener of listeners.get(channel) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        log?.warn({ err: error, channel }, "a notification listener threw");
      }
    }
  };

  const lost = (current: Client, error?: unknown): void => {
    if (client !== current) return;
    client = null;
    listened = new Set();
    current.removeAllListeners("notification");
    void current.end().catch(() => undefined);
    if (closed) return;
    log?.warn({ err: error }, "notification connection lost; reconnecting");
    scheduleReconnect();
  };

  const scheduleReconnect = (): void => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, backoffDelay(RECONNECT, failedAttempts));
    retryTimer.unref();
    failedAttempts += 1;
  };

  /** LISTENs on every subscribed channel the current connection does not listen on yet. */
  const listenAll = (target: Client): Promise<unknown> => {
    const fresh = [...listeners.keys()].filter((channel) => !listened.has(channel));
    for (const channel of fresh) listened.add(channel);
    if (fresh.length === 0) return inFlight;
    // One statement list at a time on this connection, after any LISTEN still running.
    let issued: Promise<unknown> = inFlight.catch(() => undefined);
    for (const channel of fresh) issued = issued.then(() => target.query(`LISTEN "${channel}"`));
    inFlight = issued;
    inFlight.catch(() => undefined); // observed by ready(); a failure also surfaces through the caller
    return issued;
  };

  const listenConfig = db.listenConfig;
  const connect = (): Promise<void> => {
    if (closed || client || connecting || !listenConfig) return connecting ?? Promise.resolve();
    const attempt = (async () => {
      const candidate = new Client(listenConfig);
      // Never crash the process on a broken connection: 'error' and 'end' both lead to a reconnect.
      candidate.on("error", (error) => lost(candidate, error));
      candidate.on("end", () => lost(candidate));
      candidate.on("notification", (message) => dispatch(message.channel, message.payload ?? ""));
      try {
        await candidate.connect();
        if (closed) {
          await candidate.end().catch(() => undefined);
          return;
        }
        client = candidate;
        listened = new Set();
        inFlight = Promise.resolve();
        await listenAll(candidate);
        failedAttempts = 0;
        if (connectedOnce) for (const hook of reconnectHooks) hook();
        connectedOnce = true;
      } catch (error) {
        if (client === candidate) lost(candidate, error);
        else {
          void candidate.end().catch(() => undefined);
          log?.warn({ err: error }, "notification connection failed; retrying");
          scheduleReconnect();
        }
      }
    })();
    connecting = attempt.finally(() => {
      connecting = null;
    });
    return connecting;
  };

  return {
    listening: listenConfig !== null,

    subscribe(channel, listener) {
      if (!CHANNEL.test(channel)) throw new Error(`Invalid notification channel name: ${channel}`);
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
      }
      // A new channel: LISTEN on the open connection now; a connection still to come LISTENs on all.
      const current = client;
      if (current) listenAll(current).catch((error: unknown) => lost(current, error));
      set.add(listener);
      void connect();
      return () => {
        set.delete(listener);
      };
    },

    async publish(channel, payload) {
      await db.pool.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },

    onReconnect(hook) {
      reconnectHooks.add(hook);
      return () => reconnectHooks.delete(hook);
    },

    async ready() {
      if (!listenConfig) return; // nothing will ever listen: nothing to wait for
      await connect();
      const current = client;
      if (!current) throw new Error("The notification connection is not open.");
      await listenAll(current);
      await inFlight;
    },

    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      listeners.clear();
      reconnectHooks.clear();
      const current = client;
      client = null;
      await connecting;
      if (current) {
        current.removeAllListeners("notification");
        await current.end().catch(() => undefined);
      }
    },
  };
}
