// Leaving a changed admin form asks first (the browser's own "Seite verlassen?"
// dialog). A form counts as changed after any input or change in it, also in
// the rich-text editor, and right away when it came back with errors (the
// typed values are not saved yet). Saving (submitting) never asks.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("#content-main form[method='post'][id$='_form']");
    if (!form) {
      return;
    }
    var changed = Boolean(document.querySelector(".errornote, .errorlist"));
    function markChanged(event) {
      if (event.target && event.target.closest && event.target.closest("#changelist-search, .object-tools")) {
        return;
      }
      changed = true;
    }
    form.addEventListener("input", markChanged);
    form.addEventListener("change", markChanged);
    form.addEventListener("submit", function () {
      changed = false;
    });
    window.addEventListener("beforeunload", function (event) {
      if (changed) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  });
})();
