/** How long a request may wait on the database at most, unless DATABASE_TIMEOUT_MS says otherwise. */
export const DEFAULT_DATABASE_TIMEOUT_MS = 5000;
