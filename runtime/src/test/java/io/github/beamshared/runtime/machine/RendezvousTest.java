package io.github.beamshared.runtime.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.beamshared.runtime.SharedResourceException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RendezvousTest {

  @TempDir Path base;

  @Test
  void createsTheDirectoryForItsOwnerOnly() throws Exception {
    Path directory = base.resolve("a/b");

    Rendezvous.open(directory);

    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
  }

  @Test
  void repairsADirectoryOpenToOthers() throws Exception {
    Path directory =
        Files.createDirectory(
            base.resolve("open"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));

    Rendezvous.open(directory);

    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
  }

  @Test
  void refusesASymbolicLinkOrAFile() throws Exception {
    Path target = Files.createDirectory(base.resolve("target"));
    Path link = Files.createSymbolicLink(base.resolve("link"), target);
    Path file = Files.createFile(base.resolve("file"));

    assertThrows(SharedResourceException.class, () -> Rendezvous.open(link));
    assertThrows(SharedResourceException.class, () -> Rendezvous.open(file));
  }

  @Test
  void refusesADirectoryOfAnotherUser() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file away");
    Path directory = Files.createDirectory(base.resolve("theirs"));
    UserPrincipal nobody =
        directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    Files.setOwner(directory, nobody);

    SharedResourceException e =
        assertThrows(SharedResourceException.class, () -> Rendezvous.open(directory));

    assertTrue(e.getMessage().contains("belongs to nobody"), e.getMessage());
  }

  @Test
  void refusesADirectoryTooLongForSocketPaths() {
    Path directory = base.resolve("d".repeat(80));

    SharedResourceException e =
        assertThrows(SharedResourceException.class, () -> Rendezvous.open(directory));

    assertTrue(e.getMessage().contains("-Dbeamshared.dir"), e.getMessage());
  }

  @Test
  void shortNamesAreBoundedSanitizedAndDistinct() {
    String longTag = "embedder/" + "v".repeat(500) + " (prod)";
    String name = Rendezvous.shortName(longTag);

    assertEquals(37, name.length(), name);
    assertTrue(name.matches("[A-Za-z0-9_-]+"), name);
    assertTrue(name.startsWith("embedder_vvv"), name);
    assertNotEquals(name, Rendezvous.shortName(longTag + "!"));
    assertTrue(Rendezvous.shortName("ü").getBytes(StandardCharsets.UTF_8).length < 20);
  }
}
