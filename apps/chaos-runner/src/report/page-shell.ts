import { html, type SafeHtml } from './html';

export interface PageParts {
  title: string;
  body: SafeHtml;
  stylesheets?: readonly string[];
  scripts?: readonly string[];
}

/**
 * The frame every runner page shares: the API page's header and colours, its own stylesheet, and
 * scripts only from the runner itself (the Content-Security-Policy the controllers send says so).
 */
export function pageShell({ title, body, stylesheets = [], scripts = [] }: PageParts): string {
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
  <link rel="icon" href="data:,">
  ${stylesheets.map((href) => html`<link rel="stylesheet" href="${href}">`)}
  <link rel="stylesheet" href="/report-assets/report.css">
</head>
<body>
  <header>
    <a class="brand" href="/">Scale</a>
    <span class="product">chaos runner</span>
    <nav><a href="/api/docs">API</a></nav>
  </header>
  <main>${body}</main>
  ${scripts.map((src) => html`<script src="${src}"></script>`)}
</body>
</html>
`.text;
}

/**
 * What the pages need from the browser: nothing from elsewhere, no inline script (the report's data
 * travels as inert JSON), no framing by another site.
 */
export const PAGE_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
