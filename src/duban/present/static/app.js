// 督办: the reader's fact details. No outside addresses, no libraries.
(function () {
  "use strict";
  var panel = document.getElementById("fact-detail");
  if (!panel) return;
  var list = panel.querySelector("dl");
  var hint = panel.querySelector(".hint");
  var current = null;

  function show(mark) {
    if (current) current.classList.remove("active");
    current = mark;
    mark.classList.add("active");
    list.querySelectorAll("dd[data-field]").forEach(function (dd) {
      var value = mark.dataset[dd.dataset.field.replace(/-([a-z])/g, function (_, c) { return c.toUpperCase(); })];
      dd.textContent = "";
      if (value && dd.dataset.link) {
        var a = document.createElement("a");
        a.href = dd.dataset.link + encodeURIComponent(value);
        a.textContent = value;
        dd.appendChild(a);
      } else {
        dd.textContent = value || "—";
      }
    });
    list.hidden = false;
    hint.hidden = true;
  }

  function showTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var mark = id && document.getElementById(id);
    if (mark && mark.matches("mark.fact")) {
      show(mark);
      mark.scrollIntoView({ block: "center" });
    }
  }
  window.addEventListener("hashchange", showTarget);
  showTarget();

  document.addEventListener("click", function (event) {
    var mark = event.target.closest("mark.fact");
    if (mark) show(mark);
  });
  document.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && event.target.matches("mark.fact")) {
      event.preventDefault();
      show(event.target);
    }
  });
})();
