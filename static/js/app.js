// Small behaviours for the host dashboard. No inline scripts (CSP), no build step.
(function () {
  "use strict";

  // Navigation drawer on a phone (layouts/host.html): the ☰ button in the top bar opens the sidebar over a
  // backdrop. Its Close button, the ☰ button again, Escape or a tap on the backdrop close it. Opening moves the
  // focus into it, closing brings it back to the ☰ button; focus leaving it any other way closes it too.
  // Closed, it is inert: off screen, its links must not be tabbed to.
  var phone = window.matchMedia("(max-width: 860px)");

  function setNav(open, returnFocus) {
    var sidebar = document.getElementById("sidebar");
    var toggle = document.querySelector("[data-nav-toggle]");
    if (!sidebar || !toggle) return;
    var backdrop = document.querySelector(".nav-backdrop");
    sidebar.classList.toggle("open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (backdrop) backdrop.hidden = !open;
    sidebar.toggleAttribute("inert", phone.matches && !open);
    document.documentElement.classList.toggle("nav-open", open);
    if (open) (sidebar.querySelector(".sidebar-close") || sidebar).focus({ preventScroll: true });
    else if (returnFocus) toggle.focus();
  }

  function navIsOpen() {
    var sidebar = document.getElementById("sidebar");
    return !!sidebar && sidebar.classList.contains("open");
  }

  document.addEventListener("DOMContentLoaded", function () { setNav(false, false); });
  phone.addEventListener("change", function () { setNav(false, false); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && navIsOpen()) {
      event.preventDefault();
      setNav(false, true);
    }
  });
  document.addEventListener("focusout", function (event) {
    var sidebar = document.getElementById("sidebar");
    var to = event.relatedTarget;
    if (!navIsOpen() || !sidebar.contains(event.target) || !to) return;
    if (!sidebar.contains(to) && !to.closest("[data-nav-toggle]")) setNav(false, false);
  });

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-nav-toggle]");
    if (toggle) setNav(!navIsOpen(), true);
    if (event.target.closest("[data-nav-close]")) setNav(false, true);
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
  // htmx:load fires for the preview htmx swapped in: with hx-swap="outerHTML", htmx:afterSwap's target
  // is the element that was replaced, no longer in the page, so the new preview lost its colours.
  function applyPreview(root) {
    var scope = root || document;
    var previews = Array.prototype.slice.call(scope.querySelectorAll("[data-preview]"));
    if (scope.matches && scope.matches("[data-preview]")) previews.push(scope);
    previews.forEach(function (el) {
      Object.keys(el.dataset).forEach(function (key) {
        if (key.indexOf("var") === 0) {
          var name = "--preview-" + key.slice(3).replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); }).replace(/^-/, "");
          el.style.setProperty(name, el.dataset[key]);
        }
      });
    });
    if (previews.length) showPreviewLogo();
  }
  document.addEventListener("DOMContentLoaded", function () { applyPreview(); });
  document.addEventListener("htmx:load", function (event) { applyPreview(event.target); });

  // The guest preview shows the logo the picker shows: the saved one, or the file just picked.
  function showPreviewLogo() {
    var logo = document.querySelector("[data-preview-logo]");
    if (!logo) return;
    var picker = document.querySelector("[data-image-picker]");
    var shown = picker && picker.querySelector("[data-image-picker-preview]");
    var use = shown && !shown.hidden && shown.getAttribute("src") && !picker.classList.contains("is-removed");
    if (use) logo.src = shown.getAttribute("src");
    logo.hidden = !use;
    var name = document.querySelector("[data-preview-name]");
    if (name) name.hidden = !!use;
  }

  // Image picker (forms/widgets/image_picker.html): the picked file shows before it is saved.
  document.addEventListener("change", function (event) {
    var input = event.target;
    var picker = input.closest && input.closest("[data-image-picker]");
    if (!picker) return;
    var img = picker.querySelector("[data-image-picker-preview]");
    var empty = picker.querySelector("[data-image-picker-empty]");
    var badge = picker.querySelector("[data-image-picker-badge]");
    var remove = picker.querySelector("[data-image-picker-remove]");
    var file = picker.querySelector("[data-image-picker-input]");
    if (img.src.indexOf("blob:") === 0) URL.revokeObjectURL(img.src);
    if (input === file && file.files && file.files[0]) {
      if (remove) remove.checked = false;
      img.src = URL.createObjectURL(file.files[0]);
      img.hidden = false;
      empty.hidden = true;
      badge.hidden = false;
    } else {
      if (input === remove && remove.checked) file.value = ""; // removing and replacing at once is refused
      var current = img.getAttribute("data-current-src");
      if (current) img.src = current; else img.removeAttribute("src");
      img.hidden = !current;
      empty.hidden = !!current;
      badge.hidden = true;
    }
    picker.classList.toggle("is-removed", !!(remove && remove.checked));
    showPreviewLogo();
  });
  // A file the browser cannot draw (HEIC outside Safari) is still accepted: the server converts it.
  document.addEventListener("error", function (event) {
    var img = event.target;
    if (!img.matches || !img.matches("[data-image-picker-preview]") || img.src.indexOf("blob:") !== 0) return;
    var picker = img.closest("[data-image-picker]");
    img.hidden = true;
    var empty = picker.querySelector("[data-image-picker-empty]");
    empty.textContent = empty.getAttribute("data-no-preview") || empty.textContent;
    empty.hidden = false;
  }, true);

  // Time zones: the chosen country's first (its most populous first: data-rank), in a group named after it,
  // then all the others; the server orders them the same way for the country it knows.
  function orderZones(select) {
    var country = document.getElementById(select.getAttribute("data-zones-for"));
    if (!country) return;
    var code = country.value;
    var zones = Array.prototype.slice.call(select.querySelectorAll("option[data-country]"));
    zones.sort(function (a, b) {
      if (a.value === "UTC" || b.value === "UTC") return a.value === "UTC" ? -1 : 1;
      return a.value < b.value ? -1 : 1;
    });
    var mine = zones.filter(function (o) { return code && o.getAttribute("data-country") === code; });
    select.querySelectorAll("optgroup").forEach(function (group) { group.remove(); });
    zones.forEach(function (o) { o.remove(); });
    if (!mine.length) {
      zones.forEach(function (o) { select.appendChild(o); });
      return;
    }
    var first = document.createElement("optgroup");
    first.label = country.options[country.selectedIndex].text;
    mine.sort(function (a, b) { return a.getAttribute("data-rank") - b.getAttribute("data-rank"); });
    mine.forEach(function (o) { first.appendChild(o); });
    var rest = document.createElement("optgroup");
    rest.label = select.getAttribute("data-zones-rest");
    zones.forEach(function (o) { if (mine.indexOf(o) === -1) rest.appendChild(o); });
    select.appendChild(first);
    select.appendChild(rest);
  }
  document.addEventListener("change", function (event) {
    var select = event.target.id && document.querySelector('select[data-zones-for="' + event.target.id + '"]');
    if (select) orderZones(select);
  });

  // Toasts fade after a while; errors stay until dismissed. One being read (pointer on it, or focus in it) waits.
  function expire(toast, delay) {
    window.setTimeout(function () {
      if (toast.matches(":hover, :focus-within")) expire(toast, 2000);
      else toast.remove();
    }, delay);
  }
  function scheduleToasts() {
    document.querySelectorAll(".toast:not(.toast-error):not([data-timed])").forEach(function (toast) {
      toast.setAttribute("data-timed", "1");
      expire(toast, 6000);
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
