// One word count for the interview form, the same as the server's (core/richtext.py word_count):
// the text of the answer's HTML with a space after every paragraph, list item and line break,
// split at white space. Used by the collapsed questions (questions.js) and the page budget
// meter (page-budget.js), so the two never disagree with each other or with the server.
(function () {
  "use strict";

  var parser = new DOMParser();

  function htmlWords(html) {
    // Parsed, never attached to the page: nothing in it runs or loads.
    var spaced = (html || "").replace(/<\/(p|li)>/gi, "</$1> ").replace(/<br\s*\/?>/gi, " ");
    var text = parser.parseFromString(spaced, "text/html").body.textContent || "";
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }

  function answerWords(form) {
    var editor = form.querySelector(".field-answer .ProseMirror");
    if (editor) {
      return htmlWords(editor.innerHTML); // innerText would skip a collapsed question's line breaks
    }
    var textarea = form.querySelector("textarea[name$='-answer']");
    return textarea ? htmlWords(textarea.value) : 0;
  }

  window.akkWords = { htmlWords: htmlWords, answerWords: answerWords };
})();
