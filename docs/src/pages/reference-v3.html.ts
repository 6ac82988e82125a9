import type { APIRoute } from 'astro';
import { legacyReferenceAnchors } from '../legacy-anchors';
import { basePath } from '../site';

// /api-reference/reference-v3.html, the previous service's v3 reference page: sends a reader on
// to the operation their old anchor named (`#api-v3-partnerships-ecf-post`), else to our v3
// reference. A script, because the anchor never reaches a server; without JavaScript the page
// refreshes to the reference and offers a link.

export const GET: APIRoute = ({ site }) => {
  const reference = `${basePath}/reference/v3/`;
  const anchors = legacyReferenceAnchors(basePath);
  const script = `(function(){var a=${JSON.stringify(anchors).replace(/</g, '\\u003c')};var h=decodeURIComponent(location.hash.slice(1)).toLowerCase();location.replace(a[h]||${JSON.stringify(reference)});})();`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>API v3 reference has moved</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="${new URL(reference, site).href}">
<script>${script}</script>
<noscript><meta http-equiv="refresh" content="0;url=${reference}"></noscript>
</head>
<body>
<main>
<h1>API v3 reference has moved</h1>
<p><a href="${reference}">Go to the API v3 reference</a>.</p>
</main>
</body>
</html>
`;
  return new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
};
