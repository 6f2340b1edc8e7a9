// motcua — the few behaviours htmx does not give: a form submitted when a select changes.
// No inline scripts anywhere (Content-Security-Policy: script-src 'self').
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches && el.matches("select[data-autosubmit]") && el.form && !el.form.hasAttribute("hx-get")) {
    el.form.requestSubmit();
  }
});
