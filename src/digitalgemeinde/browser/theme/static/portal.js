/* The portal's layer on Barceloneta (bundle digitalgemeinde-theme).
   - The skip link moves the focus to the content, not only the scroll position.
   - The theme's own close button of the mobile navigation is named in the page's language
     (Barceloneta's index.html says "Close"; the skip link carries the translated label).
   - The toolbar's pin/unpin links are buttons. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".dg-skiplink");
    var target = link && document.getElementById("content");
    if (!target) {
      return;
    }
    event.preventDefault();
    target.setAttribute("tabindex", "-1");
    target.focus();
    target.scrollIntoView();
  });

  function nameControls() {
    var link = document.querySelector(".dg-skiplink");
    var label = link && link.getAttribute("data-close-label");
    if (!label) {
      return;
    }
    document.querySelectorAll(".offcanvas-header .btn-close").forEach(function (button) {
      button.setAttribute("aria-label", label);
    });
  }

  // The toolbar's pin/unpin controls are links without an address (plone.app.layout): give
  // them the role they play, so their label is allowed (WCAG 4.1.2) and the keyboard reaches them.
  function toolbarButtons() {
    document.querySelectorAll("#edit-zone .toolbar-collapse, #edit-zone .toolbar-expand")
      .forEach(function (control) {
        control.setAttribute("role", "button");
        control.setAttribute("tabindex", "0");
        control.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            control.click();
          }
        });
      });
  }

  function ready() {
    nameControls();
    toolbarButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
