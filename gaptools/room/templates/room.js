// The waiting and thanks pages look for the next question without reloading themselves:
// a reload every few seconds moved a screen reader back to the top and took the keyboard's
// place away. The page asks "now" what it should show, and reloads only once that changes.
// Without JavaScript, the page's <noscript> refresh does the same, less kindly.
// The question's page (data-stay) asks too, but never reloads: that would wipe what the leader
// is typing. It says, before a long answer is typed in vain, that the room or the question has
// closed; the send itself is still refused by the room, with or without this script.
// What a leader types and chooses is kept in the tab (sessionStorage, this tab only) until
// the answer is sent: a phone's pull-to-refresh halfway through a sentence emptied the form.
// Kept by the question's id, new at every opening, so a question asked again starts blank;
// dropped once the room thanks the leader, so "Change my answer" shows what the room holds.
(function () {
  "use strict";
  var PREFIX = "gaptools-draft-";
  var store;
  try {
    store = window.sessionStorage;
    store.getItem(PREFIX);
  } catch (blocked) {
    return; // storage turned off: the form works as before
  }
  var asked = document.querySelector("form input[name=question]");
  if (!asked) {
    if ((document.body.getAttribute("data-page") || "").indexOf("thanks-") === 0) {
      for (var k = store.length - 1; k >= 0; k -= 1) {
        if (store.key(k).indexOf(PREFIX) === 0) {
          store.removeItem(store.key(k));
        }
      }
    }
    return;
  }
  var form = asked.form;
  var key = PREFIX + asked.value;
  function fields() {
    return form.querySelectorAll("input:not([type=hidden]), textarea");
  }
  function keep() {
    var draft = {};
    var all = fields();
    for (var i = 0; i < all.length; i += 1) {
      var field = all[i];
      if (field.type === "radio") {
        if (field.checked) {
          draft[field.name] = field.value;
        }
      } else {
        draft[field.name] = field.value;
      }
    }
    try {
      store.setItem(key, JSON.stringify(draft));
    } catch (full) {
      // nothing kept: the form still sends
    }
  }
  var kept = store.getItem(key);
  if (kept) {
    var draft = JSON.parse(kept);
    var all = fields();
    for (var i = 0; i < all.length; i += 1) {
      var field = all[i];
      if (!Object.prototype.hasOwnProperty.call(draft, field.name)) {
        continue;
      }
      if (field.type === "radio") {
        field.checked = field.value === draft[field.name];
      } else {
        field.value = draft[field.name];
      }
    }
  }
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
}());

// The vote's page keeps the count of dots placed in view: down a long list of initiatives a
// leader added them up in their head, and learnt of one too many only when the room refused
// the vote (it still does, with or without this script).
(function () {
  "use strict";
  var tally = document.getElementById("tally");
  if (!tally || !tally.closest("form")) {
    return;
  }
  var dots = Number(tally.getAttribute("data-dots"));
  var form = tally.closest("form");
  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }
  function say() {
    var placed = 0;
    var chosen = form.querySelectorAll("fieldset.dots input:checked");
    for (var i = 0; i < chosen.length; i += 1) {
      placed += Number(chosen[i].value);
    }
    var left = dots - placed;
    if (left > 0) {
      tally.textContent = placed + " of " + plural(dots, "dot") + " placed: " + left + " left";
    } else if (left === 0) {
      tally.textContent = "All " + plural(dots, "dot") + " placed";
    } else {
      tally.textContent = plural(placed, "dot") + " placed, " + -left + " more than your " +
        dots + ": take " + -left + " off";
    }
    tally.className = left < 0 ? "message problem sticky" : "message sticky";
    tally.hidden = false;
  }
  form.addEventListener("change", say);
  say();
}());

(function () {
  "use strict";
  var body = document.body;
  var shown = body.getAttribute("data-page");
  var every = Number(body.getAttribute("data-every")) * 1000 || 4000;
  var stay = body.hasAttribute("data-stay");
  var closed = document.getElementById("closed");
  var moved = document.getElementById("moved");
  var failures = 0;
  if (!shown) {
    return;
  }
  if (!window.fetch) {
    if (!stay) {
      window.setTimeout(function () { window.location.reload(); }, every);
    }
    return;
  }
  function stop() {
    // The room is closed (or this code no longer lets anyone in): say so where the page is
    // read, and stop asking.
    if (closed) {
      closed.hidden = false;
    }
    if (moved) {
      moved.hidden = true;
    }
  }
  function changed(page) {
    // A waiting page shows what is open now. A form stays, and says whether it is too late:
    // another question, or none, is open (its own answer sent from another tab is no news).
    if (!stay) {
      window.location.replace("./");
      return;
    }
    if (moved) {
      moved.hidden = !(page === "waiting" || page.indexOf("question-") === 0);
    }
    window.setTimeout(look, every);
  }
  function look() {
    window
      .fetch("now", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 404 || response.status === 410) {
          return null;
        }
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (page) {
        if (page === null) {
          stop();
        } else if (page !== shown) {
          failures = 0;
          changed(page);
        } else {
          failures = 0;
          window.setTimeout(look, every);
        }
      })
      .catch(function () {
        // Busy for a moment, or gone: twice in a row, and behind a hub's proxy a closed room
        // answers with the proxy's own error, it is taken as closed.
        failures += 1;
        if (failures >= 2) {
          stop();
        } else {
          window.setTimeout(look, every * 2);
        }
      });
  }
  window.setTimeout(look, every);
})();
