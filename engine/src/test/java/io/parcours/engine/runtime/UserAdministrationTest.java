package io.parcours.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.parcours.engine.UserChangeException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserAdministrationTest {

  private static String refusedField(Runnable check) {
    UserChangeException e = assertThrows(UserChangeException.class, check::run);
    assertEquals(UserChangeException.Kind.INVALID, e.kind());
    return e.field();
  }

  @Test
  void aUserNameIsLowerCaseAndNeverTheNameParcoursRecordsItsOwnChangesUnder() {
    assertDoesNotThrow(() -> UserAdministration.checkUsername("ana.silva"));
    assertDoesNotThrow(() -> UserAdministration.checkUsername("crm-web_2"));
    assertEquals("username", refusedField(() -> UserAdministration.checkUsername("Ana")));
    assertEquals("username", refusedField(() -> UserAdministration.checkUsername("(demo mode)")));
    assertEquals("username", refusedField(() -> UserAdministration.checkUsername("parcours")));
    assertEquals("username", refusedField(() -> UserAdministration.checkUsername(".hidden")));
  }

  @Test
  void rolesAreTheDeclaredOnesAndAtLeastOne() {
    assertDoesNotThrow(() -> UserAdministration.checkRoles(Set.of("approver", "business")));
    assertEquals("roles", refusedField(() -> UserAdministration.checkRoles(Set.of())));
    assertEquals("roles", refusedField(() -> UserAdministration.checkRoles(Set.of("root"))));
  }

  @Test
  void aChosenPasswordHasTwelveToTwoHundredCharacters() {
    assertEquals("password", refusedField(() -> UserAdministration.checkPassword("short")));
    assertEquals("password", refusedField(() -> UserAdministration.checkPassword("x".repeat(201))));
    assertEquals("twelve chars", UserAdministration.checkPassword("twelve chars"));
  }
}
