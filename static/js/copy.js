// Copy buttons: <button data-copy-target="ID" hidden> copies the text of element #ID.
// Progressive enhancement: without JavaScript the button stays hidden and the
// text can be selected and copied by hand.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.parentNode.querySelector("[role=status]");
    if (!target) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target.textContent.replace(/\s+/g, " ").trim();
      navigator.clipboard.writeText(text).then(
        function () {
          if (status) { status.textContent = button.getAttribute("data-copied-text"); }
        },
        function () {
          if (status) { status.textContent = button.getAttribute("data-failed-text"); }
        }
      );
    });
  });
})();
