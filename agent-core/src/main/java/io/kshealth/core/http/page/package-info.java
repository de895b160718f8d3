/**
 * The status page at {@code GET /}: one self-contained HTML page rendered on the server (inline CSS
 * and SVG, no script, no external asset) that a person opens first when the pager goes off.
 */
@NullMarked
package io.kshealth.core.http.page;

import org.jspecify.annotations.NullMarked;
