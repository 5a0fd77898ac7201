// The submission desk's enhancement. Without it, 「套用範本」 posts the form and the page comes back with the
// template's text in the reason; with it, choosing a template fills the reason at once (and the button goes).
(function () {
  'use strict';
  var select = document.querySelector('select[data-decline-template]');
  if (!select) return;
  var form = select.form;
  var reason = form && form.querySelector('textarea[name="reason"]');
  var button = form && form.querySelector('[data-template-button]');
  if (!reason) return;
  if (button) button.hidden = true;
  select.addEventListener('change', function () {
    var option = select.options[select.selectedIndex];
    var text = option && option.getAttribute('data-text');
    if (text) reason.value = text;
  });
})();
