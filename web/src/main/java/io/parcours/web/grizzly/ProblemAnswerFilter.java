package io.parcours.web.grizzly;

import java.io.IOException;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContext;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.memory.Buffers;

/**
 * A Grizzly filter below the HTTP codec that replaces each bodiless error answer on its way out
 * with the same answer carrying a problem document ({@link BareErrorAnswer}); every other answer
 * passes untouched. It sits below the codec because the codec writes its own refusals as encoded
 * bytes straight down the chain, and above TLS so that it sees them in clear.
 */
final class ProblemAnswerFilter extends BaseFilter {

  /** Why the codec refused the request of a connection, when its probe could tell. */
  static final Attribute<String> WHY =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
          ProblemAnswerFilter.class.getName() + ".why");

  @Override
  public NextAction handleWrite(FilterChainContext ctx) throws IOException {
    if (ctx.getMessage() instanceof Buffer buffer) {
      int size = buffer.remaining();
      int start = buffer.position();
      // Read a few bytes in place first: nearly every write is a body or a success's head, and is
      // passed on without a copy or an allocation.
      if (size >= 16
          && size <= BareErrorAnswer.MAX_HEAD
          && buffer.get(start) == 'H'
          && buffer.get(start + 8) == ' '
          && (buffer.get(start + 9) == '4' || buffer.get(start + 9) == '5')
          && buffer.get(start + size - 1) == '\n'
          && buffer.get(start + size - 2) == '\r') {
        byte[] head = new byte[size];
        for (int i = 0; i < size; i++) {
          head[i] = buffer.get(start + i);
        }
        BareErrorAnswer bare = BareErrorAnswer.of(head);
        if (bare != null) {
          String why = WHY.remove(ctx.getConnection());
          ctx.setMessage(Buffers.wrap(ctx.getMemoryManager(), bare.asProblem(why, head(ctx))));
          buffer.tryDispose();
        }
      }
    }
    return ctx.getInvokeAction();
  }

  /** Whether the answer being written is to a {@code HEAD} request, which gets no body. */
  private static boolean head(FilterChainContext ctx) {
    HttpContext context = HttpContext.get(ctx);
    HttpRequestPacket request = context == null ? null : context.getRequest();
    try {
      return request != null && request.getMethod() == Method.HEAD;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
