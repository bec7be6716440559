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
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var field = document.querySelector(copy.getAttribute("data-copy"));
      field.select();
      if (navigator.clipboard) navigator.clipboard.writeText(field.value);
      copy.textContent = copy.getAttribute("data-copied") || "✓";
    }
    var close = event.target.closest("[data-dismiss]");
    if (close) close.closest(".toast").remove();
  });

  // A form that cannot be undone asks first (hx-confirm does the same for htmx forms).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // A form cannot be submitted twice: its submit buttons disable while it is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-allow-resubmit")) return;
    window.setTimeout(function () {
      if (event.defaultPrevented) return; // not sent after all (a declined confirmation)
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      });
    }, 0);
  });

  // The reservation filters beyond the search box fold away on a phone until asked for.
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector("[data-filters-toggle]");
    if (!toggle) return;
    var more = document.getElementById(toggle.getAttribute("aria-controls"));
    toggle.hidden = false;
    if (more.hasAttribute("data-start-folded")) more.classList.add("folded");
    toggle.addEventListener("click", function () {
      var folded = more.classList.toggle("folded");
      toggle.setAttribute("aria-expanded", folded ? "false" : "true");
    });
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

// Check-in form builder.
(function () {
  "use strict";

  // Form errors (400) answered to a region marked data-swap-errors are swapped in, so their messages show.
  function showsErrors(event) {
    var elt = event.target;
    return event.detail.xhr.status === 400 && elt.closest && elt.closest("[data-swap-errors]");
  }
  // Capture phase: before django-htmx's debug handler, which would show the answer as an error page.
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    if (showsErrors(event)) event.stopPropagation();
  }, true);
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (showsErrors(event)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Settings that apply to some field types only are shown for those types (all of them without JS).
  function syncTypeSections() {
    document.querySelectorAll("form[data-type-sections]").forEach(function (form) {
      var type = form.elements.namedItem("type");
      if (!type) return;
      form.querySelectorAll("[data-for-types]").forEach(function (section) {
        var applies = section.getAttribute("data-for-types").split(" ").indexOf(type.value) !== -1;
        section.hidden = !applies && !section.querySelector(".field-error");
      });
    });
  }
  document.addEventListener("DOMContentLoaded", syncTypeSections);
  document.addEventListener("htmx:afterSettle", syncTypeSections);
  document.addEventListener("change", function (event) {
    if (event.target.name === "type" && event.target.form && event.target.form.hasAttribute("data-type-sections")) {
      syncTypeSections();
    }
  });
})();

// Guide editor: the "hours before arrival" setting shows only for sections that open before arrival (always without JS).
(function () {
  "use strict";

  function syncVisibility() {
    document.querySelectorAll("form[data-guide-section]").forEach(function (form) {
      var checked = form.querySelector("input[name=visibility]:checked");
      form.querySelectorAll("[data-for-visibility]").forEach(function (part) {
        var applies = checked && part.getAttribute("data-for-visibility") === checked.value;
        part.hidden = !applies && !part.querySelector(".field-error");
      });
    });
  }
  document.addEventListener("DOMContentLoaded", syncVisibility);
  document.addEventListener("htmx:afterSettle", syncVisibility);
  document.addEventListener("change", function (event) {
    if (event.target.name === "visibility" && event.target.form && event.target.form.hasAttribute("data-guide-section")) {
      syncVisibility();
    }
  });
})();
