import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * parseArgs for the development scripts (eval, benchmarks): a bad option prints one line and the usage, and exits 2,
 * instead of a stack trace.
 */
export function parseScriptArgs<const O extends NonNullable<ParseArgsConfig['options']>>(
  usage: string,
  options: O,
): ReturnType<typeof parseArgs<{ options: O }>> {
  try {
    return parseArgs({ options });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nusage: ${usage}\n`);
    process.exit(2);
  }
}
