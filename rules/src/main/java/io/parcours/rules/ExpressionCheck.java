package io.parcours.rules;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether one piece of expression text in a rule — a constraint, an {@code eval}, a {@code
 * from} source, a consequence — stays within the fact model and the verdict, by a whitelist over
 * its tokens.
 *
 * <p>The text is cut into identifiers, literals and operators by a tokenizer of its own, which
 * refuses outright what could hide code from it: unicode escapes ({@code \}{@code u0053ystem} is
 * {@code System} to the Java compiler, even in a comment), text blocks, annotations and MVEL casts
 * ({@code @}, {@code #}), lambdas and method references, indexing and inline collections,
 * characters outside ASCII away from quoted text. Then every identifier must be one of:
 *
 * <ul>
 *   <li>not after a dot: a {@code $}-bound variable, {@code verdict} (in a consequence), a property
 *       or method of a fact (in a condition), a literal or an operator word, a local variable the
 *       consequence declared with a primitive or {@code String} type, or one of the fact classes,
 *       {@code String} and {@code Math};
 *   <li>after a dot: a public method or property of the fact classes or of the verdict, a harmless
 *       {@code String} or collection method, or — after {@code Math} or {@code String} — one of a
 *       few static methods that compute a value.
 * </ul>
 *
 * Anything else is refused with the reason, so {@code System}, {@code java.lang.Runtime}, {@code
 * getClass}, {@code forName}, {@code drools}, {@code kcontext}, {@code insert}, {@code modify},
 * {@code new}, {@code while} and every name not on the lists are refused. The check works on names,
 * not types: it is sound because every chain starts from a fact, the verdict, a literal or a
 * whitelisted class, and every name along it is a method of those that computes a value.
 */
final class ExpressionCheck {

  /** Where the text comes from, which decides the words it may use. */
  enum Kind {
    /**
     * A condition: a pattern's constraint, an {@code eval}, a {@code from} source, an accumulate
     * input.
     */
    CONDITION,
    /** A consequence: Java statements after {@code then}. */
    CONSEQUENCE
  }

  /** The first refused token: its offset in the text and why it is refused. */
  record Finding(int offset, String message) {}

  /** The simple names of the fact classes, as a rule names them. */
  static final Set<String> FACT_CLASSES =
      Set.of("Candidate", "Contacts", "Customer", "JourneyStage", "Situation");

  /** How the fact model is named to the person whose rule is refused. */
  static final String FACT_MODEL =
      "a rule may use "
          + String.join(", ", new TreeSet<>(FACT_CLASSES))
          + ", their properties and verdict";

  private static final List<Class<?>> FACT_TYPES =
      List.of(Candidate.class, Contacts.class, Customer.class, JourneyStage.class, Situation.class);

  /** Words a condition may use besides names: literals and Drools' operators. */
  private static final Set<String> CONDITION_WORDS =
      Set.of(
          "true",
          "false",
          "null",
          "in",
          "not",
          "matches",
          "contains",
          "memberOf",
          "excludes",
          "soundslike",
          "this");

  /** Words a consequence may use besides names: literals and branches. */
  private static final Set<String> CONSEQUENCE_WORDS =
      Set.of("true", "false", "null", "if", "else");

  /** The types a consequence may declare a local variable of. */
  private static final Set<String> LOCAL_TYPES =
      Set.of("int", "long", "double", "float", "short", "byte", "char", "boolean", "String");

  /** Java and MVEL words and Drools' knowledge helper, refused with a reason of their own. */
  private static final Set<String> FORBIDDEN_WORDS =
      Set.of(
          "new",
          "for",
          "while",
          "do",
          "try",
          "catch",
          "finally",
          "throw",
          "throws",
          "class",
          "interface",
          "enum",
          "record",
          "synchronized",
          "switch",
          "case",
          "default",
          "import",
          "package",
          "assert",
          "return",
          "break",
          "continue",
          "goto",
          "instanceof",
          "super",
          "static",
          "var",
          "yield",
          "volatile",
          "transient",
          "native",
          "void",
          "foreach",
          "def",
          "function",
          "with",
          "modify",
          "update",
          "insert",
          "insertLogical",
          "retract",
          "delete",
          "drools",
          "kcontext");

  /** String methods that compute a bounded value from a string. */
  private static final Set<String> STRING_METHODS =
      Set.of(
          "length",
          "isEmpty",
          "isBlank",
          "equals",
          "equalsIgnoreCase",
          "startsWith",
          "endsWith",
          "contains",
          "indexOf",
          "lastIndexOf",
          "toLowerCase",
          "toUpperCase",
          "trim",
          "strip",
          "substring",
          "charAt",
          "compareTo",
          "compareToIgnoreCase");

  /** Methods of the sets and maps facts answer with, that only read them. */
  private static final Set<String> COLLECTION_METHODS =
      Set.of("contains", "containsKey", "size", "isEmpty");

  /** The static methods a rule may call, by class. */
  private static final Map<String, Set<String>> STATIC_METHODS =
      Map.of(
          "Math",
              Set.of(
                  "min", "max", "abs", "round", "floor", "ceil", "sqrt", "pow", "log", "exp",
                  "signum"),
          "String", Set.of("valueOf"));

  /** Return types of fact methods a rule may navigate to. */
  private static final Set<Class<?>> VALUE_TYPES =
      Set.of(
          String.class,
          Integer.class,
          Long.class,
          Double.class,
          Boolean.class,
          Object.class,
          Instant.class,
          Set.class,
          Map.class,
          List.class,
          Collection.class);

  /** Properties and methods of the facts, usable without a dot in a condition. */
  private static final Set<String> FACT_NAMES;

  /** Names that may follow a dot. */
  private static final Set<String> MEMBERS;

  static {
    Set<String> facts = new HashSet<>();
    for (Class<?> type : FACT_TYPES) {
      for (Method m : type.getMethods()) {
        if (isValueMethod(m)) {
          facts.add(m.getName());
          String property = property(m);
          if (property != null) {
            facts.add(property);
          }
        }
      }
    }
    FACT_NAMES = Set.copyOf(facts);
    Set<String> members = new HashSet<>(facts);
    for (Method m : Verdict.class.getMethods()) {
      if (m.getDeclaringClass() == Verdict.class && !Modifier.isStatic(m.getModifiers())) {
        members.add(m.getName());
      }
    }
    members.addAll(STRING_METHODS);
    members.addAll(COLLECTION_METHODS);
    members.add("toString");
    MEMBERS = Set.copyOf(members);
  }

  private ExpressionCheck() {}

  /**
   * Whether {@code m} is a public instance method of a fact that answers a value a rule may test.
   */
  private static boolean isValueMethod(Method m) {
    if (Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
      return false;
    }
    Class<?> r = m.getReturnType();
    return r.isPrimitive() && r != void.class || VALUE_TYPES.contains(r) || FACT_TYPES.contains(r);
  }

  /** The JavaBean property a getter reads, or null. */
  private static String property(Method m) {
    String n = m.getName();
    int from = n.startsWith("get") ? 3 : n.startsWith("is") ? 2 : -1;
    if (from < 0 || n.length() == from || m.getParameterCount() > 0) {
      return null;
    }
    return Character.toLowerCase(n.charAt(from)) + n.substring(from + 1);
  }

  /** The first token of {@code text} a rule may not use, or null when all of it is allowed. */
  static Finding check(String text, Kind kind) {
    int escape = unicodeEscape(text);
    if (escape >= 0) {
      return new Finding(
          escape,
          "unicode escapes (\\u…) are not allowed in a rule: write the characters themselves");
    }
    List<Token> tokens = new ArrayList<>();
    // The tokens read before a character the tokenizer refuses are checked first: what they name is
    // usually the telling problem ("Runtime" before the "[" of its arguments).
    Finding unreadable = tokenize(text, tokens);
    Finding named = names(tokens, kind);
    return named != null ? named : unreadable;
  }

  private static Finding names(List<Token> tokens, Kind kind) {
    Set<String> locals = new HashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      Token previous = i > 0 ? tokens.get(i - 1) : null;
      if (t.kind == TokenKind.OPERATOR) {
        Finding f = operator(tokens, i, kind, locals);
        if (f != null) {
          return f;
        }
      } else if (t.kind == TokenKind.NAME) {
        boolean afterDot = previous != null && previous.is(".");
        Finding f = afterDot ? member(tokens, i) : name(tokens, i, kind, locals);
        if (f != null) {
          return f;
        }
        if (!afterDot
            && kind == Kind.CONSEQUENCE
            && LOCAL_TYPES.contains(t.text)
            && i + 1 < tokens.size()
            && tokens.get(i + 1).kind == TokenKind.NAME) {
          // A declaration: "int days = ...", "String why = ...". The name declared is usable after.
          Token declared = tokens.get(i + 1);
          if (declared.text.startsWith("$")
              || FORBIDDEN_WORDS.contains(declared.text)
              || declared.text.equals("verdict")) {
            return new Finding(
                declared.offset, "`" + declared.text + "` cannot name a local variable");
          }
          locals.add(declared.text);
          i++;
        }
      }
    }
    return null;
  }

  /** The offset of the first backslash that starts a unicode escape, or -1. */
  private static int unicodeEscape(String text) {
    for (int i = text.indexOf('\\');
        i >= 0 && i + 1 < text.length();
        i = text.indexOf('\\', i + 1)) {
      if (text.charAt(i + 1) == 'u' || text.charAt(i + 1) == 'U') {
        return i;
      }
    }
    return -1;
  }

  private static Finding name(List<Token> tokens, int i, Kind kind, Set<String> locals) {
    String n = tokens.get(i).text;
    int at = tokens.get(i).offset;
    if (n.startsWith("$") && n.length() > 1) {
      return null;
    }
    if (FORBIDDEN_WORDS.contains(n)) {
      return new Finding(at, forbidden(n));
    }
    Set<String> words = kind == Kind.CONDITION ? CONDITION_WORDS : CONSEQUENCE_WORDS;
    if (words.contains(n)
        || locals.contains(n)
        || LOCAL_TYPES.contains(n) && kind == Kind.CONSEQUENCE) {
      return null;
    }
    if (kind == Kind.CONSEQUENCE && n.equals(RuleEngine.VERDICT_GLOBAL)) {
      return null;
    }
    if (kind == Kind.CONDITION && FACT_NAMES.contains(n)) {
      return null;
    }
    if (FACT_CLASSES.contains(n) || STATIC_METHODS.containsKey(n)) {
      return null;
    }
    if (n.equals(RuleEngine.VERDICT_GLOBAL)) {
      return new Finding(at, "`verdict` is for consequences: a condition only tests facts");
    }
    return new Finding(
        at, "`" + dotted(tokens, i) + "` is not part of the fact model: " + FACT_MODEL);
  }

  private static Finding member(List<Token> tokens, int i) {
    String n = tokens.get(i).text;
    int at = tokens.get(i).offset;
    Token owner = i >= 2 ? tokens.get(i - 2) : null;
    boolean ownerQualified = i >= 3 && tokens.get(i - 3).is(".");
    if (owner != null
        && owner.kind == TokenKind.NAME
        && !ownerQualified
        && STATIC_METHODS.containsKey(owner.text)) {
      if (STATIC_METHODS.get(owner.text).contains(n)) {
        return null;
      }
      return new Finding(
          at,
          "`"
              + owner.text
              + "."
              + n
              + "` is not allowed in a rule: of "
              + owner.text
              + " a rule may use "
              + String.join(", ", new TreeSet<>(STATIC_METHODS.get(owner.text))));
    }
    if (owner != null
        && owner.kind == TokenKind.NAME
        && !ownerQualified
        && FACT_CLASSES.contains(owner.text)) {
      return new Finding(
          at, "`" + owner.text + "." + n + "` is not allowed in a rule: " + FACT_MODEL);
    }
    if (FORBIDDEN_WORDS.contains(n)) {
      return new Finding(at, forbidden(n));
    }
    if (MEMBERS.contains(n)) {
      return null;
    }
    return new Finding(
        at, "`" + n + "` is not a property of the fact model nor a verdict call: " + FACT_MODEL);
  }

  private static Finding operator(List<Token> tokens, int i, Kind kind, Set<String> locals) {
    Token t = tokens.get(i);
    String op = t.text;
    switch (op) {
      case "->", "::" -> {
        return new Finding(
            t.offset, "`" + op + "` (lambdas and method references) is not allowed in a rule");
      }
      case ";", "{", "}" -> {
        return kind == Kind.CONDITION
            ? new Finding(
                t.offset,
                "`" + op + "` is not allowed in a condition: a condition is one expression")
            : null;
      }
      case "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", ">>>=" -> {
        Token target = i > 0 ? tokens.get(i - 1) : null;
        boolean local =
            target != null
                && locals.contains(target.text)
                && !(i >= 2 && tokens.get(i - 2).is("."));
        if (kind == Kind.CONSEQUENCE && local) {
          return null;
        }
        return new Finding(
            t.offset,
            kind == Kind.CONDITION
                ? "`" + op + "` is not allowed in a condition: compare with `==`"
                : "`"
                    + op
                    + "` may only assign a local variable of the consequence: facts are read, not changed");
      }
      case "++", "--" -> {
        Token before = i > 0 ? tokens.get(i - 1) : null;
        Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        boolean local =
            before != null && locals.contains(before.text)
                || after != null && locals.contains(after.text);
        if (kind == Kind.CONSEQUENCE && local) {
          return null;
        }
        return new Finding(
            t.offset, "`" + op + "` may only change a local variable of the consequence");
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * {@code name} for a message: with the names joined to it by dots when they spell a qualified
   * class name ({@code java.lang.System}), otherwise alone.
   */
  private static String dotted(List<Token> tokens, int i) {
    String first = tokens.get(i).text;
    if (Character.isUpperCase(first.charAt(0))) {
      return first;
    }
    StringBuilder b = new StringBuilder(first);
    for (int j = i + 1;
        j + 1 < tokens.size()
            && tokens.get(j).is(".")
            && tokens.get(j + 1).kind == TokenKind.NAME
            && b.length() < 80;
        j += 2) {
      String next = tokens.get(j + 1).text;
      b.append('.').append(next);
      if (Character.isUpperCase(next.charAt(0))) {
        return b.toString();
      }
    }
    return first;
  }

  private static String forbidden(String word) {
    return switch (word) {
      case "drools", "kcontext" ->
          "`"
              + word
              + "` is not allowed in a rule: the engine knows which rule fires; a rule concludes"
              + " through verdict";
      case "insert", "insertLogical", "modify", "update", "retract", "delete" ->
          "`"
              + word
              + "` is not allowed in a rule: rules do not change the facts; name a journey stage"
              + " with verdict.stage(journey, stage)";
      case "new" ->
          "`new` is not allowed in a rule: a rule tests the facts and concludes through verdict";
      default ->
          "`"
              + word
              + "` is not allowed in a rule: a rule tests the facts and concludes through verdict";
    };
  }

  // ---------------------------------------------------------------------------------------------------
  // Tokenizer

  private enum TokenKind {
    NAME,
    NUMBER,
    TEXT,
    OPERATOR
  }

  private record Token(TokenKind kind, String text, int offset) {
    boolean is(String operator) {
      return kind == TokenKind.OPERATOR && text.equals(operator);
    }
  }

  /** Operators, longest first so that {@code >>>=} is read before {@code >>}. */
  private static final List<String> OPERATORS =
      List.of(
          ">>>=", "<<=", ">>=", ">>>", "->", "::", "==", "!=", "<=", ">=", "&&", "||", "++", "--",
          "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>", "+", "-", "*", "/", "%", "<",
          ">", "!", "?", ":", ",", ".", "(", ")", "{", "}", ";", "=", "&", "|", "^", "~");

  private static Finding tokenize(String text, List<Token> tokens) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (text.startsWith("//", i)) {
        int end = text.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (text.startsWith("/*", i)) {
        int end = text.indexOf("*/", i + 2);
        if (end < 0) {
          return new Finding(i, "a comment is opened with /* and not closed");
        }
        i = end + 2;
      } else if (c == '"' || c == '\'') {
        if (text.startsWith("\"\"\"", i)) {
          return new Finding(
              i, "text blocks (\"\"\") are not allowed in a rule: use a quoted text");
        }
        int end = i + 1;
        while (end < n && text.charAt(end) != c && text.charAt(end) != '\n') {
          end += text.charAt(end) == '\\' ? 2 : 1;
        }
        if (end >= n || text.charAt(end) != c) {
          return new Finding(i, "a quoted text is not closed on its line");
        }
        tokens.add(new Token(TokenKind.TEXT, text.substring(i, end + 1), i));
        i = end + 1;
      } else if (isNameStart(c)) {
        int end = i + 1;
        while (end < n && isNamePart(text.charAt(end))) {
          end++;
        }
        tokens.add(new Token(TokenKind.NAME, text.substring(i, end), i));
        i = end;
      } else if (c >= '0' && c <= '9') {
        int end = i + 1;
        while (end < n
            && (isNamePart(text.charAt(end))
                || text.charAt(end) == '.'
                    && end + 1 < n
                    && Character.isDigit(text.charAt(end + 1)))) {
          end++;
        }
        tokens.add(new Token(TokenKind.NUMBER, text.substring(i, end), i));
        i = end;
      } else {
        String op = null;
        for (String o : OPERATORS) {
          if (text.startsWith(o, i)) {
            op = o;
            break;
          }
        }
        if (op == null) {
          return new Finding(i, unexpected(c));
        }
        tokens.add(new Token(TokenKind.OPERATOR, op, i));
        i += op.length();
      }
    }
    return null;
  }

  private static String unexpected(char c) {
    return switch (c) {
      case '@' -> "`@` (annotations, MVEL templates) is not allowed in a rule";
      case '#' -> "`#` (MVEL casts and comments) is not allowed in a rule";
      case '`' -> "`\\`` is not allowed in a rule";
      case '[', ']' -> "`" + c + "` (indexing, arrays, inline lists) is not allowed in a rule";
      case '\\' -> "a backslash is allowed only inside quoted text";
      default ->
          c < 128
              ? "`" + c + "` is not allowed in a rule"
              : "the character `" + c + "` is allowed only inside quoted text";
    };
  }

  private static boolean isNameStart(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$';
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || c >= '0' && c <= '9';
  }
}
