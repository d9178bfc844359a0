/**
 * Who may call the API: HTTP Basic against the users stored in PostgreSQL (PBKDF2 hashes), one role per
 * kind of user, enforced on every resource method.
 */
package io.parcours.web.security;
