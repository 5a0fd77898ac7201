import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { emptyForm, type FormState, readForm } from '../../src/platform/http/forms.js';
import { ErrorSummary, TextAreaField, TextField } from '../../src/platform/html/form.js';
import { renderDocument } from '../../src/platform/html/render.js';

/**
 * The pattern every HTML form of the product follows, exercised through HTTP: a bad post comes back as the same
 * form, what was typed kept, each message beside its field; a good one goes through.
 */
const schema = z.object({
  penName: z.string().trim().min(1, '請填寫筆名').max(20, '筆名最多 20 個字'),
  email: z.string().trim().email('電子郵件格式不正確'),
  body: z.string().refine((s) => [...s.replace(/\s/g, '')].length >= 10, '內文至少 10 個字'),
});
const labels = { penName: '筆名', email: '電子郵件', body: '內文' };

function page(form: FormState): string {
  return renderDocument(
    <html lang="zh-Hant-TW">
      <body>
        <form method="post" action="/form">
          <ErrorSummary form={form} labels={labels} />
          <TextField form={form} name="penName" label="筆名" required />
          <TextField form={form} name="email" label="電子郵件" type="email" hint="只用來聯絡您，不會公開" />
          <TextAreaField form={form} name="body" label="內文" />
          <button type="submit">送出</button>
        </form>
      </body>
    </html>,
  );
}

const app = Fastify();
const received: unknown[] = [];
beforeAll(async () => {
  await app.register(formbody);
  app.get('/form', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page(emptyForm)));
  app.post('/form', async (request, reply) => {
    const result = readForm(schema, request.body);
    if (!result.ok) return reply.code(422).type('text/html; charset=utf-8').send(page(result.state));
    received.push(result.data);
    return reply.redirect('/form?sent=1', 303);
  });
  await app.ready();
});
afterAll(async () => app.close());

const post = (fields: Record<string, string>) =>
  app.inject({ method: 'POST', url: '/form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });

describe('HTML form posts', () => {
  it('shows the form again with what was typed and each message beside its field', async () => {
    const res = await post({ penName: '', email: 'not-an-email', body: '<i>短文</i>' });
    expect(res.statusCode).toBe(422);
    const html = res.body;
    expect(html).toContain('請修正以下 3 個問題');
    expect(html).toContain('<p class="field__error" id="error-penName">請填寫筆名</p>');
    expect(html).toMatch(/id="field-email"[^>]*value="not-an-email"[^>]*aria-invalid="true"[^>]*aria-describedby="hint-email error-email"/);
    // What was typed comes back escaped, never as markup.
    expect(html).toContain('>&lt;i>短文&lt;/i></textarea>');
    expect(html).not.toContain('<i>短文</i>');
    expect(html).toContain('<a href="#field-body">內文：內文至少 10 個字</a>');
    expect(received).toEqual([]);
  });

  it('lets a good post through with the parsed values', async () => {
    const res = await post({ penName: ' 林小明 ', email: 'writer@example.tw', body: '這是一篇夠長的投書內文，超過十個字。' });
    expect(res.statusCode).toBe(303);
    expect(received).toEqual([{ penName: '林小明', email: 'writer@example.tw', body: '這是一篇夠長的投書內文，超過十個字。' }]);
  });

  it('keeps the first value of a field sent twice and ignores what is not text', () => {
    const result = readForm(schema, { penName: ['甲', '乙'], email: { nested: true }, body: '十個字以上的一段內文在此' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.state.values).toEqual({ penName: '甲', body: '十個字以上的一段內文在此' });
    expect(Object.keys(result.state.errors)).toEqual(['email']);
  });
});
