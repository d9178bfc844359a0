/**
 * Payara's HTTP layer (Grizzly) refuses some requests itself, before the web container sees them —
 * a GET with a body, an encoded NUL in the path, a header with a byte above 0x7F — and answers them
 * with a bare status and no body. This package turns those answers into RFC 9457 problem documents,
 * as the application answers every other error: a Grizzly filter below the HTTP codec of each of
 * the server's HTTP listeners rewrites a bodiless error answer, and a probe on the codec records
 * why it refused the request. The application installs both when it starts and removes them when it
 * stops. The requests are still refused; only the answer changes.
 */
package io.parcours.web.grizzly;
