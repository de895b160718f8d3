package io.kshealth.core.tls;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The blocks of PEM text ({@code -----BEGIN TYPE-----}, base64, {@code -----END TYPE-----}),
 * whatever lies between them ignored, as comments in a bundle are. Strict about what is inside a
 * block: a header line (legacy encryption) or bad base64 is an error, never skipped.
 */
final class PemBlocks {

  private static final String BEGIN = "-----BEGIN ";
  private static final String DASHES = "-----";

  private PemBlocks() {}

  /** One block: its type ({@code CERTIFICATE}, {@code PRIVATE KEY}) and its DER bytes. */
  record Block(String type, byte[] der) {}

  /** The PEM blocks of a text, read line by line (linear in the text, whatever it holds). */
  static List<Block> read(String origin, String pem) throws IOException {
    List<Block> blocks = new ArrayList<>();
    String type = null;
    StringBuilder body = new StringBuilder();
    for (String line : pem.split("\r?\n")) {
      String trimmed = line.strip();
      if (type == null) {
        if (trimmed.startsWith(BEGIN) && trimmed.endsWith(DASHES)) {
          type = trimmed.substring(BEGIN.length(), trimmed.length() - DASHES.length());
          body.setLength(0);
        }
      } else if (trimmed.equals("-----END " + type + DASHES)) {
        blocks.add(new Block(type, decode(origin, type, body)));
        type = null;
      } else if (trimmed.contains(":")) { // RFC 1421 headers such as Proc-Type: 4,ENCRYPTED
        throw trimmed.contains("ENCRYPTED")
            ? PemFiles.encrypted(origin)
            : PemFiles.problem(
                origin, "the " + type + " has PEM headers (a legacy form); not supported");
      } else {
        body.append(trimmed);
      }
    }
    if (type != null) {
      throw PemFiles.problem(origin, type + " block has no END line");
    }
    return blocks;
  }

  private static byte[] decode(String origin, String type, CharSequence base64) throws IOException {
    try {
      return Base64.getDecoder().decode(base64.toString());
    } catch (IllegalArgumentException e) {
      throw PemFiles.problem(origin, type + " block is not valid base64");
    }
  }
}
