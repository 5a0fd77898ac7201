import type { OutgoingHttpHeaders } from 'node:http';

/**
 * Sent with every HTML page. Pages load only our own CSS, script and images; ld+json is data, not script.
 * When the site's public address is https, browsers are also told to stay on https (HSTS) — never on plain
 * http, where the header would be ignored anyway and would break a local start.
 */
export function pageSecurityHeaders(baseUrl: string): OutgoingHttpHeaders {
  return {
    'content-security-policy':
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'SAMEORIGIN',
    ...transportHeaders(baseUrl),
  };
}

export function apiSecurityHeaders(baseUrl: string): OutgoingHttpHeaders {
  return {
    'x-content-type-options': 'nosniff',
    'access-control-allow-origin': '*',
    ...transportHeaders(baseUrl),
  };
}

function transportHeaders(baseUrl: string): OutgoingHttpHeaders {
  return baseUrl.startsWith('https://') ? { 'strict-transport-security': 'max-age=31536000' } : {};
}
