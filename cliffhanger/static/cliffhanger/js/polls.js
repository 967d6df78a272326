// Vote in place: the results chart replaces the form without a reload.
// Without this script the form posts and the page comes back with results.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;
  document.querySelectorAll("[data-poll-form]").forEach(function (form) {
    if (form.dataset.enhanced) return; // the script is included once per poll list
    form.dataset.enhanced = "1";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          if (!result.ok) {
            var error = form.querySelector(".form-error") || document.createElement("p");
            error.className = "form-error";
            error.setAttribute("role", "alert");
            error.textContent = result.data.error || "Your vote was not counted.";
            form.prepend(error);
            button.disabled = false;
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
          button.disabled = false;
        });
    });
  });
})();
