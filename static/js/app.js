// Small behaviours for the host dashboard. No inline scripts (CSP), no build step.
(function () {
  "use strict";

  // Mobile navigation toggle.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-nav-toggle]");
    if (toggle) {
      var sidebar = document.getElementById("sidebar");
      var open = sidebar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    var close = event.target.closest("[data-dismiss]");
    if (close) close.closest(".toast").remove();
  });

  // A form cannot be submitted twice: its submit buttons disable while it is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-allow-resubmit")) return;
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      });
    }, 0);
  });

  // Selects that navigate (the account switcher) submit their form on change.
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-autosubmit]")) event.target.form.requestSubmit();
  });

  // Branding preview: copy data-* values to CSS custom properties (allowed by CSP, unlike style attributes).
  function applyPreview(root) {
    (root || document).querySelectorAll("[data-preview]").forEach(function (el) {
      Object.keys(el.dataset).forEach(function (key) {
        if (key.indexOf("var") === 0) {
          var name = "--preview-" + key.slice(3).replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); }).replace(/^-/, "");
          el.style.setProperty(name, el.dataset[key]);
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { applyPreview(); });
  document.addEventListener("htmx:afterSwap", function (event) { applyPreview(event.target); });

  // Toasts fade after a while; errors stay until dismissed.
  function scheduleToasts() {
    document.querySelectorAll(".toast:not(.toast-error):not([data-timed])").forEach(function (toast) {
      toast.setAttribute("data-timed", "1");
      window.setTimeout(function () { toast.remove(); }, 6000);
    });
  }
  document.addEventListener("DOMContentLoaded", scheduleToasts);
  document.addEventListener("htmx:afterSettle", scheduleToasts);
})();
