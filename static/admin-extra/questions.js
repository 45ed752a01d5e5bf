// The questions of the interview form scale to a dozen and more:
// - each question collapses to one line (number, question, theme, word count)
//   and expands on demand ("Aufklappen"/"Zuklappen", aria-expanded);
// - it moves one step up or down with buttons that keyboards reach and screen
//   readers name ("Frage 3 nach oben verschieben"), or to a chosen position;
// - the positions are written to the hidden "Reihenfolge" inputs that
//   django-admin-sortable2 uses (drag and drop keeps working as before).
// Questions with errors and new questions start expanded. The theme lists offer
// only the themes of the chosen series.
(function () {
  "use strict";

  var group;
  var live;

  function forms() {
    return Array.prototype.filter.call(group.querySelectorAll(".inline-related"), function (form) {
      return !form.classList.contains("empty-form");
    });
  }

  function words(form) {
    return window.akkWords.answerWords(form); // word-count.js: the same count as the meter and the server
  }

  function summary(form) {
    var question = form.querySelector("textarea[name$='-question']");
    var theme = form.querySelector("select[name$='-theme']");
    var text = question && question.value.trim() ? question.value.trim().replace(/\s+/g, " ") : "(noch ohne Frage)";
    if (text.length > 90) {
      text = text.slice(0, 89) + "…";
    }
    var themeText = theme && theme.value ? theme.options[theme.selectedIndex].text : "ohne Thema";
    var count = words(form);
    return [text, " · " + themeText + " · " + count.toLocaleString("de-DE") + (count === 1 ? " Wort" : " Wörter")];
  }

  // The question text shortens on narrow screens; theme and word count always show.
  function showSummary(form) {
    var line = form.querySelector(".question-summary");
    if (!line) {
      return;
    }
    var parts = summary(form);
    line.querySelector(".question-text").textContent = parts[0];
    line.querySelector(".question-meta").textContent = parts[1];
  }

  function setExpanded(form, expanded) {
    form.classList.toggle("question-collapsed", !expanded);
    var toggle = form.querySelector(".question-toggle");
    if (toggle) {
      toggle.setAttribute("aria-expanded", expanded ? "true" : "false");
    }
  }

  function button(className, text, label) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "question-button " + className;
    element.textContent = text;
    if (label) {
      element.setAttribute("aria-label", label);
    }
    return element;
  }

  function enhance(form) {
    if (form.querySelector(".question-controls")) {
      return;
    }
    var heading = form.querySelector("h3");
    if (!heading) {
      return;
    }
    var body = Array.prototype.filter.call(form.children, function (child) {
      return child !== heading;
    });
    body.forEach(function (child, index) {
      if (!child.id) {
        child.id = form.id + "-body-" + index;
      }
    });

    var toggle = button("question-toggle", "");
    toggle.setAttribute("aria-controls", body.map(function (child) { return child.id; }).join(" "));
    toggle.innerHTML = '<span class="question-toggle-icon" aria-hidden="true"></span><span class="question-toggle-verb"></span>';
    var line = document.createElement("span");
    line.className = "question-summary";
    line.innerHTML = '<span class="question-text"></span><span class="question-meta"></span>';
    heading.insertBefore(line, heading.firstChild);
    heading.insertBefore(toggle, heading.firstChild);

    var controls = document.createElement("span");
    controls.className = "question-controls";
    controls.setAttribute("role", "group");
    controls.appendChild(button("question-up", "▲"));
    controls.appendChild(button("question-down", "▼"));
    var select = document.createElement("select");
    select.className = "question-position";
    controls.appendChild(select);
    controls.appendChild(button("question-move", "verschieben"));
    heading.appendChild(controls);

    toggle.addEventListener("click", function () {
      setExpanded(form, form.classList.contains("question-collapsed"));
    });
    controls.querySelector(".question-up").addEventListener("click", function (event) {
      move(form, index(form) - 1, event.currentTarget);
    });
    controls.querySelector(".question-down").addEventListener("click", function (event) {
      move(form, index(form) + 1, event.currentTarget);
    });
    controls.querySelector(".question-move").addEventListener("click", function (event) {
      move(form, parseInt(select.value, 10) - 1, event.currentTarget);
    });
    ["input", "change"].forEach(function (type) {
      form.addEventListener(type, function () {
        showSummary(form);
      });
    });
    var hasErrors = Boolean(form.querySelector(".errorlist, .errors"));
    var saved = form.classList.contains("has_original");
    setExpanded(form, hasErrors || !saved || forms().length <= 3);
  }

  function index(form) {
    return forms().indexOf(form);
  }

  function move(form, target, focusAfter) {
    var all = forms();
    var from = all.indexOf(form);
    if (target < 0 || target >= all.length || target === from) {
      return;
    }
    if (target < from) {
      all[target].insertAdjacentElement("beforebegin", form);
    } else {
      all[target].insertAdjacentElement("afterend", form);
    }
    refresh();
    form.dispatchEvent(new Event("change", { bubbles: true })); // the form has changed (leave-page warning)
    if (focusAfter && !focusAfter.disabled) {
      focusAfter.focus();
    } else {
      form.querySelector(".question-toggle").focus();
    }
    live.textContent = "Frage „" + questionText(form) + "“ ist jetzt an Position " + (target + 1) + " von " + all.length + ".";
  }

  // The server renders the questions in the order of the form's rows; the order the editor chose is in
  // their "Reihenfolge" inputs. After a validation error those hold what was posted: show that order again
  // (before refresh() numbers the inputs by what is shown), so the next save stores it.
  function restoreOrder() {
    var all = forms();
    if (all.length < 2) {
      return;
    }
    var parent = all[0].parentNode;
    var after = all[all.length - 1].nextSibling;
    var keyed = all.map(function (form, index) {
      var reorder = form.querySelector("input._reorder_");
      var value = reorder ? parseInt(reorder.value, 10) : NaN;
      return { form: form, index: index, position: isNaN(value) ? Number.MAX_VALUE : value };
    });
    keyed.sort(function (a, b) {
      return a.position - b.position || a.index - b.index;
    });
    keyed.forEach(function (item) {
      parent.insertBefore(item.form, after);
    });
  }

  function questionText(form) {
    var question = form.querySelector("textarea[name$='-question']");
    return question ? question.value.trim().slice(0, 60) : "";
  }

  function refresh() {
    var all = forms();
    all.forEach(function (form, position) {
      var number = position + 1;
      var reorder = form.querySelector("input._reorder_");
      if (reorder) {
        reorder.value = String(number);
      }
      showSummary(form);
      form.querySelector(".question-toggle-verb").textContent = "Frage " + number;
      var controls = form.querySelector(".question-controls");
      controls.setAttribute("aria-label", "Reihenfolge von Frage " + number);
      var up = controls.querySelector(".question-up");
      var down = controls.querySelector(".question-down");
      up.setAttribute("aria-label", "Frage " + number + " nach oben verschieben");
      down.setAttribute("aria-label", "Frage " + number + " nach unten verschieben");
      up.title = "Nach oben";
      down.title = "Nach unten";
      up.disabled = position === 0;
      down.disabled = position === all.length - 1;
      var select = controls.querySelector(".question-position");
      select.setAttribute("aria-label", "Neue Position für Frage " + number);
      select.innerHTML = "";
      for (var option = 1; option <= all.length; option += 1) {
        var element = document.createElement("option");
        element.value = String(option);
        element.textContent = "an Position " + option;
        element.selected = option === number;
        select.appendChild(element);
      }
      controls.querySelector(".question-move").setAttribute("aria-label", "Frage " + number + " an die gewählte Position verschieben");
    });
  }

  // Only the themes of the chosen series (the server checks this too: Question.clean).
  function limitThemes() {
    var data = document.getElementById("akk-series-themes");
    var series = document.getElementById("id_series");
    if (!data || !series) {
      return;
    }
    var allowed = JSON.parse(data.textContent)[series.value] || null;
    group.querySelectorAll("select[name$='-theme']").forEach(function (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        var hide = Boolean(series.value && option.value && (!allowed || allowed.indexOf(option.value) === -1));
        option.hidden = hide;
        option.disabled = hide;
      });
      if (select.selectedOptions.length && select.selectedOptions[0].disabled) {
        select.value = "";
      }
    });
  }

  function toolbar() {
    var bar = document.createElement("p");
    bar.className = "question-toolbar";
    var expand = button("question-expand-all", "Alle Fragen aufklappen");
    var collapse = button("question-collapse-all", "Alle Fragen zuklappen");
    expand.addEventListener("click", function () {
      forms().forEach(function (form) { setExpanded(form, true); });
    });
    collapse.addEventListener("click", function () {
      forms().forEach(function (form) { setExpanded(form, false); });
    });
    bar.appendChild(expand);
    bar.appendChild(collapse);
    live = document.createElement("p");
    live.className = "question-live visually-hidden";
    live.setAttribute("aria-live", "polite");
    bar.appendChild(live);
    var heading = group.querySelector("h2");
    heading.insertAdjacentElement("afterend", bar);
  }

  document.addEventListener("DOMContentLoaded", function () {
    group = document.getElementById("questions-group");
    if (!group) {
      return;
    }
    group.classList.add("questions-enhanced");
    toolbar();
    restoreOrder();
    forms().forEach(enhance);
    refresh();
    document.addEventListener("formset:added", function (event) {
      if (event.target && event.target.closest && event.target.closest("#questions-group")) {
        enhance(event.target);
        refresh();
        limitThemes();
      }
    });
    limitThemes();
    var series = document.getElementById("id_series");
    if (series) {
      series.addEventListener("change", limitThemes);
    }
    document.addEventListener("formset:removed", refresh);
    // The rich-text editor starts after this script: count the words again once it is there.
    window.addEventListener("load", refresh);
    group.addEventListener("input", function (event) {
      if (event.target.closest(".ProseMirror")) {
        var form = event.target.closest(".inline-related");
        if (form) {
          showSummary(form);
        }
      }
    });
  });
})();
