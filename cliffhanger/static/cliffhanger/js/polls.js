// Vote in place: the results chart replaces the form without a reload.
// Without this script the form posts and the page comes back with results.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;
  var NOT_COUNTED =
    "Your vote was not counted. Please reload the page and try again.";
  document.querySelectorAll("[data-poll-form]").forEach(function (form) {
    if (form.dataset.enhanced) return; // the script is included once per poll list
    form.dataset.enhanced = "1";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      function showError(message) {
        var error = form.querySelector(".form-error") || document.createElement("p");
        error.className = "form-error";
        error.setAttribute("role", "alert");
        error.textContent = message;
        form.prepend(error);
        button.disabled = false;
      }
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          // A refusal from the poll is JSON; anything else (an expired CSRF
          // token's 403 page, a 500, a proxy's error page) is not.
          var type = response.headers.get("Content-Type") || "";
          if (type.indexOf("application/json") === -1) {
            return { ok: false, data: {} };
          }
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          if (!result.ok) {
            showError(result.data.error || NOT_COUNTED);
            return;
          }
          var holder = document.createElement("div");
          holder.innerHTML = result.data.html;
          var results = holder.firstElementChild;
          results.setAttribute("tabindex", "-1");
          form.replaceWith(results);
          results.focus();
        })
        .catch(function () {
          showError(NOT_COUNTED);
        });
    });
  });
})();
