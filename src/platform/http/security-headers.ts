import type { OutgoingHttpHeaders } from 'node:http';

/** Sent with every HTML page. Pages load only our own CSS, script and images; ld+json is data, not script. */
export const pageSecurityHeaders: OutgoingHttpHeaders = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'SAMEORIGIN',
};

export const apiSecurityHeaders: OutgoingHttpHeaders = {
  'x-content-type-options': 'nosniff',
  'access-control-allow-origin': '*',
};
