// The newsroom editor's enhancements. The form works without this file; it only adds live counts, a notice of
// who else has the article open, and a guard against leaving with unsaved changes. Nothing here listens to
// keystrokes or rewrites the text, so input methods (注音, 倉頡, 拼音) compose exactly as in any textarea.
(function () {
  'use strict';
  var form = document.querySelector('form[data-editor]');
  if (!form) return;
  var body = form.querySelector('textarea[name="body"]');
  var counts = document.querySelector('[data-counts]');
  var en = document.documentElement.lang === 'en';
  var dirty = false;

  function charCount(text) {
    // Characters as the page counts them (字數): code points, without whitespace, without sign lines.
    var lines = text.split('\n').filter(function (l) { return !/^\s*[●▲▼]/.test(l); });
    return Array.from(lines.join('').replace(/\s+/gu, '')).length;
  }
  function showCounts() {
    if (!body || !counts) return;
    var n = charCount(body.value);
    var perMinute = Number(counts.getAttribute('data-per-minute')) || 450;
    var minutes = Math.max(1, Math.round(n / perMinute));
    counts.textContent = en
      ? n.toLocaleString('en') + ' characters · about ' + minutes + ' min to read'
      : '字數 ' + n.toLocaleString('zh-Hant-TW') + '・閱讀約 ' + minutes + ' 分鐘';
  }
  form.addEventListener('input', function () { dirty = true; showCounts(); });
  form.addEventListener('submit', function () { dirty = false; });
  window.addEventListener('beforeunload', function (e) { if (dirty) { e.preventDefault(); e.returnValue = ''; } });

  // Paste from Word or Google Docs: keep the paragraphs, drop the styles. A textarea already receives plain
  // text; this only turns the single line breaks between pasted paragraphs into the blank lines of the layout.
  if (body) {
    body.addEventListener('paste', function (e) {
      var text = e.clipboardData && e.clipboardData.getData('text/plain');
      if (!text || text.indexOf('\n') < 0) return;
      e.preventDefault();
      var clean = text.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ').replace(/[ \t]+\n/g, '\n').replace(/\n{2,}/g, '\n').replace(/\n/g, '\n\n');
      var start = body.selectionStart, end = body.selectionEnd;
      body.setRangeText(clean, start, end, 'end');
      body.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  // Who else has the article open: asked every 30 seconds while the page is visible.
  var presence = document.querySelector('[data-presence]');
  var match = /^\/newsroom\/articles\/(\d+)$/.exec(location.pathname);
  var tokenField = form.querySelector('input[name="_csrf"]');
  if (presence && match && tokenField) {
    var ask = function () {
      if (document.visibilityState !== 'visible') return;
      fetch('/newsroom/articles/' + match[1] + '/presence', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'csrf-token': tokenField.value, 'content-type': 'application/x-www-form-urlencoded' },
        body: '_csrf=' + encodeURIComponent(tokenField.value),
      })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (json) {
          if (!json || !json.data) return;
          presence.textContent = json.data.message;
          presence.hidden = json.data.message === '';
        })
        .catch(function () {});
    };
    setInterval(ask, 30000);
  }
})();
