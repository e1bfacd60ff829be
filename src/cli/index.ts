import { isAppError, type ErrorCode } from '../lib/index.js';
import { CHECK_HELP, runCheck } from './check.js';
import { CONSOLE_USERS_HELP, runConsoleUsers } from './console-users.js';
import { CONVERSATIONS_HELP, runConversations } from './conversations.js';
import { EVIDENCE_HELP, runEvidence } from './evidence.js';
import { processIo, type Io } from './io.js';
import { KEYS_HELP, runKeys } from './keys.js';
import { LEXICON_HELP, runLexicon } from './lexicon.js';
import { MIGRATE_HELP, runMigrate } from './migrate.js';
import { POOL_HELP, runPool } from './pool.js';
import { REPORT_HELP, runReport } from './report.js';
import { SCAN_HELP, runScan } from './scan.js';
import { SERVE_HELP, runServe } from './serve.js';
import { SWEEP_HELP, runSweep } from './sweep.js';
import { TENANTS_HELP, runTenants } from './tenants.js';
import { WORKER_HELP, runWorker } from './worker.js';

type Command = (argv: readonly string[], io: Io) => Promise<number>;

/** Every subcommand; the service's commands register here too. */
const COMMANDS: Record<string, { run: Command; help: string }> = {
  check: { run: runCheck, help: CHECK_HELP },
  scan: { run: runScan, help: SCAN_HELP },
  conversations: { run: runConversations, help: CONVERSATIONS_HELP },
  lexicon: { run: runLexicon, help: LEXICON_HELP },
  serve: { run: runServe, help: SERVE_HELP },
  migrate: { run: runMigrate, help: MIGRATE_HELP },
  tenants: { run: runTenants, help: TENANTS_HELP },
  keys: { run: runKeys, help: KEYS_HELP },
  evidence: { run: runEvidence, help: EVIDENCE_HELP },
  pool: { run: runPool, help: POOL_HELP },
  report: { run: runReport, help: REPORT_HELP },
  'console-users': { run: runConsoleUsers, help: CONSOLE_USERS_HELP },
  sweep: { run: runSweep, help: SWEEP_HELP },
  worker: { run: runWorker, help: WORKER_HELP },
};

const USAGE = `qinglang (清朗) — minors' online-protection platform

Usage: qinglang <command> [options]

${Object.values(COMMANDS)
  .map((c) => c.help)
  .join('\n\n')}
`;

/** Exit codes: 0 done, 1 the input had problems, 2 the command line was wrong. */
const EXIT_CODES: Partial<Record<ErrorCode, number>> = { usage: 2, config_invalid: 2 };

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`qinglang: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isAppError(error)) {
      io.stderr.write(`qinglang ${name}: ${error.message}\n`);
      for (const d of error.details) {
        const where = [d.source, d.line, d.column].filter((x) => x !== undefined).join(':');
        io.stderr.write(`  ${where ? `${where}: ` : ''}${d.message}\n`);
      }
      return EXIT_CODES[error.code] ?? 1;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`qinglang ${name}: ${error.message}\n\n${command.help}\n`);
      return 2;
    }
    throw error;
  }
}
