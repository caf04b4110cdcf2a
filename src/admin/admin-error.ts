/** A mistake in an admin command's arguments or a refused operation: printed on stderr, exit code 1. */
export class AdminError extends Error {
  override name = "AdminError";
}
