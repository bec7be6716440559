// A stay's conversation: the reply form shows what the chosen channel takes (WhatsApp outside its
// 24-hour window: a template, no free text; email: a subject). Without JavaScript everything shows.
(function () {
  "use strict";

  function sync(form) {
    var select = form.elements.namedItem("channel");
    if (!select) return;
    var channel = select.value;
    form.querySelectorAll("[data-for-channel]").forEach(function (el) {
      if (el.getAttribute("data-for-channel") === channel) el.removeAttribute("data-channel-hidden");
      else el.setAttribute("data-channel-hidden", "");
    });
    form.querySelectorAll("[data-not-for-channel]").forEach(function (el) {
      if (el.getAttribute("data-not-for-channel") === channel) el.setAttribute("data-channel-hidden", "");
      else el.removeAttribute("data-channel-hidden");
    });
  }
  function syncAll() {
    document.querySelectorAll("form[data-reply]").forEach(sync);
  }
  document.addEventListener("DOMContentLoaded", syncAll);
  document.addEventListener("htmx:afterSettle", syncAll);
  document.addEventListener("change", function (event) {
    if (event.target.name === "channel" && event.target.form && event.target.form.hasAttribute("data-reply")) {
      sync(event.target.form);
    }
  });
  // New messages scroll into view as the poll appends them.
  document.addEventListener("htmx:afterSettle", function (event) {
    var chat = event.target.closest && event.target.closest(".chat");
    var list = chat || (event.target.querySelector && event.target.querySelector(".chat"));
    if (list) list.scrollTop = list.scrollHeight;
  });
})();
