// The header's "Sign in" link is the same in every shared copy of a page. A
// signed-in reader's browser holds the cliff_signed_in hint (it says only "1",
// cliffhanger/accounts/middleware.py), and this turns the link into theirs.
// Without JavaScript the link still works: signed in, it leads to the account.
(function () {
  "use strict";
  if (!/(?:^|;\s*)cliff_signed_in=1(?:;|$)/.test(document.cookie)) return;
  var link = document.querySelector("[data-account-link]");
  if (!link) return;
  link.textContent = link.getAttribute("data-signed-in-label");
  link.setAttribute("href", link.getAttribute("data-signed-in-href"));
})();
