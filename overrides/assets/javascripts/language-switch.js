/*
 * Language switcher: keep the reader on the same page, section and decision state.
 *
 * partials/alternate.html renders each language's link to this page's twin, which is all a reader
 * without JavaScript gets. Here the links are re-targeted from the current location, because
 * (1) instant navigation swaps the page but keeps the header, so the rendered links would still
 * name the first page, and (2) the query string (/decide/?v=1&os=linux) and the #section exist only
 * in the browser. Clicks stop here so Material's own alternate handling, which guesses the twin
 * from sitemap.xml and the configured site_url, never overrides the computed link.
 */
(function () {
  "use strict";

  var list = document.querySelector("[data-language-switch]");
  if (!list) return;

  // Roots are resolved once, against the page the header was rendered for.
  var here = new URL(list.getAttribute("data-site-root"), location.href).href;
  var links = Array.prototype.map.call(
    list.querySelectorAll("a[data-site-root]"),
    function (el) {
      return { el: el, root: new URL(el.getAttribute("data-site-root"), location.href) };
    }
  );

  function retarget() {
    var rest = location.href.indexOf(here) === 0 ? location.href.slice(here.length) : "";
    links.forEach(function (link) {
      link.el.href = new URL(rest, link.root).href;
    });
  }

  ["click", "auxclick", "contextmenu", "focusin", "mouseover"].forEach(function (type) {
    list.addEventListener(type, function (ev) {
      retarget();
      if (type === "click" || type === "auxclick") ev.stopPropagation();
    });
  });
  window.addEventListener("hashchange", retarget);
  window.addEventListener("popstate", retarget);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(retarget);
  }
  retarget();
})();
