// Sortable comparison tables: vendored tablesort 5.7.1 (npm, MIT; see vendor/tablesort-LICENCE.txt),
// loaded from this site, never from a CDN. Tablesort makes each header focusable and sorts on
// Enter as well as on click. Without JavaScript the tables simply stay in the data's order.
(function () {
  "use strict";

  function init() {
    if (typeof window.Tablesort !== "function") return;
    document.querySelectorAll("div.kb-sortable table").forEach(function (table) {
      if (table.dataset.sortReady) return; // document$ fires again after instant navigation
      table.dataset.sortReady = "1";
      new window.Tablesort(table);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
