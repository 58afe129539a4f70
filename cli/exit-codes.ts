/** The exit codes of archsim, shared by every command (see docs/cli.md). */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;
/** A crash of the command itself: a bug, reported with a request to send the input. */
export const EXIT_INTERNAL = 70;
