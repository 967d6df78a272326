// Shared copies of our pages carry no CSRF token for a first-time reader (so a
// proxy can serve one copy to everybody). Before any of this site's forms is
// posted, this puts the token in: from the csrftoken cookie when the reader
// has one, otherwise fetched once from /csrf-token/ (which sets the cookie).
// Without this script a tokenless post is refused and comes back filled in,
// with a token, to send again (cliffhanger/core/csrf_failure.py).
(function () {
  "use strict";
  var FIELD = "csrfmiddlewaretoken";

  function cookieToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function isOurPost(form) {
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return false;
    return new URL(form.action, document.baseURI).origin === window.location.origin;
  }

  function fill(form, token) {
    var input = form.querySelector('input[name="' + FIELD + '"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = FIELD;
      form.prepend(input);
    }
    if (!input.value) input.value = token;
  }

  function fillAll(token) {
    document.querySelectorAll("form").forEach(function (form) {
      if (isOurPost(form)) fill(form, token);
    });
  }

  function needsToken(form) {
    var input = form.querySelector('input[name="' + FIELD + '"]');
    return !input || !input.value;
  }

  var pending = null;
  function fetchToken() {
    if (!pending) {
      pending = fetch("/csrf-token/", {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.json(); })
        .then(function (data) { return data.token; })
        .finally(function () { pending = null; });
    }
    return pending;
  }

  // Capturing on the document runs before the forms' own submit handlers
  // (comments.js, polls.js), so they always read a filled-in form.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!isOurPost(form) || !needsToken(form)) return;
      var token = cookieToken();
      if (token) {
        fillAll(token);
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      var submitter = event.submitter;
      fetchToken()
        .then(fillAll)
        .catch(function () { /* sent without: the server shows it back */ })
        .then(function () {
          var button = submitter && submitter.form === form ? submitter : null;
          if (form.requestSubmit && !needsToken(form)) {
            form.requestSubmit(button || undefined);
            return;
          }
          // A plain submit() sends no button: carry the clicked one's value
          // (a vote's up or down) in a hidden field instead.
          if (button && button.name) {
            var carried = document.createElement("input");
            carried.type = "hidden";
            carried.name = button.name;
            carried.value = button.value;
            form.appendChild(carried);
          }
          form.submit();
        });
    },
    true
  );

  var known = cookieToken();
  if (known) fillAll(known);
})();
