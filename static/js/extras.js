// Extras: "Add", then − / + buttons for each offer's quantity, and a cart bar with the total to pay.
// Without this script the page is a form of number inputs and a submit button, and works the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-extras]");
  if (!form) return;
  var bar = form.querySelector("[data-cart]");
  var totalText = form.querySelector("[data-total]");
  var pay = form.querySelector("[data-pay-button]");
  var places = Number(form.getAttribute("data-places"));

  // Amounts as the server writes them (payments.money.money): prefix, grouped digits, decimals.
  function format(minor) {
    var unit = Math.pow(10, places);
    var whole = Math.floor(minor / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, form.getAttribute("data-thousands"));
    var cents = places ? form.getAttribute("data-decimal") + String(minor % unit).padStart(places, "0") : "";
    return form.getAttribute("data-prefix") + whole + cents;
  }

  function quantity(input) {
    var value = parseInt(input.value, 10);
    return isNaN(value) ? 0 : value;
  }

  function update() {
    var total = 0;
    form.querySelectorAll("[data-offer]").forEach(function (offer) {
      var input = offer.querySelector("input[type=number]");
      var count = quantity(input), max = Number(input.max);
      total += Math.max(0, Math.min(count, max)) * Number(offer.getAttribute("data-price"));
      offer.classList.toggle("is-chosen", count > 0);
      offer.querySelector("[data-add]").hidden = count > 0;
      offer.querySelector("[data-control]").hidden = count <= 0;
      var plus = offer.querySelector("[data-step='1']");
      if (plus) plus.disabled = count >= max;
    });
    var amount = format(total);
    totalText.textContent = amount;
    pay.textContent = form.getAttribute("data-pay").replace("__AMOUNT__", amount);
    bar.hidden = total === 0 && !form.querySelector(".has-error");
  }

  form.classList.add("has-stepper");
  form.querySelector("[data-total-line]").hidden = false; // without the script the total would not follow
  form.querySelectorAll("[data-step]").forEach(function (button) { button.hidden = false; });
  form.addEventListener("click", function (e) {
    var button = e.target.closest("[data-step], [data-add]");
    var offer = button && button.closest("[data-offer]");
    if (!offer) return;
    var input = offer.querySelector("input[type=number]");
    var step = button.hasAttribute("data-add") ? 1 : Number(button.getAttribute("data-step"));
    input.value = Math.max(0, Math.min(quantity(input) + step, Number(input.max)));
    update();
    // The focus stays on a control that is still there.
    if (button.hidden || button.disabled || button.closest("[hidden]")) {
      var plus = offer.querySelector("[data-step='1']");
      var next = quantity(input) === 0 ? offer.querySelector("[data-add]") : plus && !plus.disabled ? plus : offer.querySelector("[data-step='-1']");
      next.focus();
    }
  });
  form.addEventListener("input", update);
  // Back from Stripe: the browser may show this page as it was left, its button still disabled.
  window.addEventListener("pageshow", function () { pay.disabled = false; });
  update();
})();
