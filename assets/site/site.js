// Progressive enhancement only: every page works without this file.
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-copy-url]') : null;
  if (!target || !navigator.clipboard) return;
  event.preventDefault();
  const url = target.getAttribute('data-copy-url') || location.href;
  navigator.clipboard.writeText(url).then(
    () => {
      const label = target.textContent;
      target.textContent = '已複製';
      target.classList.add('is-copied');
      setTimeout(() => {
        target.textContent = label;
        target.classList.remove('is-copied');
      }, 2000);
    },
    () => window.prompt('複製這個連結：', url),
  );
});
