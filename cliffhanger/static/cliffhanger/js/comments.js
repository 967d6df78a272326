// Progressive enhancement for the comment section: post, reply and vote in
// place. Without this script every action is a plain form post and works.
(function () {
  "use strict";
  var section = document.querySelector("[data-discussion]");
  if (!section || !window.fetch || !window.FormData) return;

  var respond = section.querySelector("[data-respond]");
  var form = section.querySelector("[data-comment-form]");
  var heading = respond.querySelector(".respond__heading");
  var home = document.createComment("respond-home");
  respond.parentNode.insertBefore(home, respond);
  var defaultHeading = "Leave a comment";

  function postForm(target) {
    return fetch(target.action, {
      method: "POST",
      body: new FormData(target),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
  }

  function clearErrors() {
    form.querySelectorAll(".field__error, .form-error").forEach(function (el) {
      el.remove();
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
      var describedBy = (el.getAttribute("aria-describedby") || "")
        .split(" ")
        .filter(function (id) { return id && !/_error$/.test(id); });
      if (describedBy.length) el.setAttribute("aria-describedby", describedBy.join(" "));
      else el.removeAttribute("aria-describedby");
      el.closest(".field").classList.remove("field--error");
    });
  }

  function showErrors(data) {
    clearErrors();
    if (!data.errors && data.error) data = { errors: { __all__: [data.error] } };
    var first = null;
    Object.keys(data.errors || {}).forEach(function (name) {
      var message = data.errors[name][0];
      var input = form.elements[name];
      if (!input || name === "__all__" || input.type === "hidden") {
        var box = document.createElement("div");
        box.className = "form-error";
        box.setAttribute("role", "alert");
        box.textContent = message;
        form.insertBefore(box, form.firstElementChild.nextSibling);
        return;
      }
      var error = document.createElement("span");
      error.className = "field__error";
      error.id = input.id + "_error";
      error.textContent = message;
      input.parentNode.insertBefore(error, input);
      input.setAttribute("aria-invalid", "true");
      var describedBy = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      describedBy.push(error.id);
      input.setAttribute("aria-describedby", describedBy.join(" "));
      input.closest(".field").classList.add("field--error");
      if (!first) first = input;
    });
    if (first) first.focus();
  }

  function insertComment(data) {
    var wrapper = document.createElement("ol");
    wrapper.innerHTML = data.html;
    var item = wrapper.firstElementChild;
    var list;
    if (data.parent) {
      var parent = document.getElementById("comment-" + data.parent);
      list = parent && parent.querySelector(":scope > ol.comment-replies");
      if (parent && !list) {
        list = document.createElement("ol");
        list.className = "comment-replies";
        parent.appendChild(list);
      }
    }
    if (!list) {
      list = section.querySelector("[data-comment-list]");
      list.hidden = false;
      var empty = section.querySelector("[data-comment-empty]");
      if (empty) empty.remove();
    }
    list.appendChild(item);
    section.querySelectorAll("[data-comment-count]").forEach(function (el) {
      el.textContent = data.comment_count;
    });
    bindAll(item);
    item.setAttribute("tabindex", "-1");
    item.focus();
  }

  function resetReply() {
    form.elements.parent.value = "";
    heading.textContent = defaultHeading;
    var replying = respond.querySelector("[data-replying]");
    if (replying) replying.remove();
    home.parentNode.insertBefore(respond, home.nextSibling);
  }

  function openReply(link) {
    var id = link.getAttribute("data-reply-to");
    var name = link.getAttribute("data-reply-name");
    var comment = document.getElementById("comment-" + id);
    form.elements.parent.value = id;
    heading.textContent = "Reply to " + name;
    var replying = respond.querySelector("[data-replying]");
    if (!replying) {
      replying = document.createElement("p");
      replying.className = "respond__replying";
      replying.setAttribute("data-replying", "");
      heading.parentNode.insertBefore(replying, heading.nextSibling);
    }
    replying.innerHTML = "";
    replying.appendChild(document.createTextNode("Replying to " + name + ". "));
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "link-button";
    cancel.textContent = "Cancel reply";
    cancel.addEventListener("click", function () {
      resetReply();
      link.focus();
    });
    replying.appendChild(cancel);
    comment.querySelector(":scope > .comment__card").after(respond);
    form.elements.body.focus();
  }

  function bindReplies(scope) {
    scope.querySelectorAll("[data-reply-to]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        openReply(link);
      });
    });
  }

  function bindVotes(scope) {
    scope.querySelectorAll("[data-vote-form]").forEach(function (voteForm) {
      voteForm.addEventListener("submit", function (event) {
        event.preventDefault();
        var data = new FormData(voteForm);
        data.set("value", event.submitter ? event.submitter.value : "up");
        fetch(voteForm.action, {
          method: "POST",
          body: data,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) { return response.json(); })
          .then(function (result) {
            if (result.error) return;
            voteForm.querySelector("[data-vote-up]").textContent = result.up;
            voteForm.querySelector("[data-vote-down]").textContent = result.down;
            // The buttons' accessible names include these counts (no aria-label).
          });
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    var sent = false;
    postForm(form)
      .then(function (response) {
        sent = true; // the server has the post: never send it a second time
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (result) {
        if (!result.ok) {
          showErrors(result.data);
          return;
        }
        clearErrors();
        form.elements.body.value = "";
        resetReply();
        insertComment(result.data);
      })
      .catch(function () {
        if (!sent) {
          form.submit(); // the request never left: fall back to the plain post
          return;
        }
        showErrors({ errors: { __all__: ["Something went wrong. Reload the page to see whether your comment was posted."] } });
      })
      .finally(function () {
        button.disabled = false;
      });
  });

  // "Show N more replies" and "More comments": the same pages a reader
  // without this script follows, fetched and merged into this one.
  function fetchPage(url) {
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        return new DOMParser().parseFromString(html, "text/html");
      });
  }

  function bindMore(scope) {
    scope.querySelectorAll("[data-more-replies]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var root = document.getElementById("comment-" + link.getAttribute("data-more-replies"));
        var shown = root.querySelectorAll("li.comment").length;
        fetchPage(link.href)
          .then(function (page) {
            var whole = page.getElementById(root.id);
            if (!whole) throw new Error("missing");
            var item = document.importNode(whole, true);
            root.replaceWith(item);
            bindAll(item);
            var next = item.querySelectorAll("li.comment")[shown];
            if (next) {
              next.setAttribute("tabindex", "-1");
              next.focus();
            }
          })
          .catch(function () { window.location.href = link.href; });
      });
    });
    scope.querySelectorAll(".pagination a[rel=next]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var list = section.querySelector("[data-comment-list]");
        var nav = link.closest(".pagination");
        fetchPage(link.href)
          .then(function (page) {
            var more = page.querySelector("[data-comment-list]");
            if (!more) throw new Error("missing");
            var first = null;
            Array.prototype.slice.call(more.children).forEach(function (child) {
              if (document.getElementById(child.id)) return; // posted meanwhile
              var item = document.importNode(child, true);
              list.appendChild(item);
              bindAll(item);
              if (!first) first = item;
            });
            var newNav = page.querySelector(".discussion .pagination");
            if (newNav) {
              newNav = document.importNode(newNav, true);
              nav.replaceWith(newNav);
              bindMore(newNav);
            } else {
              nav.remove();
            }
            if (first) {
              first.setAttribute("tabindex", "-1");
              first.focus();
            }
          })
          .catch(function () { window.location.href = link.href; });
      });
    });
  }

  function bindAll(scope) {
    bindReplies(scope);
    bindVotes(scope);
    bindMore(scope);
  }

  bindAll(section);
})();
