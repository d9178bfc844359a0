/**
 * Who may call the API: people with HTTP Basic against the users stored in PostgreSQL (PBKDF2
 * hashes, failed sign-ins throttled per name and address), channel systems with a bearer token (a
 * JWT verified against the configured public key, issuer and audiences, its roles in {@code
 * groups}), both through one authentication mechanism; one role per kind of user, enforced on every
 * resource method.
 */
package io.parcours.web.security;
