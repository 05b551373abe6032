// Owner Portal: progressive enhancement only. Every page works without this file; the server decides
// everything that matters (sessions, roles, the impersonation banner, confirmations).
"use strict";

(function () {
  // Impersonation countdown: the server renders the remaining time; this keeps it ticking and reloads
  // when it runs out, so the server ends the impersonation on that next request.
  function startCountdowns() {
    var nodes = document.querySelectorAll("[data-countdown]");
    if (!nodes.length) return;
    function pad(n) { return n < 10 ? "0" + n : String(n); }
    function tick() {
      var now = Date.now() / 1000;
      nodes.forEach(function (node) {
        var left = Math.max(0, Math.floor(Number(node.getAttribute("data-countdown")) - now));
        node.textContent = pad(Math.floor(left / 60)) + ":" + pad(left % 60);
        if (left === 0 && !node.hasAttribute("data-expired")) {
          node.setAttribute("data-expired", "");
          window.setTimeout(function () { window.location.reload(); }, 1000);
        }
      });
    }
    tick();
    window.setInterval(tick, 1000);
  }

  // Rich-text editor: a contenteditable surface with a small toolbar over a textarea of simple HTML.
  // The textarea stays the form field (the server sanitizes whatever arrives); without JS it is used as is.
  var TOOLS = [
    { label: "B", title: "Bold", command: "bold" },
    { label: "I", title: "Italic", command: "italic" },
    { label: "U", title: "Underline", command: "underline" },
    { label: "S", title: "Strikethrough", command: "strikeThrough" },
    { label: "H2", title: "Heading", command: "formatBlock", value: "h2" },
    { label: "H3", title: "Subheading", command: "formatBlock", value: "h3" },
    { label: "¶", title: "Paragraph", command: "formatBlock", value: "p" },
    { label: "• List", title: "Bulleted list", command: "insertUnorderedList" },
    { label: "1. List", title: "Numbered list", command: "insertOrderedList" },
    { label: "❝", title: "Quote", command: "formatBlock", value: "blockquote" },
    { label: "</>", title: "Code block", command: "formatBlock", value: "pre" },
    { label: "Link", title: "Link", command: "createLink" },
    { label: "Clear", title: "Clear formatting", command: "removeFormat" }
  ];

  function enhanceEditor(textarea) {
    var toolbar = document.createElement("div");
    toolbar.className = "editor-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Formatting");
    var surface = document.createElement("div");
    surface.className = "editor-surface rich";
    surface.contentEditable = "true";
    surface.setAttribute("role", "textbox");
    surface.setAttribute("aria-multiline", "true");
    var label = textarea.id && document.querySelector("label[for='" + textarea.id + "']");
    if (label) {
      if (!label.id) label.id = textarea.id + "-label";
      surface.setAttribute("aria-labelledby", label.id);
    }
    surface.innerHTML = textarea.value;
    TOOLS.forEach(function (tool) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = tool.label;
      button.title = tool.title;
      button.setAttribute("aria-label", tool.title);
      button.addEventListener("click", function () {
        surface.focus();
        var value = tool.value || null;
        if (tool.command === "createLink") {
          value = window.prompt("Link address (https://… or mailto:…)", "https://");
          if (!value) return;
        }
        document.execCommand(tool.command, false, value);
        sync();
      });
      toolbar.appendChild(button);
    });
    function sync() { textarea.value = surface.innerHTML; }
    surface.addEventListener("input", sync);
    surface.addEventListener("blur", sync);
    if (textarea.form) textarea.form.addEventListener("submit", sync);
    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(surface, textarea);
  }

  // Copy buttons (recovery codes, TOTP secret, API keys).
  function enhanceCopyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-copy"));
        if (!target || !navigator.clipboard) return;
        navigator.clipboard.writeText(target.textContent.trim()).then(function () {
          var original = button.textContent;
          button.textContent = "Copied";
          window.setTimeout(function () { button.textContent = original; }, 1500);
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    startCountdowns();
    document.querySelectorAll("textarea[data-rich-text]").forEach(enhanceEditor);
    enhanceCopyButtons();
  });
})();
