/**
 * The forms people type for a component when they split a character (拆字), keyed by the component as the decomposition
 * data writes it. A side form that an input method offers (氵, 亻, 讠) stays usable as itself; what is listed here is added:
 * the full character the radical comes from (氵 → 水, 亻 → 人, 钅 → 金), its traditional form, and for the positional
 * variants of the CJK Radicals Supplement block, which no one types (⺮, ⻊), only the characters people write instead.
 * Hand-written; each row is a substitution seen in split-character disguises or a name people use for the radical (耳 for
 * 阝, as in 耳东陈).
 *
 * @example
 * RADICAL_FORMS.get('氵'); // ['水']
 */
export const RADICAL_FORMS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  // Left-hand side forms available in input methods, and the characters they abbreviate.
  ['氵', ['水']],
  ['亻', ['人']],
  ['扌', ['手']],
  ['讠', ['言', '訁']],
  ['訁', ['言', '讠']],
  ['钅', ['金', '釒']],
  ['釒', ['金', '钅']],
  ['饣', ['食', '飠']],
  ['飠', ['食', '饣']],
  ['纟', ['糸', '糹']],
  ['糹', ['糸', '纟']],
  ['衤', ['衣']],
  ['礻', ['示']],
  ['忄', ['心']],
  ['犭', ['犬']],
  ['阝', ['耳']],
  ['刂', ['刀']],
  ['灬', ['火']],
  ['牜', ['牛']],
  ['攵', ['文']],
  ['罒', ['四']],
  ['爫', ['爪']],
  ['耂', ['老']],
  ['龶', ['丰']],
  ['覀', ['西']],
  ['氺', ['水']],
  ['丷', ['八']],
  // Positional variants from the CJK Radicals Supplement block: written as the character they stand for.
  ['⺡', ['氵', '水']],
  ['⺅', ['亻', '人']],
  ['⺘', ['扌', '手']],
  ['⺖', ['忄', '心']],
  ['⺨', ['犭', '犬']],
  ['⻂', ['衤', '衣']],
  ['⺭', ['礻', '示']],
  ['⻈', ['讠', '言']],
  ['⻐', ['钅', '金']],
  ['⻠', ['饣', '食']],
  ['⺰', ['纟', '糸']],
  ['⺯', ['糹', '糸']],
  ['⺣', ['灬', '火']],
  ['⺉', ['刂', '刀']],
  ['⻏', ['阝', '耳']],
  ['⻖', ['阝', '耳']],
  ['⺮', ['竹']],
  ['⻊', ['足']],
  ['⺙', ['攵', '文']],
  ['⺲', ['罒', '四']],
  ['⺌', ['小']],
  ['⺧', ['牛']],
  ['⺊', ['卜']],
  ['⺼', ['月']],
  ['⺶', ['羊']],
  ['⺷', ['羊']],
  ['⺹', ['耂', '老']],
  ['⺳', ['网']],
]);
