import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/modules/accounts/index.js';
import { makeArticle } from '../support/factories.js';
import type { NewsroomVisitor } from '../support/newsroom-visitor.js';
import { signedInAs } from '../support/newsroom-staff.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

/** /newsroom/names: the table `opdesk names` edits, with the same checks, applied to searches at once. */
let t: TestApp;
let editor: NewsroomVisitor;
let articleId: number;

beforeAll(async () => {
  t = await buildTestApp({ NEWSROOM_LOGIN_ATTEMPTS_PER_MINUTE: '1000' });
  articleId = await makeArticle(t, { title: '通勤月票的第一年', paragraphs: ['通勤月票上路一年，使用人次成長。'] });
  editor = await signedInAs(t, 'editor', '編輯丙');
});
afterAll(async () => t.close());

const found = async (q: string) => JSON.parse((await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}` })).body).data.map((a: { id: number }) => a.id);

describe('the name-variant screen', () => {
  it('adds a group that searches use at once, and removes a form again', async () => {
    expect(await found('月季票')).toEqual([]);
    const page = await editor.get('/newsroom/names');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('川普');
    const res = await editor.post('/newsroom/names', { taiwan: '通勤月票', forms: '月季票、定期票' });
    expect(res.statusCode, res.body).toBe(303);
    const list = await editor.get('/newsroom/names?added=1');
    expect(list.body).toContain('<td data-label="其他寫法">月季票</td>');
    expect(await found('月季票')).toEqual([articleId]);
    expect(await found('定期票')).toEqual([articleId]);
    expect((await listAudit(t.deps, 20, null)).find((e) => e.action === 'names.add')?.details).toEqual({ forms: ['月季票', '定期票'] });

    const removed = await editor.post('/newsroom/names/remove', { form: '月季票' });
    expect(removed.statusCode).toBe(303);
    expect(await found('月季票')).toEqual([]);
    expect(await found('定期票')).toEqual([articleId]);
    const again = await editor.post('/newsroom/names/remove', { form: '月季票' });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('沒有編輯新增的「月季票」');
  });

  it('refuses what is not a name with the CLI’s words, 422, and adds nothing', async () => {
    await editor.get('/newsroom/names');
    for (const [fields, field, message] of [
      [{ taiwan: '川普', forms: 'drop;table' }, 'forms', '「drop;table」不像人名或地名（1–30 個文字，不含數字與符號）'],
      [{ taiwan: '川普2', forms: '特朗普' }, 'taiwan', '不像人名或地名'],
      [{ taiwan: '', forms: '特朗普' }, 'taiwan', '請填台灣慣用的寫法'],
      [{ taiwan: '川普', forms: '' }, 'forms', '請至少填一個其他寫法'],
      [{ taiwan: '川普', forms: '川普' }, 'forms', '其他寫法不能和台灣寫法相同'],
      [{ taiwan: '川普', forms: '<script>' }, 'forms', '不像人名或地名'],
    ] as Array<[Record<string, string>, string, string]>) {
      const res = await editor.post('/newsroom/names', fields);
      expect(res.statusCode, JSON.stringify(fields)).toBe(422);
      expect(new RegExp(`<p class="field__error" id="error-${field}">([^<]*)</p>`).exec(res.body)?.[1]).toContain(message);
      expect(res.body).not.toContain('<script>');
    }
    expect((await editor.get('/newsroom/names')).body).toContain('編輯新增的對照（1）');
  });
});
