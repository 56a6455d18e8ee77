// Applies the saved theme before the page paints, then wires the toggle once the page is there.
(function () {
  var saved = null;
  try { saved = localStorage.getItem("gillab-theme"); } catch (e) { /* storage may be off */ }
  if (saved === "dark" || saved === "light") {
    document.documentElement.setAttribute("data-theme", saved);
  }
  function current() {
    var set = document.documentElement.getAttribute("data-theme");
    if (set) return set;
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function syncHighlightStyles(theme) {
    document.querySelectorAll("link.hljs-light").forEach(function (l) { l.media = theme === "light" ? "all" : "not all"; });
    document.querySelectorAll("link.hljs-dark").forEach(function (l) { l.media = theme === "dark" ? "all" : "not all"; });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("theme-toggle");
    if (saved) syncHighlightStyles(saved);
    if (!button) return;
    var label = button.querySelector(".theme-label");
    function show() {
      var theme = current();
      button.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
      if (label) label.textContent = theme === "dark" ? "Dark" : "Light";
    }
    show();
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      document.documentElement.setAttribute("data-theme", next);
      try { localStorage.setItem("gillab-theme", next); } catch (e) { /* storage may be off */ }
      syncHighlightStyles(next);
      show();
      document.dispatchEvent(new CustomEvent("gillab:theme", { detail: next }));
    });
  });
})();
