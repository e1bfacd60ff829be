import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AppError } from '../lib/index.js';
import { REPORT_FORMATS, isReportFormat, renderComplianceReport, reportTenant } from '../server/index.js';
import type { Io } from './io.js';
import { withStore } from './service-store.js';

export const REPORT_HELP = `qinglang report compliance --year YYYY [--tenant ID] [--format html|pdf|json] [--out FILE] [--chromium PATH]
  The annual compliance report of a tenant (the only one when --tenant is left out): the Art 37 audit of minors' personal
  information and the Art 20 annual report, every figure from the store's own logs for the calendar year in Beijing time.
  html (default) and json go to stdout or FILE; pdf needs --out and a Chromium (/usr/bin/chromium, or --chromium).
  Uses DATABASE_URL like the other service commands.`;

/** `qinglang report compliance`. */
export async function runReport(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'compliance') throw new AppError('usage', REPORT_HELP);
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      year: { type: 'string' },
      tenant: { type: 'string' },
      format: { type: 'string', default: 'html' },
      out: { type: 'string' },
      chromium: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new AppError('usage', `Unexpected argument: ${positionals[0]}.\n${REPORT_HELP}`);
  const year = Number(values.year);
  if (values.year === undefined || !/^\d{4}$/u.test(values.year))
    throw new AppError('usage', `--year takes a year such as 2026.\n${REPORT_HELP}`);
  const format = values.format;
  if (!isReportFormat(format))
    throw new AppError('usage', `--format takes ${REPORT_FORMATS.join(', ')}, not ${format}.\n${REPORT_HELP}`);
  if (format === 'pdf' && values.out === undefined)
    throw new AppError('usage', `A PDF is written to a file: give --out FILE.\n${REPORT_HELP}`);
  const report = await withStore(process.env, async (store) => {
    const tenantId = await reportTenant(store.db, values.tenant);
    return renderComplianceReport(store.db, { tenantId, year, now: Date.now(), format }, values.chromium);
  });
  if (values.out === undefined) {
    io.stdout.write(report.body);
  } else {
    await writeFile(values.out, report.body);
    io.stderr.write(`wrote ${values.out} (${report.contentType}, ${report.body.length} bytes)\n`);
  }
  return 0;
}
