import type { Readable, Writable } from 'node:stream';

/** The streams a command uses, so tests can run commands in-process. */
export interface Io {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
}

/** The process's own streams. */
export function processIo(): Io {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
  };
}
