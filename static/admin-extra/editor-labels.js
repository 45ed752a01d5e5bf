// Give every rich-text editing area the name of its form field, so that
// screen readers announce "Antwort" or "Teaser" (the editor itself sets none),
// and switch the browser's spell checking on, in German.
(function () {
  "use strict";

  function labelFor(editor) {
    var row = editor.closest(".form-row, .fieldBox, div[class*='field-']");
    var label = row && row.querySelector("label");
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  // The editor's toolbar names its buttons in English and outside any translation catalog.
  var TOOLBAR = {
    "bold": "Fett",
    "italic": "Kursiv",
    "unordered list": "Aufzählung",
    "ordered list": "Nummerierte Liste",
    "insert link": "Link einfügen",
    "remove link": "Link entfernen",
    "undo": "Rückgängig",
    "redo": "Wiederholen",
    "paragraph": "Absatz",
    "blockquote": "Zitat",
    "horizontal rule": "Trennlinie",
    "strike": "Durchgestrichen",
    "underline": "Unterstrichen",
    "subscript": "Tiefgestellt",
    "superscript": "Hochgestellt",
    "edit HTML": "HTML bearbeiten",
  };

  function translateToolbar(root) {
    root.querySelectorAll(".prose-menubar button[title], .prose-menubar__button[title]").forEach(function (button) {
      var german = TOOLBAR[button.getAttribute("title")];
      if (german) {
        button.setAttribute("title", german);
        button.setAttribute("aria-label", german);
      }
    });
  }

  function nameAutocompletes(root) {
    // select2 (the admin's autocomplete) names its box only by the current choice: empty on new forms.
    var boxes = ".select2-selection[role='combobox']:not([aria-label]), .select2-selection__rendered[role='textbox']:not([aria-label])";
    root.querySelectorAll(boxes).forEach(function (box) {
      var name = labelFor(box);
      if (name) {
        box.setAttribute("aria-label", name);
      }
    });
  }

  function nameEditors(root) {
    root.querySelectorAll(".ProseMirror[contenteditable]:not([aria-label])").forEach(function (editor) {
      var name = labelFor(editor);
      if (name) {
        editor.setAttribute("aria-label", name);
      }
      editor.setAttribute("spellcheck", "true");
      editor.setAttribute("lang", "de");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameEditors(document);
    nameAutocompletes(document);
    translateToolbar(document);
    new MutationObserver(function () {
      nameEditors(document);
      nameAutocompletes(document);
      translateToolbar(document);
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
