// Prepopulated URL names ("Kurzname (URL)") transliterate German like the
// server does (core/slugs.py): ä→ae, ö→oe, ü→ue, ß→ss. Django's URLify would
// drop the umlaut dots ("warmewende"); wrap it so the admin's prepopulate.js
// (which calls the global URLify) gets the German spelling.
(function () {
  "use strict";
  var original = window.URLify;
  if (typeof original !== "function") {
    return;
  }
  var german = { "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS" };
  window.URLify = function (text, numChars, allowUnicode) {
    var transliterated = String(text).replace(/[äöüÄÖÜßẞ]/g, function (letter) {
      return german[letter];
    });
    return original(transliterated, numChars, allowUnicode);
  };
})();
