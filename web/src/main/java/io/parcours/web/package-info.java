/**
 * The web layer: the REST API of Parcours, its errors, its security and the console's pages.
 *
 * <p>Rules of this package and below: resources are thin (parse and validate the request, call the
 * engine's facade for the concern, such as {@link io.parcours.engine.DecisionFacade} or {@link
 * io.parcours.engine.CustomerFacade}, render the answer); they see only the engine's and the
 * domain's types, never the database module's ({@code io.parcours.db}), as {@code WebContractTest}
 * checks; every error is RFC 9457 {@code application/problem+json} that says what was wrong;
 * nothing here decides anything.
 */
package io.parcours.web;
