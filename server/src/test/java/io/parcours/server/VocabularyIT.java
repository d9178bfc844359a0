package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parcours.domain.Channel;
import io.parcours.domain.EventType;
import io.parcours.domain.Issue;
import io.parcours.domain.Outcome;
import io.parcours.domain.Purpose;
import io.parcours.engine.runtime.UserDirectory;
import io.parcours.rules.RuleFile;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The vocabulary the console reads after sign-in is the server's own: every list is the one the
 * Java types define, every user may read it, and the API accepts what it lists.
 */
@ExtendWith({ParcoursPostgres.class, ArquillianExtension.class})
class VocabularyIT {

  @Deployment(testable = false)
  static EnterpriseArchive parcours() {
    return Api.ear();
  }

  @Test
  void theVocabularyListsTheCodesTheJavaTypesDefine() {
    JsonObject v = Api.json(Api.get("business", "api/v1/vocabulary"));
    assertEquals(UserDirectory.ROLES, strings(v, "roles"));
    assertEquals(
        Arrays.stream(Channel.values()).map(Channel::code).toList(), strings(v, "channels"));
    assertEquals(Arrays.stream(Issue.values()).map(Issue::code).toList(), strings(v, "issues"));
    assertEquals(
        Arrays.stream(Purpose.values()).map(Purpose::code).toList(), strings(v, "purposes"));
    assertEquals(
        Arrays.stream(Outcome.values()).map(o -> o.code() + ":" + o.isPositive()).toList(),
        v.getJsonArray("outcomes").getValuesAs(JsonObject.class).stream()
            .map(o -> o.getString("code") + ":" + o.getBoolean("positive"))
            .toList());
    assertEquals(
        Arrays.stream(EventType.Kind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList(),
        strings(v, "attributeKinds"));
    assertEquals(RuleFile.EXTENSIONS, strings(v, "ruleFileTypes"));
    assertEquals(RuleFile.STRATEGY_FILES, strings(v, "strategyFiles"));
  }

  @Test
  void theProfileFieldsAreThoseACustomerIsAnsweredWith() {
    List<String> fields =
        strings(Api.json(Api.get("channel", "api/v1/vocabulary")), "profileFields");
    String customer = Api.customers(1).get(0);
    JsonObject profile = Api.json(Api.get("channel", "api/v1/customers/" + customer));
    List<String> fixed =
        profile.keySet().stream()
            .filter(k -> !k.equals("attributes") && !k.equals("derivedFeatures"))
            .toList();
    // A field without a value is left out of the answer.
    assertEquals(
        fields.stream().filter(profile::containsKey).toList(),
        fixed,
        "the profile's fields, in the order the API writes them");
  }

  @Test
  void everyRoleMayReadItAndNobodyElse() {
    for (String role : UserDirectory.ROLES) {
      assertEquals(200, Api.get(role, "api/v1/vocabulary").statusCode(), role);
    }
    HttpResponse<String> anonymous = Api.get(null, "api/v1/vocabulary");
    assertEquals(401, anonymous.statusCode(), anonymous.body());
  }

  @Test
  void aDecisionIsAcceptedOnEveryChannelItLists() {
    String customer = Api.customers(1).get(0);
    for (String channel : strings(Api.json(Api.get("channel", "api/v1/vocabulary")), "channels")) {
      assertTrue(Api.decide(customer, channel, 1).containsKey("decisionId"), channel);
    }
  }

  private static List<String> strings(JsonObject o, String key) {
    return o.getJsonArray(key).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .toList();
  }
}
