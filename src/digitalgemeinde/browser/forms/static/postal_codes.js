/* Offers the place of a Swiss postal code (digitalgemeinde): when a citizen has typed a postal
   code (a field with autocomplete="postal-code"), asks @postal-code for its places; one place
   fills the place field next to it (autocomplete="address-level2", in the same fieldset, else
   the same form) if that is still empty, several are offered there as suggestions (a datalist).
   Without JavaScript nothing changes: the form's check still knows every postal code. */
(function () {
  "use strict";
  var script = document.currentScript;
  var endpoint = script && script.getAttribute("data-endpoint");
  if (!endpoint) { return; }

  function placeFieldFor(input) {
    var scope = input.closest("fieldset") || input.form || document;
    return scope.querySelector('input[autocomplete="address-level2"]');
  }

  function suggest(place, names) {
    var list = document.getElementById(place.id + "-places");
    if (!list) {
      list = document.createElement("datalist");
      list.id = place.id + "-places";
      place.parentNode.appendChild(list);
      place.setAttribute("list", list.id);
    }
    list.replaceChildren.apply(list, names.map(function (name) {
      var option = document.createElement("option");
      option.value = name;
      return option;
    }));
  }

  function lookUp(input) {
    var code = input.value.trim();
    var place = placeFieldFor(input);
    if (!place || !/^\d{4}$/.test(code)) { return; }
    fetch(endpoint + "?code=" + encodeURIComponent(code), {
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (found) {
      if (!found || !found.places || !found.places.length) { return; }
      suggest(place, found.places);
      if (found.places.length === 1 && !place.value.trim()) {
        place.value = found.places[0];
      }
    }).catch(function () { /* no suggestion: the citizen types the place */ });
  }

  document.querySelectorAll('input[autocomplete="postal-code"]').forEach(function (input) {
    input.addEventListener("change", function () { lookUp(input); });
  });
}());
