/* Digest category filter: an enhancement; without JavaScript every group is a plain list.
   A static file, not an inline script, so the Content-Security-Policy needs no exception. */
(function () {
  function enhance(picker) {
    var box = picker.querySelector(".category-filter"), input = box.querySelector("input");
    var groups = picker.querySelectorAll(".category-group"), none = picker.querySelector(".category-none");
    var opened = Array.prototype.map.call(groups, function (g) { return g.open; });
    box.hidden = false;
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase(), any = false;
      groups.forEach(function (group, i) {
        var shown = 0;
        group.querySelectorAll("li").forEach(function (li) {
          var hit = !q || li.textContent.toLowerCase().indexOf(q) !== -1;
          li.hidden = !hit; if (hit) shown++;
        });
        group.hidden = shown === 0;
        group.open = q ? shown > 0 : opened[i];
        if (shown) any = true;
      });
      none.hidden = any;
    });
  }
  document.querySelectorAll("[data-category-picker]").forEach(enhance);
})();
