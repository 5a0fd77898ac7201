// 我要投稿: live 字數, the byline preview and a draft kept in this browser. Progressive enhancement only: the
// form and the server's checks work without this file.
(() => {
  const DRAFT_KEY = 'opdesk:contribute-draft';
  // Contact details stay out of the draft: the browser may be a shared one.
  const PRIVATE = new Set(['realName', 'email', 'phone', 'address', 'website', 'issuedAt', 'termsVersion']);
  const storage = (() => {
    try {
      const s = window.localStorage;
      s.setItem(`${DRAFT_KEY}:probe`, '1');
      s.removeItem(`${DRAFT_KEY}:probe`);
      return s;
    } catch {
      return null;
    }
  })();

  // After a send that went through, the draft has done its job.
  if (document.querySelector('[data-clear-draft]') && storage) storage.removeItem(DRAFT_KEY);

  // 字數 as the server counts it: characters that are not whitespace.
  const count = (text) => {
    let n = 0;
    for (const ch of text) if (!/\s/u.test(ch)) n++;
    return n;
  };
  const fmt = (n) => n.toLocaleString('en-US');
  for (const counter of document.querySelectorAll('[data-count-for]')) {
    const field = document.getElementById(counter.getAttribute('data-count-for'));
    if (!field) continue;
    const min = Number(counter.getAttribute('data-min'));
    const max = Number(counter.getAttribute('data-max'));
    const update = () => {
      const n = count(field.value);
      counter.textContent = `字數：${fmt(n)}（須 ${fmt(min)}–${fmt(max)} 字）${n > 0 && n < min ? `，還差 ${fmt(min - n)} 字` : n > max ? `，超過 ${fmt(n - max)} 字` : ''}`;
      counter.classList.toggle('counter--under', n > 0 && n < min);
      counter.classList.toggle('counter--over', n > max);
      counter.classList.toggle('counter--ok', n >= min && n <= max);
    };
    field.addEventListener('input', update);
    update();
  }

  const form = document.querySelector('[data-contribute-form]');
  if (!form) return;

  const preview = document.getElementById('byline-preview');
  const penName = form.elements.namedItem('penName');
  const bioLine = form.elements.namedItem('bioLine');
  if (preview && penName && bioLine) {
    const update = () => {
      preview.textContent = `●${penName.value.trim() || '筆名'}／${bioLine.value.trim() || '簡介'}`;
    };
    penName.addEventListener('input', update);
    bioLine.addEventListener('input', update);
    update();
  }

  if (!storage) return;
  const draftable = () =>
    [...form.elements].filter((el) => el.name && !PRIVATE.has(el.name) && (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && el.type === 'text') || el.tagName === 'SELECT'));

  // Restore into fields that are empty: what the server sent back (after an error) wins over the draft.
  try {
    const saved = JSON.parse(storage.getItem(DRAFT_KEY) || '{}');
    let restored = false;
    for (const el of draftable()) {
      if (typeof saved[el.name] === 'string' && saved[el.name] !== '' && el.value === '') {
        el.value = saved[el.name];
        el.dispatchEvent(new Event('input'));
        restored = true;
      }
    }
    const note = form.querySelector('[data-draft-note]');
    if (note) {
      note.hidden = false;
      if (restored) note.textContent = '已帶回您在這台裝置上次未送出的草稿（不含聯絡資料與圖片）。送出成功後草稿會自動清除。';
    }
  } catch {
    storage.removeItem(DRAFT_KEY);
  }

  let timer = 0;
  const save = () => {
    const draft = {};
    for (const el of draftable()) if (el.value !== '') draft[el.name] = el.value;
    try {
      storage.setItem(DRAFT_KEY, JSON.stringify(draft));
    } catch {
      // Full or refused: the form still works.
    }
  };
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  });
  form.addEventListener('submit', save);
})();
