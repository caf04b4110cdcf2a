import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from "graphql";

/**
 * Subscriptions whose events are shared objects (one per change, handed to every subscriber of a customer) run each
 * distinct operation once per event: the first subscriber's execution is awaited by every other subscriber with the
 * same document, operation and variables. Sound only for events whose subscribers were authorised one by one before
 * the event reached them and whose result carries nothing of the viewer (the history's SharedChange: see
 * CustomerHistoryService.follow); any other event, and a shared result that holds errors, is executed per subscriber.
 */
export function subscribeSharingResults(
  isShared: (event: unknown) => event is object,
): (args: ExecutionArgs, operationKey: string | null) => Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> {
  const results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

  const resultFor = async (args: ExecutionArgs, key: string | null, event: unknown): Promise<ExecutionResult> => {
    const run = async () => execute({ ...args, rootValue: event });
    if (key === null || !isShared(event)) return run();
    let ofEvent = results.get(event);
    if (!ofEvent) {
      ofEvent = new Map();
      results.set(event, ofEvent);
    }
    const shared = ofEvent.get(key);
    if (!shared) {
      const own = run();
      ofEvent.set(key, own);
      return own;
    }
    const result = await shared;
    return result.errors ? run() : result;
  };

  return async (args, key) => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const events = source[Symbol.asyncIterator]();
    const mapped: AsyncGenerator<ExecutionResult, void, void> = {
      next: async () => {
        const step = await events.next();
        if (step.done) return { done: true, value: undefined };
        return { done: false, value: await resultFor(args, key, step.value) };
      },
      return: async () => {
        await events.return?.();
        return { done: true, value: undefined };
      },
      throw: async (error: unknown) => {
        await events.return?.();
        throw error;
      },
      [Symbol.asyncIterator]: () => mapped,
      [Symbol.asyncDispose]: async () => {
        await events.return?.();
      },
    };
    return mapped;
  };
}
