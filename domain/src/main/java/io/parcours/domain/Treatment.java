package io.parcours.domain;

import java.net.URI;
import java.util.Objects;

/**
 * What a channel shows for an action: its content on that channel. An action is offered on the
 * channels it has a treatment for; a decision answers with the treatment of the channel asked, so a
 * channel never keeps its own table from action ids to content.
 *
 * @param id stable identifier within its action (for example {@code web-banner})
 * @param channel the channel that shows it
 * @param title the headline
 * @param text the body text; may be empty
 * @param template the channel's template or image reference (a file name, a CMS key); may be empty
 * @param link the call-to-action link; null when there is none
 * @param eligibility a condition on the customer, written as a constraint of the {@code Customer}
 *     fact in a rule (for example {@code age >= 25 && holds("current-account")}); null when every
 *     customer who may get the action may get this treatment
 */
public record Treatment(
    String id,
    Channel channel,
    String title,
    String text,
    String template,
    URI link,
    String eligibility) {

  public Treatment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(title, "title");
    if (id.isBlank() || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "treatment id '"
              + id
              + "' must start with a letter or digit and use only letters, digits, '.', '_', '-'");
    }
    if (title.isBlank()) {
      throw new IllegalArgumentException("treatment " + id + " needs a title");
    }
    text = text == null ? "" : text;
    template = template == null ? "" : template;
    if (link != null && !("https".equals(link.getScheme()) || "http".equals(link.getScheme()))) {
      throw new IllegalArgumentException(
          "the link of treatment " + id + " must be an http or https address, was '" + link + "'");
    }
    eligibility = eligibility == null || eligibility.isBlank() ? null : eligibility.strip();
  }

  /** Whether some customers may not get this treatment. */
  public boolean conditional() {
    return eligibility != null;
  }

  /**
   * The key under which rules report this treatment eligible: {@code <action id>/<treatment id>}.
   */
  public static String key(String actionId, String treatmentId) {
    return actionId + "/" + treatmentId;
  }
}
