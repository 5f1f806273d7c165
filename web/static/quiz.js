// Progressive enhancement of exercise forms: answer without reloading the page, and move
// ordering items with buttons. Without JavaScript the forms post and redirect as usual.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');

  function setBar(id, percent) {
    var bar = document.querySelector("#" + id + " progress");
    var value = document.querySelector("#" + id + " .progress-value");
    if (bar) { bar.value = percent; bar.textContent = percent + " %"; }
    if (value) { value.textContent = value.textContent.replace(/\d+/, String(percent)); }
  }

  // The header's level, XP and streak, as the answer's JSON says them (base.html's ids).
  function updateHeader(texts) {
    if (!texts) { return; }
    ["level", "xp", "streak"].forEach(function (name) {
      var element = document.getElementById("header-" + name);
      if (element && texts[name]) { element.textContent = texts[name]; }
    });
  }

  // "Show me the answer" is a second submit button of the form, posting to its formaction.
  function actionOf(form, submitter) {
    return (submitter && submitter.getAttribute("formaction")) || form.action;
  }

  function submit(form, event) {
    event.preventDefault();
    var submitter = event.submitter;
    var asked = Boolean(submitter && submitter.getAttribute("formaction"));
    var region = form.querySelector(".feedback");
    var button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    fetch(actionOf(form, submitter), {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json", "X-CSRFToken": token ? token.content : "" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) {
        region.innerHTML = "";
        var p = document.createElement("p");
        p.className = "field-error";
        p.textContent = result.data.error || "";
        region.appendChild(p);
        return;
      }
      region.innerHTML = result.data.html;
      form.querySelectorAll(".reveal-standing").forEach(function (b) { b.remove(); });
      setBar("progress-lesson", result.data.lesson_percent);
      setBar("progress-module", result.data.module_percent);
      setBar("progress-course", result.data.course_percent);
      updateHeader(result.data.header);
      if (asked) {
        // The button that had the focus is gone: the answer shown takes it.
        var shown = region.querySelector(".feedback-body");
        if (shown) { shown.focus(); }
      }
    }).catch(function () {
      if (asked) { form.action = actionOf(form, submitter); }
      form.submit();  // network trouble: fall back to the plain form post
    }).then(function () { button.disabled = false; });
  }

  function syncPositions(list) {
    var items = list.querySelectorAll(".ordering-item");
    items.forEach(function (item, index) {
      item.querySelector("select").value = String(index + 1);
    });
  }

  function move(item, direction, list) {
    var sibling = direction < 0 ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) { return; }
    if (direction < 0) { list.insertBefore(item, sibling); } else { list.insertBefore(sibling, item); }
    syncPositions(list);
    item.querySelector(direction < 0 ? ".move-up" : ".move-down").focus();
  }

  function addMoveButtons(list) {
    list.querySelectorAll(".ordering-item").forEach(function (item) {
      var text = item.querySelector(".ordering-text").textContent;
      var moves = document.createElement("span");
      moves.className = "ordering-moves";
      [["move-up", "↑", list.dataset.up], ["move-down", "↓", list.dataset.down]].forEach(function (spec) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = spec[0];
        b.textContent = spec[1];
        b.setAttribute("aria-label", (spec[2] || "") + " " + text);
        b.addEventListener("click", function () { move(item, spec[0] === "move-up" ? -1 : 1, list); });
        moves.appendChild(b);
      });
      item.appendChild(moves);
    });
  }

  document.querySelectorAll("form.exercise-form").forEach(function (form) {
    form.addEventListener("submit", function (event) { submit(form, event); });
  });
  document.querySelectorAll("[data-ordering]").forEach(addMoveButtons);
})();
