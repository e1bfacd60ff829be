import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../lib/index.js';
import { VERIFICATION_NOTE, exportCaseBundle, verifyEvidenceChain } from '../store/index.js';
import type { Io } from './io.js';
import { withStore } from './service-store.js';

export const EVIDENCE_HELP = `qinglang evidence verify [--json]
qinglang evidence export --case ID [--out DIR]
  verify walks the whole hash chain of the evidence store and names every broken record (exit 1 if any).
  export writes a case's referral bundle (JSON with every hash and a verification note) to stdout, or into DIR as
  case-ID.json, case-ID.json.sha256 and VERIFY.txt. Both use DATABASE_URL like the other service commands.`;

/** `qinglang evidence verify|export`. */
export async function runEvidence(argv: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { case: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new AppError('usage', `Unexpected argument: ${positionals[0]}.\n${EVIDENCE_HELP}`);
  switch (sub ?? '') {
    case 'verify': {
      const result = await withStore(process.env, (store) => verifyEvidenceChain(store.db));
      if (values.json === true) {
        io.stdout.write(`${JSON.stringify(result)}\n`);
      } else if (result.ok) {
        io.stdout.write(
          `evidence chain intact: ${result.records} records; head ${result.headSeq} ${result.headHash}\n`,
        );
      } else {
        io.stdout.write(`evidence chain BROKEN: ${result.problems.length} problem(s) in ${result.records} records\n`);
        for (const p of result.problems) io.stdout.write(`  ${p.problem}\t${p.message}\n`);
      }
      return result.ok ? 0 : 1;
    }
    case 'export': {
      const caseId = values.case;
      if (caseId === undefined || caseId === '') throw new AppError('usage', `--case is required.\n${EVIDENCE_HELP}`);
      const bundle = await withStore(process.env, (store) => exportCaseBundle(store.db, undefined, caseId, Date.now()));
      const json = `${JSON.stringify(bundle, null, 2)}\n`;
      const out = values.out;
      if (out === undefined) {
        io.stdout.write(json);
      } else {
        await mkdir(out, { recursive: true });
        const name = `case-${caseId}.json`;
        const fileHash = createHash('sha256').update(json, 'utf8').digest('hex');
        await writeFile(join(out, name), json);
        await writeFile(join(out, `${name}.sha256`), `${fileHash}  ${name}\n`);
        await writeFile(join(out, 'VERIFY.txt'), VERIFICATION_NOTE);
        io.stderr.write(
          `wrote ${join(out, name)} (${bundle.evidence.length} evidence records, chain ${bundle.chain.ok ? 'intact' : 'BROKEN'}); sha256 ${fileHash}\n`,
        );
      }
      if (!bundle.chain.ok) io.stderr.write('warning: the evidence chain is broken; run qinglang evidence verify\n');
      return 0;
    }
    default:
      throw new AppError('usage', EVIDENCE_HELP);
  }
}
