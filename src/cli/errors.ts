/** A mistake in how the command was called: printed as one line, exit code 2, nothing written. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
