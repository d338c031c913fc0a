/* The report's print view (issue 13 req. 4; F13): where JavaScript runs, open the browser's
   print dialogue once the page has loaded, and show a Print button for a second copy. Without
   JavaScript the page says to use the browser's Print. */
(function () {
  var button = document.getElementById("print-now");
  if (!button || !window.print) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
  window.addEventListener("load", function () { window.print(); });
})();
