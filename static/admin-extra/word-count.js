// One word count for the interview form, the same as the server's (core/richtext.py word_count):
// the text of the answer's HTML with a space after every paragraph, list item and line break,
// split at white space. Used by the collapsed questions (questions.js) and the page budget
// meter (page-budget.js), so the two never disagree with each other or with the server.
(function () {
  "use strict";

  var parser = new DOMParser();

  function parsed(html) {
    // Parsed, never attached to the page: nothing in it runs or loads.
    var spaced = (html || "").replace(/<\/(p|li)>/gi, "</$1> ").replace(/<br\s*\/?>/gi, "$& ");
    return parser.parseFromString(spaced, "text/html").body;
  }

  function words(body) {
    // Soft hyphens take no room (core/richtext.py plain_text).
    var trimmed = (body.textContent || "").replace(/\u00ad/g, "").trim();
    return trimmed ? trimmed.split(/\s+/) : [];
  }

  function htmlText(html) {
    return words(parsed(html));
  }

  // Lines begun after a break besides the first (interviews.pdf.fitting.paragraph_breaks): a paragraph
  // outside list items begins one line, and one more after each line break in it, except after a break
  // that ends it; an empty one begins none. The editor's own trailing breaks are not the answer's.
  function paragraphBreaks(body) {
    var lines = 0;
    body.querySelectorAll("p").forEach(function (paragraph) {
      if (paragraph.closest("li")) {
        return;
      }
      var copy = paragraph.cloneNode(true);
      copy.querySelectorAll("br.ProseMirror-trailingBreak").forEach(function (br) {
        br.remove();
      });
      copy.querySelectorAll("br").forEach(function (br) {
        br.replaceWith("\uE000");
      });
      var pieces = copy.textContent.split("\uE000");
      lines += pieces.length - 1 + (/[^ \t\n\r\f]/.test(pieces[pieces.length - 1]) ? 1 : 0);
    });
    return Math.max(0, lines - 1);
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

  // The answer's room in Satzwörter (interviews.pdf.fitting.answer_words): its words, and what its
  // characters make in words of the measured length beyond them, times the long words' factor;
  // plus each list item and each paragraph or line break.
  function answerRoom(form, numbers) {
    var html = answerHtml(form);
    var body = parsed(html);
    var text = words(body);
    var items = answerItems(form);
    var beyond = Math.max(0, text.join(" ").length / numbers.charsPerWord - text.length);
    return (
      text.length +
      Math.floor(numbers.longWordsFactor * beyond + 0.5) +
      numbers.listItemWords * items +
      numbers.paragraphWords * paragraphBreaks(body)
    );
  }

  function answerBreaks(form) {
    return paragraphBreaks(parsed(answerHtml(form)));
  }

  // List items of the answer (interviews.pdf.fitting.list_items).
  function answerItems(form) {
    return (answerHtml(form).match(/<li[\s>]/gi) || []).length;
  }

  window.akkWords = {
    htmlWords: htmlWords,
    answerWords: answerWords,
    answerRoom: answerRoom,
    answerBreaks: answerBreaks,
    answerItems: answerItems,
  };
})();
