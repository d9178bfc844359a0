/**
 * The REST resources of API version 1 and their JSON views.
 *
 * <p>Request bodies are read as JSON and checked field by field, so that a bad request is told
 * exactly which field is wrong; views are records that say what the API promises, independent of
 * the domain's internal shape.
 */
package io.parcours.web.api;
