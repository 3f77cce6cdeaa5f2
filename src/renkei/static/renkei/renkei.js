// The pages' small behaviours, declared with data- attributes instead of inline handlers
// (the Content-Security-Policy allows no inline script, no on...= attribute, no style=""):
//   <select data-autosubmit>            submits its form when changed
//   <form data-confirm="question?">     asks before submitting
//   <a data-with-form-query>            follows its link with the enclosing form's fields as query
//   <span data-width="42%">             gets that width (bars, progress), also after htmx swaps
(function () {
  document.addEventListener('change', function (event) {
    var el = event.target;
    if (el.matches && el.matches('select[data-autosubmit]') && el.form) { el.form.submit(); }
  });

  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);

  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-with-form-query]');
    if (!link) { return; }
    var form = link.closest('form');
    if (form) { link.search = new URLSearchParams(new FormData(form)).toString(); }
  });

  // Setting a style property from a script is allowed by the policy; a style="" attribute is not.
  function applyWidths(root) {
    (root.querySelectorAll ? root : document).querySelectorAll('[data-width]').forEach(function (el) {
      el.style.width = el.getAttribute('data-width');
    });
  }
  document.addEventListener('DOMContentLoaded', function () { applyWidths(document); });
  document.addEventListener('htmx:afterSettle', function (event) { applyWidths(event.target); });
})();
