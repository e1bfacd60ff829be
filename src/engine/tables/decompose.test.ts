import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildRecomposer, compositionsOf } from './decompose.js';
import { RADICAL_FORMS } from './radical-forms.js';

const spelled = (char: string): string[] => compositionsOf(char).map((parts) => parts.join(''));

describe('compositionsOf', () => {
  const cases: [string, string, string[]][] = [
    ['女干 spells 奸', '奸', ['女干']],
    ['弓虽 spells 强', '强', ['弓虽']],
    ['贝者 spells 赌, and so does the traditional 貝者', '赌', ['贝者', '貝者']],
    ['衤果 spells 裸, and 衣果 as people type it', '裸', ['衤果', '衣果']],
    ['女表 spells 婊', '婊', ['女表']],
    ['口丁 spells 叮', '叮', ['口丁']],
    ['牛寺 spells 特', '特', ['牛寺']],
    ['氵每 spells 海, and 水每', '海', ['氵每', '水每']],
    ['a component splits again the same way: 氵古月 spells 湖', '湖', ['氵胡', '氵古月', '水古月']],
    ['讠 is also typed 言', '语', ['讠吾', '言吾']],
    ['钅 is also typed 金', '钱', ['钅戋', '金戋']],
    ['阝 is also typed 耳 (耳东陈)', '陈', ['阝东', '耳东', '耳東']],
    ['an untypeable positional radical is written as its character: ⺮ → 竹', '笑', ['竹夭']],
    ['⻊ → 足', '跑', ['足包']],
    ['top-bottom splits count: 比死 spells 毙', '毙', ['比死']],
    ['a traditional character splits too', '賭', ['貝者']],
    ['女票 spells 嫖', '嫖', ['女票']],
  ];
  for (const [name, char, expected] of cases) {
    test(name, () => {
      const got = spelled(char);
      for (const spelling of expected) assert.ok(got.includes(spelling), `${char}: ${got.join(' ')} lacks ${spelling}`);
    });
  }

  test("the data's own split comes first", () => {
    assert.equal(spelled('海')[0], '氵每');
    assert.equal(spelled('赌')[0], '贝者');
  });

  test('a component is never replaced by a character it only merges with (干 is not 幹 inside 奸)', () => {
    assert.deepEqual(spelled('奸'), ['女干']);
  });

  test('stacked splits are not nested further (票 is not 西二小)', () => {
    assert.deepEqual(spelled('票'), ['覀示', '西示']);
  });

  test('a full component is never written as a side form (言 in 信 is not 讠)', () => {
    assert.ok(!spelled('信').includes('亻讠'));
    assert.ok(spelled('信').includes('人言'));
  });

  test('言身寸 spells 谢', () => {
    assert.ok(spelled('谢').includes('言身寸'));
  });

  test('splits into a single stroke are left out (下 is not 一卜)', () => {
    assert.deepEqual(compositionsOf('下'), []);
    assert.deepEqual(compositionsOf('上'), []);
  });

  test('enclosing shapes are not split: 逼 and 国 have no spelling', () => {
    assert.deepEqual(compositionsOf('逼'), []);
    assert.deepEqual(compositionsOf('国'), []);
  });

  test('non-Han input and rare characters have no spelling', () => {
    for (const char of ['a', '1', '😀', '', '𠀀']) assert.deepEqual(compositionsOf(char), []);
  });

  test('every component is a character someone can type, never a positional radical variant', () => {
    for (const char of '赌博嫖娼吸毒枪杀裸婊强奸海湖语钱陈笑跑淫骗妓') {
      for (const parts of compositionsOf(char)) {
        for (const part of parts) {
          const code = part.codePointAt(0) ?? 0;
          assert.ok(code < 0x2e80 || code > 0x2eff, `${char}: ${parts.join('')}`);
        }
      }
    }
  });

  test('results are frozen and stable', () => {
    const first = compositionsOf('赌');
    assert.equal(compositionsOf('赌'), first);
    assert.ok(Object.isFrozen(first));
  });
});

describe('buildRecomposer', () => {
  test('maps each spelling of the given characters to the character', () => {
    const recompose = buildRecomposer('奸强赌裸婊');
    const cases: [string, string][] = [
      ['女干', '奸'],
      ['弓虽', '强'],
      ['贝者', '赌'],
      ['貝者', '赌'],
      ['衤果', '裸'],
      ['衣果', '裸'],
      ['女表', '婊'],
    ];
    for (const [sequence, char] of cases) assert.equal(recompose.get(sequence), char, sequence);
  });

  test('knows only the characters it was given, so ordinary text is not rewritten', () => {
    const recompose = buildRecomposer(['奸']);
    assert.equal(recompose.get('口丁'), undefined);
    assert.equal(recompose.get('氵每'), undefined);
    assert.deepEqual([...recompose.keys()], ['女干']);
  });

  test('every key is two or three single-unit components', () => {
    for (const key of buildRecomposer('赌博嫖娼吸毒枪杀裸婊强奸海湖语钱陈笑跑淫骗妓').keys()) {
      assert.ok(key.length === 2 || key.length === 3, key);
    }
  });

  test('accepts any iterable of characters, with repeats', () => {
    assert.equal(buildRecomposer(new Set(['海'])).get('水每'), '海');
    assert.equal(buildRecomposer(['海', '海']).size, buildRecomposer(['海']).size);
  });

  test('when two characters share a sequence the first given wins', () => {
    assert.equal(buildRecomposer('另叻').get('口力'), '另');
    assert.equal(buildRecomposer('叻另').get('口力'), '叻');
  });

  test("a character's own split wins over another's variant spelling", () => {
    const recompose = buildRecomposer(['湖', '海']);
    assert.equal(recompose.get('氵每'), '海');
    assert.equal(recompose.get('氵古月'), '湖');
  });
});

describe('RADICAL_FORMS', () => {
  test('maps the side forms people replace to the characters they type', () => {
    const expected: [string, string][] = [
      ['氵', '水'],
      ['亻', '人'],
      ['讠', '言'],
      ['钅', '金'],
      ['扌', '手'],
      ['衤', '衣'],
      ['忄', '心'],
      ['犭', '犬'],
    ];
    for (const [radical, char] of expected) assert.ok(RADICAL_FORMS.get(radical)?.includes(char), radical);
  });
});
