/**
 * The web layer: the REST API of Parcours, its errors, its security and the console's pages.
 *
 * <p>Rules of this package and below: resources are thin (parse and validate the request, call the
 * {@link io.parcours.engine.DecisionFacade}, render the answer); every error is RFC 9457 {@code
 * application/problem+json} that says what was wrong; nothing here decides anything.
 */
package io.parcours.web;
