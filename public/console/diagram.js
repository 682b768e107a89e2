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
      // The page that frames the diagram makes its frame as tall as the drawing: nothing cropped.
      if (window.parent !== window)
        window.parent.postMessage({ tandemDiagramHeight: document.documentElement.scrollHeight }, location.origin);
    })
    .catch(function (error) {
      document.body.setAttribute('data-rendered', 'error');
      console.error(error);
    });
})();
