// Lesson page behaviour: code highlighting. Experiments add their own behaviour in experiments.js.
document.addEventListener("DOMContentLoaded", function () {
  if (window.hljs) {
    document.querySelectorAll(".prose pre code, .experiment-code pre code").forEach(function (block) {
      window.hljs.highlightElement(block);
    });
  }
});
