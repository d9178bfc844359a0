package io.parcours.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParcoursLauncherTest {

  @Test
  void eachDemoUserGetsItsOwnPasswordKeptInAFileOnlyItsOwnerCanRead(@TempDir Path state)
      throws Exception {
    Path file = state.resolve(ParcoursLauncher.DEMO_USERS);
    Map<String, String> first = ParcoursLauncher.demoUsers(file);
    assertEquals(ParcoursLauncher.ROLES, first.keySet().stream().toList());
    assertEquals(
        first.size(),
        new HashSet<>(first.values()).size(),
        "no two users share a password: " + first);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(first, ParcoursLauncher.demoUsers(file), "the next run keeps them");

    Files.writeString(file, "channel=chosen-by-hand-123\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Map<String, String> again = ParcoursLauncher.demoUsers(file);
    assertEquals("chosen-by-hand-123", again.get("channel"));
    assertEquals(ParcoursLauncher.ROLES.size(), again.size(), "the roles the file lacks are added");
    assertTrue(Files.readString(file).contains("admin=" + again.get("admin")));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void theServersHeapIsTheOneAskedForOrRoomForTheCaches(@TempDir Path domain) throws Exception {
    assertEquals(ParcoursLauncher.DEFAULT_HEAP, ParcoursLauncher.heap(null));
    assertEquals(ParcoursLauncher.DEFAULT_HEAP, ParcoursLauncher.heap(" "));
    assertEquals("4g", ParcoursLauncher.heap("4G"));
    assertThrows(RuntimeException.class, () -> ParcoursLauncher.heap("lots"));
    assertThrows(RuntimeException.class, () -> ParcoursLauncher.heap("0m"));

    Path xml = domain.resolve("domain.xml");
    Files.writeString(
        xml,
        "<java-config><jvm-options>-Xmx512m</jvm-options><jvm-options>-server</jvm-options>"
            + "</java-config><java-config><jvm-options>-Xmx512m</jvm-options></java-config>");
    ParcoursLauncher.serverHeap(xml, "2g");
    assertEquals(
        "<java-config><jvm-options>-Xmx2g</jvm-options><jvm-options>-server</jvm-options>"
            + "</java-config><java-config><jvm-options>-Xmx2g</jvm-options></java-config>",
        Files.readString(xml));
  }
}
