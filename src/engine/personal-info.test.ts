import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileEngine, findPersonalInfo, isResidentId, maskSpans, parseLexicon } from './index.js';
import type { PersonalInfoKind } from './index.js';

const engine = compileEngine(parseLexicon([{ name: 'empty.txt', text: '' }]));

/** The personal_info matches of a text as [kind term head, text]. */
function found(text: string): [string, string][] {
  return engine
    .moderate(text)
    .matches.filter((m) => m.category === 'personal_info')
    .map((m) => [m.term.split(' ')[0]!, m.text]);
}

/** A resident ID of 17 digits with its GB 11643 check character. */
function withCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

describe('personal information in content', () => {
  const cases: { name: string; text: string; expect: [string, string][] }[] = [
    {
      name: 'a child gives their own mobile number',
      text: '我的手机号是13812345678',
      expect: [['个人电话', '13812345678']],
    },
    {
      name: 'a number in Han numerals is still a number',
      text: '我妈电话一三八一二三四五六七八',
      expect: [['个人电话', '一三八一二三四五六七八']],
    },
    { name: 'a customer-service hotline is not a person', text: '客服热线400-820-8820', expect: [] },
    { name: 'a shop number is not a person', text: '本店电话13800138000欢迎订餐', expect: [] },
    {
      name: 'an ID number with a valid check character',
      text: '我的身份证号是11010519491231002X',
      expect: [['身份证号', '11010519491231002X']],
    },
    { name: 'an order number with a wrong check character is not an ID', text: '订单号110105194912310021', expect: [] },
    { name: 'a dwelling in an estate', text: '我家住在阳光小区3栋2单元501', expect: [['住址', '阳光小区3栋2单元501']] },
    { name: 'a street number given as a home', text: '他家住在人民路88号', expect: [['住址', '人民路88号']] },
    { name: 'an event venue is not a home', text: '发布会在北京市朝阳区建国路88号举行', expect: [] },
    { name: 'a flat for rent is not a home', text: '3栋2单元501出租，月租3500', expect: [] },
    {
      name: 'school with grade and class',
      text: '我在育才小学三年级二班',
      expect: [['学校班级', '育才小学三年级二班']],
    },
    {
      name: 'a numbered school is not cut at its number',
      text: '本人就读于第二十七中学高一5班',
      expect: [['学校班级', '第二十七中学高一5班']],
    },
    { name: 'a class teacher is not a class', text: '重庆一学校班主任收了学生学费后跑路了', expect: [] },
    { name: 'a famous school in the news is not a child', text: '据报道，衡水中学高三（5）班全班考入985', expect: [] },
    { name: 'a full name beside an age', text: '我叫李思琪，12岁', expect: [['姓名与年龄或学校', '李思琪']] },
    { name: 'a fictional character is not a child', text: '动画片主角叫张小凡，今年十五岁', expect: [] },
    { name: 'a nickname is not a full name', text: '我叫大头，今年8岁', expect: [] },
    { name: 'a museum’s street address', text: '地址是北京市东城区景山前街4号故宫博物院内。', expect: [] },
    { name: 'a venue’s landline in a chat', text: '我有电话，010-84018677，这里收门票吗？', expect: [] },
    { name: 'a home landline', text: '我家电话是010-84018677', expect: [['个人电话', '010-84018677']] },
    { name: 'a home’s street address', text: '我家地址是景山前街4号', expect: [['住址', '景山前街4号']] },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(found(c.text), c.expect));

  it('holds a minor’s post for review with a masked text of the same length, and only labels an adult’s', () => {
    const text = '我家住在阳光小区3栋2单元501';
    const minor = engine.moderate(text, { ageBand: 'age_8_12' });
    assert.equal(minor.action, 'review');
    assert.equal(minor.masked, '我家住在＊＊＊＊＊＊＊＊＊＊＊＊');
    assert.equal(minor.masked.length, text.length);
    const adult = engine.moderate(text, { ageBand: 'adult' });
    assert.equal(adult.action, 'label');
    assert.equal(adult.masked, undefined);
  });

  it('blocks an ID number on a minor’s surface', () => {
    assert.equal(engine.moderate('身份证11010519491231002X', { ageBand: 'age_12_16' }).action, 'block');
  });

  it('says whose the detail reads as', () => {
    const owners = (text: string): string[] => findPersonalInfo(text, []).map((f) => `${f.kind}:${f.owner}`);
    assert.deepEqual(owners('我家住在阳光小区3栋2单元501'), ['address:self']);
    assert.deepEqual(owners('她家在幸福家园12号楼1单元302'), ['address:other']);
  });

  it('accepts every 17 digits with their own check character and refuses every other one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.stringMatching(/^\d{5}$/u),
        fc.date({ min: new Date('1950-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
        fc.stringMatching(/^\d{3}$/u),
        (area, rest, birth, seq) => {
          const first = `${area}${rest}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${seq}`;
          const id = withCheck(first);
          assert.ok(isResidentId(id));
          for (const wrong of '0123456789X') if (wrong !== id[17]) assert.ok(!isResidentId(first + wrong));
        },
      ),
    );
  });

  it('refuses impossible birth dates even with a matching check character', () => {
    assert.ok(!isResidentId(withCheck('11010520230229123')));
    assert.ok(!isResidentId(withCheck('11010520241301123')));
    assert.ok(isResidentId(withCheck('11010520240229123')));
  });

  it('masks spans without moving offsets', () => {
    const spans = [{ start: 2, end: 5 }];
    assert.equal(maskSpans('我叫李思琪', spans), '我叫＊＊＊');
    const kinds: PersonalInfoKind[] = findPersonalInfo('我叫李思琪，12岁', []).map((f) => f.kind);
    assert.deepEqual(kinds, ['name_age']);
  });
});
