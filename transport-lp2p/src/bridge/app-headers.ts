/**
 * Headers on an app's page files (docs/security.md §App pages): scripts only from the app's own origin and the
 * agent's LP2P module, connections only to the app's own origin (its sync socket) and the bridge, never framed,
 * no sniffing, no referrer.
 */
export function appHeaders(appPort: number, bridgePort: number): Record<string, string> {
  // No `[::1]:P`: a CSP host-source cannot be an IPv6 literal (Chromium warns on every page load and ignores it);
  // a page opened on [::1] reaches its own sync socket through 'self', which matches ws: on the same host (CSP3).
  const self = [`127.0.0.1:${appPort}`, `localhost:${appPort}`];
  const bridge = `127.0.0.1:${bridgePort}`;
  return {
    'Content-Security-Policy':
      `default-src 'self'; script-src 'self' http://${bridge}; style-src 'self' 'unsafe-inline'; ` +
      `img-src 'self' data: blob:; connect-src 'self' ${self.map((h) => `ws://${h}`).join(' ')} ws://${bridge}; ` +
      "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}
