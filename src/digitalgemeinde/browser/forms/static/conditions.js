/* Conditions of a request form (digitalgemeinde, submissions/conditions.py): a field whose
   wrapper says data-show-when='{"all"|"any": [{"field", "operator", "value"}]}' is shown only
   while its condition holds, live. Hidden with the `hidden` attribute (out of the page and
   of the accessibility tree), and its controls disabled so that they are neither sent nor
   checked by the browser; the server drops them anyway. Without this script every field is
   shown with its hint «Nur ausfüllen, wenn …». No framework. */
(function () {
  "use strict";
  var YES = ["true", "ja", "yes", "oui", "si", "sì", "1"];
  var NO = ["false", "nein", "no", "non", "0"];

  function wrapperOf(form, name) {
    return form.querySelector('[data-fieldname="form.widgets.' + name + '"]');
  }

  function isShown(wrapper) {
    return wrapper === null || !wrapper.hidden;
  }

  /* The values of a field as texts (checked boxes and radios, chosen options, text);
     null when not given or hidden. A single checkbox (yes/no) is "true" or "false". */
  function valuesOf(form, name) {
    var wrapper = wrapperOf(form, name);
    if (wrapper === null || !isShown(wrapper)) { return null; }
    var controls = wrapper.querySelectorAll("input, select, textarea");
    var values = [];
    var boxes = 0;
    controls.forEach(function (control) {
      var type = (control.getAttribute("type") || "").toLowerCase();
      if (type === "hidden" || type === "submit" || type === "button" || type === "file") { return; }
      if (type === "checkbox" || type === "radio") {
        boxes += 1;
        if (control.checked) { values.push(control.value); }
      } else if (control.tagName === "SELECT") {
        Array.prototype.forEach.call(control.selectedOptions, function (option) {
          if (option.value !== "--NOVALUE--" && option.value !== "") { values.push(option.value); }
        });
      } else if (control.value.trim() !== "") {
        values.push(control.value.trim());
      }
    });
    if (boxes === 1 && controls.length && wrapper.querySelector('input[type="checkbox"]')) {
      /* a yes/no field: z3c.form's single checkbox sends "selected" */
      return [values.length ? "true" : "false"];
    }
    return values.length ? values : null;
  }

  function wanted(condition, values) {
    var word = condition.value.toLowerCase();
    if (values && values.length === 1 && (values[0] === "true" || values[0] === "false")) {
      if (YES.indexOf(word) >= 0) { return "true"; }
      if (NO.indexOf(word) >= 0) { return "false"; }
    }
    return condition.value;
  }

  function holds(form, condition) {
    var values = valuesOf(form, condition.field);
    if (values === null) { return condition.operator === "is_not"; }
    var target = wanted(condition, values);
    var several = values.length > 1 || wrapperOf(form, condition.field).querySelectorAll(
      'input[type="checkbox"], select[multiple]').length > 1;
    var found;
    if (condition.operator === "contains" && !several) {
      found = values[0].toLowerCase().indexOf(target.toLowerCase()) >= 0;
      return found;
    }
    found = values.indexOf(target) >= 0;
    return condition.operator === "is_not" ? !found : found;
  }

  function update(form, wrappers) {
    /* twice: a field may depend on a field that has just been hidden or shown */
    for (var pass = 0; pass < wrappers.length + 1; pass += 1) {
      var changed = false;
      wrappers.forEach(function (wrapper) {
        var rule = JSON.parse(wrapper.getAttribute("data-show-when"));
        var all = Object.prototype.hasOwnProperty.call(rule, "all");
        var list = rule.all || rule.any;
        var results = list.map(function (condition) { return holds(form, condition); });
        var show = all ? results.every(Boolean) : results.some(Boolean);
        if (wrapper.hidden === show) {
          wrapper.hidden = !show;
          wrapper.querySelectorAll("input, select, textarea").forEach(function (control) {
            control.disabled = !show;
          });
          changed = true;
        }
      });
      if (!changed) { return; }
    }
  }

  function start() {
    document.querySelectorAll("form").forEach(function (form) {
      var wrappers = Array.prototype.slice.call(form.querySelectorAll("[data-show-when]"));
      if (!wrappers.length) { return; }
      update(form, wrappers);
      form.addEventListener("input", function () { update(form, wrappers); });
      form.addEventListener("change", function () { update(form, wrappers); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
