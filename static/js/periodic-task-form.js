/* The periodic task form's crontab help ("Translation: At 06:00 ..."): django-celery-beat's
   inline script, here as a static file so the Content-Security-Policy needs no exception. */
(function ($) {
  var readable = JSON.parse(document.getElementById("readable-crontabs").textContent);
  var help = $(".field-crontab .help"), original = help.html();
  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    var translation = readable[$("#id_crontab").val()] || "";
    help.html(original + "<br>Translation: ").append(document.createTextNode(translation));
  });
})(django.jQuery);
