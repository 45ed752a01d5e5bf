// One word count for the interview form, the same as the server's (core/richtext.py word_count):
// the text of the answer's HTML with a space after every paragraph, list item and line break,
// split at white space. Used by the collapsed questions (questions.js) and the page budget
// meter (page-budget.js), so the two never disagree with each other or with the server.
(function () {
  "use strict";

  var parser = new DOMParser();

  function htmlText(html) {
    // Parsed, never attached to the page: nothing in it runs or loads.
    var spaced = (html || "").replace(/<\/(p|li)>/gi, "</$1> ").replace(/<br\s*\/?>/gi, " ");
    var text = parser.parseFromString(spaced, "text/html").body.textContent || "";
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/) : [];
  }

  function htmlWords(html) {
    return htmlText(html).length;
  }

  function answerHtml(form) {
    var editor = form.querySelector(".field-answer .ProseMirror");
    if (editor) {
      return editor.innerHTML; // innerText would skip a collapsed question's line breaks
    }
    var textarea = form.querySelector("textarea[name$='-answer']");
    return textarea ? textarea.value : "";
  }

  function answerWords(form) {
    return htmlWords(answerHtml(form));
  }

  // The answer's room in Satzwörter (interviews.pdf.fitting.answer_words): its words, or its
  // characters in words of the measured length when its words are longer; plus each list item.
  function answerRoom(form, numbers) {
    var html = answerHtml(form);
    var words = htmlText(html);
    var items = (html.match(/<li[\s>]/gi) || []).length;
    var chars = words.join(" ").length;
    return Math.max(words.length, Math.round(chars / numbers.charsPerWord)) + numbers.listItemWords * items;
  }

  window.akkWords = { htmlWords: htmlWords, answerWords: answerWords, answerRoom: answerRoom };
})();
