package io.parcours.web.api;

import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body written as it is read. Whatever stops the writing reaches the container as an
 * IOException with what stopped, since the status line and headers are already sent by then.
 */
final class Streamed {

  /** Writes a body to a stream; may throw anything. */
  @FunctionalInterface
  interface Writer {
    void write(OutputStream out) throws Exception;
  }

  private Streamed() {}

  static StreamingOutput of(String what, Writer writer) {
    return out -> {
      try {
        writer.write(out);
      } catch (IOException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(what + " stopped: " + e.getMessage(), e);
      }
    };
  }
}
