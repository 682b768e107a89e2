// Draws the workflow diagram of the page with Mermaid (served by Tandem itself, never a CDN).
(function () {
  'use strict';
  /* global mermaid */
  if (!window.mermaid) return;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default', state: { useMaxWidth: true } });
  mermaid
    .run({ querySelector: '.mermaid' })
    .then(function () {
      document.body.setAttribute('data-rendered', 'true');
    })
    .catch(function (error) {
      document.body.setAttribute('data-rendered', 'error');
      console.error(error);
    });
})();
