// Upload with a progress bar: large .docx files take a while on an intranet link. Without
// JavaScript the form still works as a plain POST.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var bar = document.getElementById("upload-progress");
  var box = document.getElementById("upload-error");
  var max = parseInt(form.getAttribute("data-max"), 10);

  function show(msg) {
    box.textContent = msg;
    box.hidden = false;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    box.hidden = true;
    var file = form.elements.file.files[0];
    if (file && max && file.size > max) {
      show("文件太大：上传的文件不能超过 50 MB");
      return;
    }
    var button = form.querySelector("button[type=submit]");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.setRequestHeader("X-CSRF-Token", form.elements.csrf.value);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    });
    xhr.addEventListener("load", function () {
      if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL) {
        window.location.assign(xhr.responseURL);
        return;
      }
      button.disabled = false;
      bar.hidden = true;
      show(xhr.responseText || "上传失败，请重试");
    });
    xhr.addEventListener("error", function () {
      button.disabled = false;
      bar.hidden = true;
      show("网络中断，上传失败，请重试");
    });
    button.disabled = true;
    bar.value = 0;
    bar.hidden = false;
    xhr.send(new FormData(form));
  });
})();

// 材料摘录: text selected in a submission fills the excerpt form.
(function () {
  var text = document.getElementById("material-text");
  var quote = document.getElementById("excerpt-quote");
  if (!text || !quote) return;
  text.addEventListener("mouseup", function () {
    var s = String(window.getSelection() || "").trim();
    if (s) quote.value = s;
  });
})();

// Binding a number on the version page: selecting text in the paper fills the bind form with
// the paragraph and the rune offsets of the selection.
(function () {
  "use strict";
  var form = document.getElementById("bind-form");
  var paper = document.querySelector("article.paper");
  if (!form || !paper || !window.getSelection) return;
  var quote = document.getElementById("bind-quote");
  function runes(s) { return Array.from(s).length; }
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel.rangeCount || sel.isCollapsed) return;
    var range = sel.getRangeAt(0);
    var node = range.startContainer;
    var block = (node.nodeType === 1 ? node : node.parentElement).closest("article.paper p[id], article.paper h2[id], article.paper h3[id], article.paper h4[id], article.paper h5[id]");
    if (!block || !block.contains(range.endContainer)) return;
    var before = document.createRange();
    before.setStart(block, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var start = runes(before.toString());
    var text = range.toString();
    form.elements.block.value = block.id;
    form.elements.start.value = start;
    form.elements.end.value = start + runes(text);
    quote.textContent = "“" + text + "”";
    form.querySelector("button[type=submit]").disabled = false;
  });
})();

// 征求意见 reading page: a selection inside one paragraph fills the comment form with the
// paragraph, the offsets of the selection in UTF-16 units (the server converts them to
// characters and checks the selected text) and the text itself; "对本段提意见" picks a whole
// paragraph. Without JavaScript the link still opens the form for the paragraph.
(function () {
  "use strict";
  var form = document.getElementById("comment-form");
  var paper = document.getElementById("reading");
  if (!form || !paper || !window.getSelection) return;
  var label = document.getElementById("comment-quote");
  var hint = document.getElementById("selection-hint");
  var el = form.elements;
  function pick(block, start, end, text) {
    el.block.value = block;
    el.start.value = start === null ? "" : start;
    el.end.value = end === null ? "" : end;
    el.quote.value = text || "";
    el.whole.checked = start === null;
  }
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel.rangeCount || sel.isCollapsed) return;
    var range = sel.getRangeAt(0);
    var node = range.startContainer;
    var block = (node.nodeType === 1 ? node : node.parentElement).closest("#reading [data-block]");
    if (!block || block.tagName === "A" || !block.contains(range.endContainer)) return;
    var before = document.createRange();
    before.setStart(block, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var start = before.toString().length;
    var text = range.toString();
    if (!text) return;
    pick(block.getAttribute("data-block"), start, start + text.length, text);
    label.textContent = "“" + text + "”";
    if (hint) hint.hidden = false;
  });
  paper.addEventListener("click", function (ev) {
    var a = ev.target.closest("a.para-comment");
    if (!a) return;
    ev.preventDefault();
    var p = document.getElementById(a.getAttribute("data-block"));
    pick(a.getAttribute("data-block"), null, null, "");
    label.textContent = "整段：" + (p ? p.textContent.slice(0, 40) : "");
    el.text.focus();
  });
  el.whole.addEventListener("change", function () {
    if (!el.whole.checked && !el.start.value) {
      pick("", null, null, "");
      el.whole.checked = false;
      label.textContent = "全文";
    }
  });
})();

// The new-user form: the units offered follow the role chosen, so that the two always fit
// together (the server checks the same rule).
(function () {
  "use strict";
  var role = document.getElementById("user-role");
  var unit = document.getElementById("user-unit");
  if (!role || !unit) return;
  function fit() {
    var allowed = (role.options[role.selectedIndex].getAttribute("data-units") || "").split(" ");
    var first = null;
    for (var i = 0; i < unit.options.length; i++) {
      var o = unit.options[i];
      var ok = allowed.indexOf(o.getAttribute("data-kind")) >= 0;
      o.disabled = !ok;
      o.hidden = !ok;
      if (ok && !first) first = o;
    }
    if (unit.options[unit.selectedIndex] && unit.options[unit.selectedIndex].disabled && first) {
      first.selected = true;
    }
  }
  role.addEventListener("change", fit);
  fit();
})();
