// Guest portal: language switch on change, document uploads one file at a time, signatures drawn or typed,
// no double submits, print. Small on purpose: every page works without it.
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    if (e.target.matches("[data-autosubmit]")) e.target.form.submit();
  });
  document.addEventListener("submit", function (e) {
    if (e.defaultPrevented) return;
    var button = e.target.querySelector("button[type=submit]:not([data-remove])");
    if (button) window.setTimeout(function () { button.disabled = true; }, 0);
    // Photos take a while on a phone's connection: say so, rather than look stuck.
    var uploading = e.target.querySelector("[data-uploading]");
    var chosen = Array.prototype.some.call(e.target.querySelectorAll("input[type=file]"), function (f) {
      return f.files && f.files.length;
    });
    if (uploading && chosen) uploading.hidden = false;
  });
  document.addEventListener("click", function (e) {
    if (e.target.closest("[data-print]")) window.print();
  });
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  // --- Documents: each file is sent as soon as it is picked, one at a time, with its progress. ---------
  // The server answers with the file's tile (thumbnail, or the error naming the file), swapped in here.
  // Without this script the step's form sends every picked file with "Save and continue".
  var form = document.querySelector("form[data-upload-url]");
  if (form && window.FormData && window.XMLHttpRequest) {
    var queue = [], busy = false;
    var continueButton = form.querySelector("button[type=submit]:not([data-remove])");
    var sending = form.querySelector("[data-uploading]");
    var status = form.querySelector("[data-upload-status]");

    var announce = function (text) {
      if (status) status.textContent = text.replace(/\s+/g, " ").trim();
    };
    var idle = function () {
      var waiting = busy || queue.length > 0;
      if (continueButton) continueButton.disabled = waiting;
      if (sending) sending.hidden = !waiting;
    };
    var swap = function (tile, html, hadFocus) {
      var template = document.createElement("template");
      template.innerHTML = html;
      var fresh = template.content.querySelectorAll("[data-upload]");
      if (!fresh.length) return false;
      Array.prototype.forEach.call(fresh, function (replacement) {
        var old = document.getElementById(replacement.id) || tile;
        old.replaceWith(replacement);
        var said = replacement.querySelectorAll("[data-announce]");
        announce(Array.prototype.map.call(said, function (p) { return p.textContent; }).join(" "));
        if (hadFocus) {
          var next = replacement.querySelector("input[type=file], button");
          if (next) next.focus();
        }
      });
      return true;
    };
    var failed = function (tile, preview) {
      tile.classList.remove("is-uploading");
      tile.querySelector("[data-progress]").hidden = true;
      if (preview) preview.remove();
      var message = tile.querySelector("[data-upload-error]");
      if (!message) {
        message = document.createElement("p");
        message.className = "error doc-error";
        message.setAttribute("data-upload-error", "");
        tile.appendChild(message);
      }
      message.textContent = form.getAttribute("data-upload-failed");
      tile.classList.add("is-error");
      announce(message.textContent);
    };
    var send = function (job) {
      var tile = job.tile, progress = tile.querySelector("[data-progress]"), bar = progress.querySelector("progress");
      var hadFocus = tile.contains(document.activeElement);
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      Object.keys(job.fields).forEach(function (name) { data.append(name, job.fields[name]); });
      var xhr = new XMLHttpRequest();
      xhr.open("POST", job.url);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      tile.classList.add("is-uploading");
      progress.hidden = false;
      bar.value = 0;
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.addEventListener("load", function () {
        var redirected = xhr.responseURL && xhr.responseURL.split("#")[0] !== new URL(job.url, location.href).href;
        if (redirected) { window.location.assign(xhr.responseURL); return; } // finished meanwhile, or link gone
        if ((xhr.status === 200 || xhr.status === 400) && swap(tile, xhr.responseText, hadFocus)) {
          if (job.preview) URL.revokeObjectURL(job.preview.src);
        } else {
          failed(tile, job.preview);
        }
        next();
      });
      xhr.addEventListener("error", function () { failed(tile, job.preview); next(); });
      xhr.send(data);
    };
    var next = function () {
      busy = queue.length > 0;
      if (busy) send(queue.shift());
      idle();
    };
    var enqueue = function (job) {
      queue.push(job);
      if (!busy) next(); else idle();
    };

    form.addEventListener("change", function (e) {
      var input = e.target;
      var tile = input.closest("[data-upload]");
      if (!tile || input.type !== "file" || !input.files || !input.files.length) return;
      var file = input.files[0], fields = {};
      fields[input.name] = file;
      input.value = ""; // sent now: "Save and continue" must not send it again
      // The photo at once, while it travels (the server's own copy replaces it).
      var preview = null;
      if (/^image\/(jpeg|png|webp)$/.test(file.type)) {
        preview = document.createElement("img");
        preview.className = "doc-local";
        preview.alt = "";
        preview.src = URL.createObjectURL(file);
        tile.insertBefore(preview, tile.firstChild);
      }
      var error = tile.querySelector("[data-upload-error]");
      if (error) error.remove();
      enqueue({ tile: tile, url: form.getAttribute("data-upload-url"), fields: fields, preview: preview });
    });
    form.addEventListener("click", function (e) {
      var button = e.target.closest("[data-remove]");
      if (!button) return;
      e.preventDefault();
      enqueue({ tile: button.closest("[data-upload]"), url: button.getAttribute("formaction"), fields: {}, preview: null });
    });
    form.addEventListener("submit", function (e) {
      if (busy || queue.length) e.preventDefault(); // wait for the files on their way
    });
  }

  // --- Signatures: draw (by default) or type; the page without this script offers typing only. --------
  document.querySelectorAll("[data-signature-field]").forEach(function (field) {
    var modes = field.querySelector("[data-sig-modes]");
    var drawPane = field.querySelector("[data-signature]");
    var typePane = field.querySelector("[data-sig-type]");
    var drawn = drawPane.querySelector("input[type=hidden]");
    var typed = typePane.querySelector("input[type=text]");
    var typedPreview = typePane.querySelector("[data-sig-typed-preview]");
    var show = function (mode) {
      drawPane.hidden = mode !== "draw";
      typePane.hidden = mode !== "type";
      // Only the way chosen is sent.
      drawn.disabled = mode !== "draw";
      typed.disabled = mode !== "type";
    };
    modes.hidden = false;
    var chosen = field.getAttribute("data-mode") === "type" ? "type" : "draw";
    modes.querySelector("input[value=" + chosen + "]").checked = true;
    show(chosen);
    modes.addEventListener("change", function (e) { if (e.target.checked) show(e.target.value); });
    typed.addEventListener("input", function () { typedPreview.textContent = typed.value; });

    var canvas = drawPane.querySelector("canvas");
    var ctx = canvas.getContext("2d");
    var drawing = false;
    ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#111";
    function point(e) {
      var r = canvas.getBoundingClientRect();
      return { x: (e.clientX - r.left) * canvas.width / r.width, y: (e.clientY - r.top) * canvas.height / r.height };
    }
    canvas.addEventListener("pointerdown", function (e) {
      drawing = true; canvas.setPointerCapture(e.pointerId);
      var p = point(e); ctx.beginPath(); ctx.moveTo(p.x, p.y); ctx.lineTo(p.x + 0.1, p.y + 0.1); ctx.stroke();
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) return;
      var p = point(e); ctx.lineTo(p.x, p.y); ctx.stroke();
    });
    function finish() {
      if (!drawing) return;
      drawing = false; drawn.value = canvas.toDataURL("image/png");
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    drawPane.querySelector("[data-signature-clear]").addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height); drawn.value = "";
    });
  });
})();
