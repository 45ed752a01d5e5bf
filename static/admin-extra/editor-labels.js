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
    new MutationObserver(function () {
      nameEditors(document);
      nameAutocompletes(document);
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
