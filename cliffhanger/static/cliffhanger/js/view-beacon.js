// Counts a page view after load, so the article page itself stays cacheable.
(function () {
  "use strict";
  var url = document.body.getAttribute("data-view-beacon");
  if (!url) return;
  var send = function () {
    if (navigator.sendBeacon) {
      navigator.sendBeacon(url);
    } else {
      fetch(url, { method: "POST", keepalive: true, credentials: "omit" });
    }
  };
  if (document.readyState === "complete") send();
  else window.addEventListener("load", send, { once: true });
})();
