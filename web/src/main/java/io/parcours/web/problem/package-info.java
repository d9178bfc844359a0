/**
 * RFC 9457 problem details: every error of the API is {@code application/problem+json} with a type,
 * a title, the status, a detail that says what was wrong and how to fix it, and for invalid fields
 * the list of them. Never a stack trace.
 */
package io.parcours.web.problem;
