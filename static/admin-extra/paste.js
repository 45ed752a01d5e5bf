// Pasting from Word, LibreOffice or Google Docs into a rich-text field:
// the clipboard HTML is cleaned on the server first (the same cleaner that runs
// on every save, interviews/editorial/office_html.py), then inserted into the
// editor, and a note under the field says what changed (comment markers removed,
// highlights made plain, footnotes moved to the end as text, Office formatting,
// tables). No word of the text is lost. Plain-text pastes are left alone.
(function () {
  "use strict";

  var CLEANED = "data-akk-cleaned";
  var editors = new WeakMap(); // editing area -> Tiptap editor (django-prose-editor announces each one)

  document.addEventListener("prose-editor:ready", function (event) {
    var editor = event.detail && event.detail.editor;
    if (editor && editor.view) {
      editors.set(editor.view.dom, editor);
    }
  });

  function endpoint() {
    var config = document.getElementById("akk-editor-config");
    return config ? config.getAttribute("data-paste-url") : null;
  }

  function csrfToken() {
    var input = document.querySelector("input[name='csrfmiddlewaretoken']");
    return input ? input.value : "";
  }

  function showNote(editor, notes) {
    var row = editor.closest(".form-row, .fieldBox, div[class*='field-']") || editor.parentNode;
    var note = row.querySelector(".paste-note");
    if (!note) {
      note = document.createElement("div");
      note.className = "paste-note";
      note.setAttribute("role", "status");
      row.appendChild(note);
    }
    note.innerHTML = "";
    if (!notes.length) {
      note.remove();
      return;
    }
    var title = document.createElement("strong");
    title.textContent = "Beim Einfügen bereinigt:";
    note.appendChild(title);
    var list = document.createElement("ul");
    notes.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    note.appendChild(list);
  }

  function insert(editor, html, text) {
    var tiptap = editors.get(editor);
    if (tiptap) {
      // Inserted as content, not as a paste: Tiptap's paste rules would turn a link's visible text
      // ("www.example.org") into its address and drop the real one (https://…/page).
      tiptap.chain().focus().insertContent(html || text).run();
      return;
    }
    var data = new DataTransfer();
    data.setData("text/html", html);
    data.setData("text/plain", text);
    var event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
    editor.setAttribute(CLEANED, "1");
    try {
      editor.dispatchEvent(event);
    } finally {
      editor.removeAttribute(CLEANED);
    }
  }

  document.addEventListener(
    "paste",
    function (event) {
      var editor = event.target && event.target.closest && event.target.closest(".ProseMirror");
      var url = endpoint();
      if (!editor || !url || editor.hasAttribute(CLEANED) || !event.clipboardData) {
        return;
      }
      var html = event.clipboardData.getData("text/html");
      if (!html) {
        return;
      }
      var text = event.clipboardData.getData("text/plain");
      event.preventDefault();
      event.stopImmediatePropagation();
      var body = new FormData();
      body.append("html", html);
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (result) {
          insert(editor, result.html, text);
          showNote(editor, result.notes);
        })
        .catch(function () {
          insert(editor, "", text); // never lose the paste: fall back to its plain text
          showNote(editor, ["Die Formatierung konnte nicht geprüft werden; der Text wurde ohne Formatierung eingefügt."]);
        });
    },
    true
  );
})();
