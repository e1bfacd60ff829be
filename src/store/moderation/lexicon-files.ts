import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLexicon, type Lexicon, type LexiconSource } from '../../engine/index.js';
import { AppError } from '../../lib/index.js';

/** Where the project's default lexicon lives: `data/lexicon/*.txt`, read in name order. */
export const DEFAULT_LEXICON_DIR = fileURLToPath(new URL('../../../../data/lexicon/', import.meta.url));

/** Reads the default lexicon's files as sources, in name order. */
export async function loadDefaultLexiconSources(dir: string = DEFAULT_LEXICON_DIR): Promise<LexiconSource[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.txt')).sort();
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') })));
}

/** Reads lexicon files as sources, in the order given; a missing file is an `input_invalid` error naming it. */
export async function readLexiconSources(paths: readonly string[]): Promise<LexiconSource[]> {
  return Promise.all(
    paths.map(async (path) => {
      try {
        return { name: basename(path), text: await readFile(path, 'utf8') };
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
        throw new AppError('input_invalid', `Cannot read lexicon file ${path}: ${reason}`, [
          { source: path, message: reason },
        ]);
      }
    }),
  );
}

/**
 * Loads a lexicon: the default one, then the given files on top (a later file can override or disable earlier terms).
 * With `replaceDefault`, only the given files.
 */
export async function loadLexicon(
  paths: readonly string[] = [],
  options: { replaceDefault?: boolean } = {},
): Promise<Lexicon> {
  const base = options.replaceDefault ? [] : await loadDefaultLexiconSources();
  return parseLexicon([...base, ...(await readLexiconSources(paths))]);
}
