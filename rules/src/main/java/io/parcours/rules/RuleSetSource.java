package io.parcours.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The files of one rule-set version, before compilation.
 *
 * @param version the version the files are stored under; {@code bundled} for the rule set in this
 *     jar
 * @param files the rule files, each name at most once
 */
public record RuleSetSource(String version, List<RuleFile> files) {

  /** The version name of the rule set shipped in this jar. */
  public static final String BUNDLED_VERSION = "bundled";

  /**
   * The folder of the bundled rule files on the class path; it mirrors the package of the facts.
   */
  static final String BUNDLED_FOLDER = "io/parcours/rules/";

  /** The class-path resource listing the bundled rule files, one name a line. */
  static final String BUNDLED_INDEX = BUNDLED_FOLDER + "bundled.txt";

  public RuleSetSource {
    Objects.requireNonNull(version, "version");
    if (version.isBlank()) {
      throw new IllegalArgumentException("a rule set needs a version");
    }
    files = List.copyOf(files);
    Set<String> names = new HashSet<>();
    for (RuleFile f : files) {
      if (!names.add(f.name())) {
        throw new IllegalArgumentException(
            "rule set "
                + version
                + " contains "
                + f.name()
                + " twice; each file name must be unique");
      }
    }
  }

  /**
   * The rule set shipped in this jar: the files named in {@code io/parcours/rules/bundled.txt}
   * (blank lines and lines starting with {@code #} ignored), read through this class's class loader
   * so that it works from an application server's library folder as well as from a plain class
   * path.
   *
   * @throws IllegalStateException when the index or a file it names is missing from the jar
   */
  public static RuleSetSource bundled() {
    ClassLoader loader = RuleSetSource.class.getClassLoader();
    List<RuleFile> files = new ArrayList<>();
    for (String name : bundledNames(loader)) {
      files.add(new RuleFile(name, read(loader, BUNDLED_FOLDER + name)));
    }
    return new RuleSetSource(BUNDLED_VERSION, files);
  }

  private static List<String> bundledNames(ClassLoader loader) {
    List<String> names = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(open(loader, BUNDLED_INDEX), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String name = line.strip();
        if (!name.isEmpty() && !name.startsWith("#")) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + BUNDLED_INDEX, e);
    }
    return names;
  }

  private static byte[] read(ClassLoader loader, String resource) {
    try (InputStream in = open(loader, resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static InputStream open(ClassLoader loader, String resource) {
    InputStream in = loader.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(
          resource + " is missing from the class path; the parcours-rules jar is incomplete");
    }
    return in;
  }

  /** The file named {@code name}, if the rule set has one. */
  public Optional<RuleFile> file(String name) {
    for (RuleFile f : files) {
      if (f.name().equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * A fingerprint of the content, independent of the version name and of the order of the files:
   * the SHA-256 digest, in lower-case hex, of each file taken in name order as its UTF-8 name, a
   * zero byte, its length as 8 bytes big-endian and its bytes. Two sources with the same checksum
   * compile to the same rules.
   */
  public String checksum() {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
    List<RuleFile> ordered = new ArrayList<>(files);
    ordered.sort(Comparator.comparing(RuleFile::name));
    for (RuleFile f : ordered) {
      byte[] content = f.bytes();
      sha.update(f.name().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      long length = content.length;
      for (int shift = 56; shift >= 0; shift -= 8) {
        sha.update((byte) (length >>> shift));
      }
      sha.update(content);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
