// The waiting and thanks pages look for the next question without reloading themselves:
// a reload every few seconds moved a screen reader back to the top and took the keyboard's
// place away. The page asks "now" what it should show, and reloads only once that changes.
// Without JavaScript, the page's <noscript> refresh does the same, less kindly.
(function () {
  "use strict";
  var body = document.body;
  var shown = body.getAttribute("data-page");
  var every = Number(body.getAttribute("data-every")) * 1000 || 4000;
  if (!shown || !window.fetch) {
    return;
  }
  function look() {
    window
      .fetch("now", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (page) {
        if (page !== shown) {
          window.location.replace("./");
        } else {
          window.setTimeout(look, every);
        }
      })
      .catch(function () {
        window.setTimeout(look, every * 2); // the room busy, or closed: look less often
      });
  }
  window.setTimeout(look, every);
})();
