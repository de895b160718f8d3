package io.kshealth.alerts.expr;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import io.kshealth.alerts.query.SeriesQuery;
import java.util.Set;

/**
 * Checks, when an expression is compiled, the query every {@code join}, {@code join_or} and {@code
 * history_on} reads: it must be a constant string (what a join reads is part of the rule, not
 * computed per series) in the subset {@code series:} takes. A mistake is a compile error pointing
 * at the argument's line and column in the expression, as CEL's own errors do.
 */
final class JoinQueries {

  /** The functions whose first argument is a {@link SeriesQuery}. */
  static final Set<String> FUNCTIONS = Set.of("join", "join_or", "history_on");

  private JoinQueries() {}

  static void check(CelAbstractSyntaxTree ast) throws ExpressionException {
    visit(ast, ast.getExpr());
  }

  // Recursion as deep as the expression, which ExpressionBounds and CEL's parser limit.
  private static void visit(CelAbstractSyntaxTree ast, CelExpr e) throws ExpressionException {
    switch (e.getKind()) {
      case CALL -> {
        CelExpr.CelCall call = e.call();
        if (FUNCTIONS.contains(call.function()) && !call.args().isEmpty()) {
          checkQuery(ast, call.function(), call.args().get(0));
        }
        if (call.target().isPresent()) {
          visit(ast, call.target().get());
        }
        for (CelExpr arg : call.args()) {
          visit(ast, arg);
        }
      }
      case SELECT -> visit(ast, e.select().operand());
      case LIST -> {
        for (CelExpr element : e.list().elements()) {
          visit(ast, element);
        }
      }
      case MAP -> {
        for (CelExpr.CelMap.Entry entry : e.map().entries()) {
          visit(ast, entry.key());
          visit(ast, entry.value());
        }
      }
      case STRUCT -> {
        for (CelExpr.CelStruct.Entry entry : e.struct().entries()) {
          visit(ast, entry.value());
        }
      }
      case COMPREHENSION -> {
        CelExpr.CelComprehension c = e.comprehension();
        visit(ast, c.iterRange());
        visit(ast, c.accuInit());
        visit(ast, c.loopCondition());
        visit(ast, c.loopStep());
        visit(ast, c.result());
      }
      default -> {} // constants and identifiers hold nothing to check
    }
  }

  private static void checkQuery(CelAbstractSyntaxTree ast, String function, CelExpr arg)
      throws ExpressionException {
    if (arg.getKind() != CelExpr.ExprKind.Kind.CONSTANT
        || arg.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
      throw new ExpressionException(
          where(ast, arg)
              + function
              + "() needs a constant string as its first argument, the series it reads: it is"
              + " read when the rule is loaded");
    }
    String query = arg.constant().stringValue();
    try {
      SeriesQuery.parse(query);
    } catch (IllegalArgumentException e) {
      throw new ExpressionException(
          where(ast, arg) + function + "(\"" + query + "\"): " + e.getMessage());
    }
  }

  /** {@code ERROR: <input>:line:column: }, as CEL starts its own messages. */
  private static String where(CelAbstractSyntaxTree ast, CelExpr e) {
    Integer offset = ast.getSource().getPositionsMap().get(e.id());
    if (offset == null) {
      return "ERROR: <input>: ";
    }
    return ast.getSource()
        .getOffsetLocation(offset)
        .map(l -> "ERROR: <input>:" + l.getLine() + ":" + (l.getColumn() + 1) + ": ")
        .orElse("ERROR: <input>: ");
  }
}
