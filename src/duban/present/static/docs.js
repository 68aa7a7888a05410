// 督办: start Swagger UI (served from the installed swagger-ui-bundle package) on /openapi.json.
(function () {
  "use strict";
  var el = document.getElementById("swagger-ui");
  if (!el || typeof SwaggerUIBundle === "undefined") return;
  window.ui = SwaggerUIBundle({
    url: el.dataset.spec,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,
    tryItOutEnabled: false
  });
})();
