// Progressive enhancement of the open answer: a live word count under its box. Without
// JavaScript the box works the same and the server counts the words when it is sent.
// Words are counted as course/text.py counts them: letters and digits, with inner
// apostrophes and hyphens ("l'IA", "peut-être" are one word).
(function () {
  "use strict";
  var WORD = /[\p{L}\p{N}_]+(?:['’-][\p{L}\p{N}_]+)*/gu;
  var labels = document.querySelector('meta[name="word-count"]');

  function count(text) {
    var found = text.match(WORD);
    return found ? found.length : 0;
  }

  function label(n) {
    var forms = labels ? labels.content.split("|") : ["# word", "# words"];
    return forms[n === 1 || (n === 0 && document.documentElement.lang === "fr") ? 0 : 1]
      .replace("#", String(n));
  }

  function enhance(box) {
    var output = document.createElement("p");
    output.className = "word-count";
    output.id = box.id + "-word-count";
    output.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", output);
    var timer = null;
    function update() { output.textContent = label(count(box.value)); }
    // Announced once typing pauses, not at every key.
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 400);
    });
    update();
  }

  document.querySelectorAll('textarea[name="body"]').forEach(enhance);
})();
