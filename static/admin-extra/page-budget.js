// The page budget on the interview form: what the questions and answers take on the page
// ("Satzwörter": their words plus the room around each question), per theme and in total
// against the part's range, and the estimated number of pages, while the editor writes. All
// numbers about what fits come from the server (json_script "page-budget-numbers", from
// interviews.pdf.fitting.text_units); this file only counts words in the form. Pull quotes
// fill a short text but may be dropped from a long one; a project figure takes the room of its
// photo plus its caption's words (less against a short text: the fit may crop it when long). „Satzspiegel prüfen“ asks the server
// for a real layout of what the form shows now, unsaved changes included.
(function () {
  "use strict";

  function answerRoom(form, numbers) {
    return window.akkWords.answerRoom(form, numbers); // word-count.js: the server's count
  }

  function fieldWords(form, selector) {
    var field = form.querySelector(selector);
    return field ? window.akkWords.htmlWords(field.value || "") : 0;
  }

  function questionChars(form) {
    // The question's characters, its white space taken as single spaces (fitting.text_units).
    var field = form.querySelector("[name$='-question']");
    var text = field ? (field.value || "").trim() : "";
    return text ? text.split(/\s+/).join(" ").length : 0;
  }

  function formatNumber(n) {
    return n.toLocaleString("de-DE");
  }

  function currentPages(numbers) {
    // The part's page count for the series and page count the form shows now, as the server
    // computed it for every choice (numbers.pagesByChoice): looked up here, never computed.
    var own = document.getElementById("id_page_count");
    var series = document.getElementById("id_series");
    var bySeries = numbers.pagesByChoice[series ? series.value : numbers.series];
    var pages = bySeries && bySeries[own ? own.value : ""];
    return pages || numbers.pages;
  }

  function hasPortrait(numbers) {
    // The saved portrait (numbers.portrait), a file chosen now, or the saved one marked for removal.
    var chosen = document.getElementById("id_portrait");
    var clear = document.getElementById("portrait-clear_id");
    if (chosen && chosen.files && chosen.files.length) {
      return true;
    }
    return numbers.portrait && !(clear && clear.checked);
  }

  function collect(numbers) {
    var themes = [];
    var byTheme = {};
    var total = 0;
    // Without a portrait the cover holds more of the text and the first pull quote (printed there,
    // not in the text): both count less against the bottom (fitting.text_units).
    var portrait = hasPortrait(numbers);
    var quoteRoom = portrait ? 0 : -numbers.noPortraitWords;
    var coverQuote = !portrait;
    document.querySelectorAll("#questions-group .inline-related").forEach(function (form) {
      if (form.classList.contains("empty-form") || form.id.endsWith("-empty")) {
        return;
      }
      var deleted = form.querySelector("input[name$='-DELETE']");
      if (deleted && deleted.checked) {
        return;
      }
      var select = form.querySelector("select[name$='-theme']");
      var title = select && select.value ? select.options[select.selectedIndex].text : "ohne Thema";
      var asked = fieldWords(form, "[name$='-question']");
      var count = answerRoom(form, numbers) + asked + numbers.questionSpace;
      // Against the bottom each kind of block counts what it takes at the largest body size: a question
      // its characters, paragraph breaks and list items their room there (fitting.text_units).
      quoteRoom += questionChars(form) / numbers.questionCharsShort + numbers.questionSpaceShort - asked -
        numbers.questionSpace;
      quoteRoom += (numbers.paragraphShortWords - numbers.paragraphWords) * window.akkWords.answerBreaks(form);
      quoteRoom += (numbers.listItemShortWords - numbers.listItemWords) * window.akkWords.answerItems(form);
      var quote = fieldWords(form, "[name$='-pull_quote']");
      if (quote && coverQuote) {
        coverQuote = false;
      } else if (quote) {
        quoteRoom += Math.round(numbers.quoteFactor * quote) + numbers.quoteSpace;
      }
      if (!(title in byTheme)) {
        byTheme[title] = 0;
        themes.push(title);
      }
      byTheme[title] += count;
      total += count;
    });
    // Each theme head more or fewer than the range was measured with (numbers.rangeThemes).
    var themeHeads = themes.length;
    var figureTotal = 0;
    document.querySelectorAll("#figures-group .inline-related").forEach(function (form) {
      if (form.classList.contains("empty-form") || form.id.endsWith("-empty")) {
        return;
      }
      var deleted = form.querySelector("input[name$='-DELETE']");
      var id = form.querySelector("input[name$='-id']");
      var file = form.querySelector("input[type='file'][name$='-image']");
      if ((deleted && deleted.checked) || !((id && id.value) || (file && file.value))) {
        return;
      }
      // The caption, "Foto:" and the credit count as words.
      var caption = fieldWords(form, "[name$='-caption']") + 1 + fieldWords(form, "[name$='-credit']");
      figureTotal += numbers.figureWords + caption;
      quoteRoom += numbers.figureShortWords - numbers.figureWords;
    });
    if (figureTotal) {
      themes.push("Abbildungen");
      byTheme["Abbildungen"] = figureTotal;
      total += figureTotal;
    }
    quoteRoom += numbers.themeShortWords * (themeHeads - numbers.rangeThemes);
    // Summed in the server's order and rounded half up as it does.
    return { themes: themes, byTheme: byTheme, total: total, quoteRoom: Math.floor(quoteRoom + 0.5) };
  }

  function render(meter, numbers) {
    var pages = currentPages(numbers);
    var budget = numbers.ranges[String(pages)];
    var low = budget.low;
    var high = budget.high;
    var counted = collect(numbers);
    var filled = counted.total + counted.quoteRoom;
    // The body pages hold the middle of the range at a middle font size; cover and back page come on top.
    var estimate = (
      pages - budget.bodyPages + (counted.total * budget.bodyPages) / ((low + high) / 2)
    ).toLocaleString("de-DE", { maximumFractionDigits: 1 });
    var sentence;
    // Inside the range the layout always fits the pages (it sets the font size): no page estimate then,
    // which would contradict it. Outside, the estimate lies beyond the pages on the same side as the verdict.
    if (counted.total > high) {
      sentence = "zu lang: ca. " + formatNumber(counted.total - high) + " Wörter kürzen (bei mittlerer " +
        "Schriftgröße wären es ca. " + estimate + " statt " + pages + " Seiten).";
    } else if (filled < low) {
      sentence = "zu kurz: ca. " + formatNumber(low - filled) + " Wörter, Zitate oder eine Abbildung ergänzen (bei mittlerer " +
        "Schriftgröße wären es ca. " + estimate + " statt " + pages + " Seiten).";
    } else {
      sentence = "passt auf " + pages + " Seiten (der Satz wählt Schriftgröße, Abstände, Bildgrößen und Zitate).";
    }
    meter.querySelector("[data-page-budget-target]").textContent =
      "Seitenbudget: " + pages + " Seiten, " + formatNumber(low) + "–" + formatNumber(high) + " Wörter (Antworten, Fragen und Abbildungen mit ihrem Platz).";
    meter.querySelector("[data-page-budget-total]").textContent =
      "Zusammen " + formatNumber(counted.total) + " Wörter: " + sentence;
    meter.classList.toggle("page-budget--outside", counted.total > high || filled < low);
    var fill = meter.querySelector("[data-page-budget-fill]");
    fill.style.width = Math.min(100, (100 * counted.total) / high) + "%";
    var body = meter.querySelector("[data-page-budget-themes]");
    body.replaceChildren();
    counted.themes.forEach(function (title) {
      var row = document.createElement("tr");
      var name = document.createElement("td");
      var count = document.createElement("td");
      name.textContent = title;
      count.textContent = formatNumber(counted.byTheme[title]);
      row.append(name, count);
      body.append(row);
    });
  }

  function csrfToken() {
    var field = document.querySelector("input[name='csrfmiddlewaretoken']");
    return field ? field.value : "";
  }

  function showResult(output, data) {
    if (!data.done) {
      output.textContent = "Der Satzspiegel wird geprüft …";
      return;
    }
    if (data.ok) {
      output.textContent =
        "Satzspiegel geprüft: " + data.pages + " von " + data.target + " Seiten, Schrift " + data.fontSize +
        " pt, letzte Textseite zu " + data.lastFill + " % gefüllt.";
    } else {
      output.textContent = "Satzspiegel geprüft: " + data.message;
    }
  }

  function check(meter, button) {
    var output = meter.querySelector("[data-page-budget-result]");
    button.disabled = true;
    output.textContent = "Der Satzspiegel wird geprüft …";
    function finish() {
      button.disabled = false;
    }
    // Show what the server said; ask again at ``url`` until the check is done.
    function handle(data, url) {
      showResult(output, data);
      if (data.done) {
        finish();
      } else {
        poll(url);
      }
    }
    function poll(url) {
      window.setTimeout(function () {
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) {
            return response.json();
          })
          .then(function (data) {
            handle(data, url);
          })
          .catch(function () {
            output.textContent = "Die Prüfung konnte nicht abgefragt werden. Bitte erneut versuchen.";
            finish();
          });
      }, 1500);
    }
    // What is on screen, unsaved changes included: the form as it would be saved (files stay behind;
    // the server lays it out in memory and writes nothing).
    var form = meter.closest("form");
    var body = form ? new FormData(form) : new FormData();
    Array.from(body.entries()).forEach(function (entry) {
      if (entry[1] instanceof File) {
        body.delete(entry[0]);
      }
    });
    fetch(meter.dataset.checkUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        handle(data, data.poll);
      })
      .catch(function () {
        output.textContent = "Die Prüfung konnte nicht gestartet werden. Bitte erneut versuchen.";
        finish();
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var meter = document.querySelector("[data-page-budget]");
    var source = document.getElementById("page-budget-numbers");
    if (!meter || !source) {
      return;
    }
    var numbers = JSON.parse(source.textContent);
    var pending = null;
    function update() {
      if (pending === null) {
        pending = window.requestAnimationFrame(function () {
          pending = null;
          render(meter, numbers);
        });
      }
    }
    var form = meter.closest("form") || document;
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    // Typing in a rich-text editor, adding or removing a question (but not the meter's own updates).
    new MutationObserver(function (records) {
      if (records.some(function (record) {
        return !meter.contains(record.target);
      })) {
        update();
      }
    }).observe(form, { childList: true, subtree: true, characterData: true });
    render(meter, numbers);
    var button = meter.querySelector("[data-page-budget-check]");
    if (button) {
      button.addEventListener("click", function () {
        check(meter, button);
      });
    }
  });
})();
