import { parseArgs } from 'node:util';
import { AppError } from '../lib/index.js';
import { listConsoleUsers, randomSecret, setConsoleUserPassword } from '../store/index.js';
import type { Io } from './io.js';
import { withStore } from './service-store.js';

export const CONSOLE_USERS_HELP = `qinglang console-users list
qinglang console-users passwd USERNAME [--generate]
  Console users and their recovery. passwd sets a new password read from the first line of standard input (so it stays
  out of the shell's history), or with --generate a random one printed once; it clears the lock and ends the user's
  sessions. Uses DATABASE_URL like the other service commands.`;

/** Reads standard input up to its first line break (or its end). */
async function firstLine(io: Io): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin) {
    text += String(chunk);
    const end = text.search(/\r?\n/);
    if (end >= 0) return text.slice(0, end);
  }
  return text;
}

/** `qinglang console-users list|passwd`. */
export async function runConsoleUsers(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { generate: { type: 'boolean' } },
    allowPositionals: true,
  });
  switch (sub ?? '') {
    case 'list': {
      const users = await withStore(process.env, (store) => listConsoleUsers(store.db));
      const now = Date.now();
      for (const u of users) {
        const status =
          u.disabledAt !== null ? 'disabled' : u.lockedUntil !== null && u.lockedUntil > now ? 'locked' : 'active';
        io.stdout.write(`${u.username}\t${u.role}\t${status}\n`);
      }
      return 0;
    }
    case 'passwd': {
      const [username] = positionals;
      if (username === undefined)
        throw new AppError('usage', `console-users passwd needs a USERNAME.\n${CONSOLE_USERS_HELP}`);
      const password = values.generate === true ? randomSecret(15) : await firstLine(io);
      const user = await withStore(process.env, (store) => setConsoleUserPassword(store.db, { username }, password));
      io.stdout.write(
        values.generate === true
          ? `new password for ${user.username}: ${password}\n`
          : `password set for ${user.username}; its sessions have ended\n`,
      );
      return 0;
    }
    default:
      throw new AppError('usage', CONSOLE_USERS_HELP);
  }
}
