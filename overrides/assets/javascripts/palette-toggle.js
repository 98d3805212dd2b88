/*
 * Colour-scheme toggle, in place of Material's palette component (see partials/palette.html).
 *
 * The scheme is already applied before the first paint (partials/javascripts/palette.html); this
 * script only reacts: a click on the toggle, or Enter on it, moves to the next scheme and keeps the
 * choice in Material's "__palette" entry (the same shape, so a choice made under Material's own
 * component still counts); until the reader chooses, the page follows the system's preference as
 * it changes. The browser's theme-color and color-scheme hints follow the header.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-kb-palette]");
  if (!form) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.md-option"));
  var KEYS = ["media", "scheme", "primary", "accent"];

  function meta(name) {
    var el = document.head.querySelector('meta[name="' + name + '"]');
    if (!el) {
      el = document.createElement("meta");
      el.name = name;
      document.head.appendChild(el);
    }
    return el;
  }

  // Read once the style is computed anyway, never right after a change forced a restyle.
  function hints() {
    var header = document.querySelector(".md-header");
    if (!header) return;
    var style = window.getComputedStyle(header);
    meta("color-scheme").content = style.colorScheme;
    var rgb = (style.backgroundColor.match(/\d+/g) || []).slice(0, 3);
    if (rgb.length === 3) {
      meta("theme-color").content = "#" + rgb.map(function (c) {
        return (+c).toString(16).padStart(2, "0");
      }).join("");
    }
  }

  function apply(index, chosen) {
    var input = inputs[index];
    var color = {};
    // As Material does on a switch: no colour transitions while every colour changes at once.
    document.body.setAttribute("data-md-color-switching", "");
    KEYS.forEach(function (key) {
      color[key] = input.getAttribute("data-md-color-" + key);
      document.body.setAttribute("data-md-color-" + key, color[key]);
    });
    input.checked = true;
    inputs.forEach(function (other, i) {
      var label = other.nextElementSibling;
      if (label && label.tagName === "LABEL") label.hidden = i !== index;
    });
    if (chosen) window.__md_set("__palette", { index: index, color: color });
    requestAnimationFrame(function () {
      document.body.removeAttribute("data-md-color-switching");
      hints();
    });
  }

  form.addEventListener("change", function (ev) {
    var index = inputs.indexOf(ev.target);
    if (index >= 0) apply(index, true);
  });
  // The radio under the visible toggle has the focus: Enter moves on, as a button would.
  form.addEventListener("keydown", function (ev) {
    var index = inputs.indexOf(ev.target);
    if (ev.key !== "Enter" || index < 0) return;
    ev.preventDefault();
    var next = inputs[(index + 1) % inputs.length];
    next.click();
    next.focus();
  });
  inputs.forEach(function (input, index) {
    var query = window.matchMedia(input.getAttribute("data-md-color-media"));
    query.addEventListener("change", function (ev) {
      if (ev.matches && !window.__md_get("__palette")) apply(index, false);
    });
  });
  // At load the hints wait for an idle moment, when the page's style is computed and reading it
  // costs nothing (Material read it right away, forcing a restyle inside its start-up task).
  (window.requestIdleCallback || setTimeout)(hints);
})();
