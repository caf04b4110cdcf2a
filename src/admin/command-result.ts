/**
 * What a command hands back when it is not just "print this as JSON, exit 0": `json` (undefined: the command wrote
 * its own standard output, as details:export streams it) and the exit code (details:import: 1 when a line failed).
 */
export class CommandResult {
  constructor(
    readonly exitCode: number,
    readonly json?: unknown,
  ) {}
}
