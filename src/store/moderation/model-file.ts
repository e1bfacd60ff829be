import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseModel, type Model } from '../../engine/index.js';
import { AppError } from '../../lib/index.js';

/** Where the project's model lives: `data/model/qinglang.model`, written by `npm run train`. */
export const DEFAULT_MODEL_FILE = fileURLToPath(new URL('../../../../data/model/qinglang.model', import.meta.url));

/**
 * Reads a model file once (the default one unless a path is given); a missing file is an `input_invalid` error naming
 * it, a damaged one `model_invalid`.
 */
export async function loadModel(path: string = DEFAULT_MODEL_FILE): Promise<Model> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new AppError('input_invalid', `Cannot read model file ${path}: ${reason}`, [
      { source: path, message: reason },
    ]);
  }
  return parseModel(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
