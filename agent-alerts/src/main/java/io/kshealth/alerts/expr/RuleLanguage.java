package io.kshealth.alerts.expr;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelVariableResolver;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The language of rule expressions and annotation templates: Google's <a
 * href="https://cel.dev">CEL</a>, type-checked when a rule is loaded, evaluated per series.
 *
 * <h2>Variables</h2>
 *
 * <ul>
 *   <li>{@code value} (double): the series' current value.
 *   <li>{@code labels} (map of string to string): the series' labels; {@code labels.device} or
 *       {@code labels['device']}. A label the series lacks is an error: test with {@code 'device'
 *       in labels}.
 *   <li>{@code history} (a range, type {@code kshealth.Range}): the series' points within the
 *       history window; of an aggregated series ({@code series: sum by (a) (x)}), its value at each
 *       step of the evaluation interval, as Prometheus' subquery ({@link SeriesQueries}).
 * </ul>
 *
 * Numbers: an int may be compared with a double ({@code value < 1}), but arithmetic does not mix
 * them: write {@code value + 1.0}, not {@code value + 1}.
 *
 * <h2>Functions</h2>
 *
 * Computed as the PromQL functions of the same names in Prometheus 2.42. Durations are CEL
 * durations: {@code duration("30m")}.
 *
 * <ul>
 *   <li>{@code r.last(d)}: the points of {@code r} in the last {@code d} (time ≥ now − d, both ends
 *       included, as Prometheus 2.x range selectors). Longer than {@code r} (the history window):
 *       every function of it is unknown.
 *   <li>{@code avg_over_time(r)}, {@code min_over_time(r)}, {@code max_over_time(r)}, {@code
 *       sum_over_time(r)}, {@code count_over_time(r)}: of the values in {@code r}; min and max
 *       ignore a NaN unless nothing else is there. {@code changes(r)}: how often the value differs
 *       from the one before. Unknown when {@code r} has no point.
 *   <li>{@code absent(r)} (bool): {@code r} has no point. Never unknown.
 *   <li>{@code rate(r)}: per-second increase of a counter (a drop is a reset), extrapolated to the
 *       range's ends; {@code increase(r)}: the same, not per second. Unknown unless {@code r} has 2
 *       points, as in Prometheus.
 *   <li>Trends, unknown unless {@code r} has {@link #MIN_TREND_POINTS} points spanning at least
 *       {@link #MIN_TREND_SPAN} of its length:
 *       <ul>
 *         <li>{@code deriv(r)}: the slope per second of the least-squares line.
 *         <li>{@code predict_linear(r, d)}: the line's value {@code d} from now.
 *         <li>{@code time_until(r, threshold)}: seconds from now until the line reaches {@code
 *             threshold} (a double); +Inf when the line is flat or heads away (it crossed before
 *             now). Whether the value is already past the threshold is for {@code value} to say.
 *       </ul>
 *   <li>{@code join(query)}: the current value of the one series of {@code query} (the subset
 *       {@code series:} takes, a constant string checked at load by {@link JoinQueries}) whose
 *       labels agree with this series' on every label both have; {@code join(query, ['a', 'b'])}:
 *       that agree on labels a and b; {@code join(query, {'application_id': 'group'})}: whose
 *       application_id is this series' group. A stored series' current value is its newest point
 *       within the lookback; an aggregate's is its value now. Unknown when no series or several
 *       match, or the match has no current value.
 *   <li>{@code join_or(query, on, default)}: as {@code join(query, on)}, but {@code default} when
 *       nothing matches or the match has no current value; several matches stay unknown.
 *   <li>{@code history_on(query)}, {@code history_on(query, on)}: the points (a range) of the one
 *       series of {@code query} that matches, as {@code join} matches; of an aggregate, its value
 *       at each step of the evaluation interval. Unknown when no series or several match.
 *   <li>{@code history_of(metric, {'status': 'STALL'})}: the points (a range) of the one series of
 *       {@code metric} that agrees with this series' labels, the values given replaced. Unknown
 *       when no series or several match.
 *   <li>{@code humanize(x)} ("1.235M"), {@code humanize1024(x)} ("1.5Gi"), {@code
 *       humanizeDuration(seconds)} ("23m 0s"), {@code humanizePercentage(ratio)} ("12.34%"): text,
 *       exactly as Prometheus' template functions print it.
 * </ul>
 *
 * <h2>Unknown and error</h2>
 *
 * A function without the data to answer makes the condition UNKNOWN, unless the other side of
 * {@code &&} or {@code ||} decides: {@code false && x} is false, {@code true || x} is true. Any
 * other failure (a missing label) is an ERROR. In a template, either prints {@code unknown}.
 *
 * <h2>Templates</h2>
 *
 * Text with {@code {{ expression }}} parts; an expression's value prints as Go's {@code fmt.Sprint}
 * prints it in a Prometheus template ({@code 0.45}, {@code 1e+06}, {@code 3}).
 *
 * <p>One compiler and one runtime serve every rule; compiled conditions and templates are immutable
 * and safe to evaluate from any thread. Expressions (and each part of a template) are limited to
 * {@value ExpressionBounds#MAX_LENGTH} characters and {@value ExpressionBounds#MAX_DEPTH} levels of
 * nesting, and comprehensions ({@code exists}, {@code all}, …) to {@value #MAX_ITERATIONS}
 * iterations.
 */
public final class RuleLanguage {

  /** The fewest points a trend is computed from: two would make every blip a trend. */
  public static final int MIN_TREND_POINTS = 3;

  /** The part of a range's length that a trend's points must span, first to last. */
  public static final double MIN_TREND_SPAN = 0.5;

  /** The most iterations of comprehensions in one evaluation. */
  public static final int MAX_ITERATIONS = 10_000;

  private static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .maxExpressionCodePointSize(ExpressionBounds.MAX_LENGTH)
          .comprehensionMaxIterations(MAX_ITERATIONS)
          // Operators nest too (a + b + c ...): CEL's own count of parse recursion bounds them.
          .maxParseRecursionDepth(ExpressionBounds.MAX_DEPTH)
          .build();

  private final CheckedExpressions checked;
  private final CelRuntime runtime;

  /** Built at the first expression the checked ones do not hold (see {@link #compiler()}). */
  private @Nullable CelCompiler compiler;

  private RuleLanguage(CheckedExpressions checked, CelRuntime runtime) {
    this.checked = checked;
    this.runtime = runtime;
  }

  /** The language with the variables and functions above. Build it once and share it. */
  public static RuleLanguage standard() {
    return standard(CheckedExpressions.none());
  }

  /** The same, taking the expressions {@code checked} holds instead of compiling them again. */
  public static RuleLanguage standard(CheckedExpressions checked) {
    CelRuntime runtime =
        CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addFunctionBindings(RuleFunctions.bindings())
            .build();
    return new RuleLanguage(checked, runtime);
  }

  /**
   * CEL's compiler, built when first needed: a start whose expressions were all checked before
   * never loads it.
   */
  synchronized boolean compilerBuilt() {
    return compiler != null;
  }

  private synchronized CelCompiler compiler() {
    if (compiler == null) {
      compiler =
          CelCompilerFactory.standardCelCompilerBuilder()
              .setOptions(OPTIONS)
              .addVar("value", SimpleType.DOUBLE)
              .addVar("labels", MapType.create(SimpleType.STRING, SimpleType.STRING))
              .addVar("history", RuleFunctions.RANGE)
              .addFunctionDeclarations(RuleFunctions.declarations())
              .build();
    }
    return compiler;
  }

  /**
   * Compiles a rule's expression, which must be true or false.
   *
   * @throws ExpressionException with CEL's message, which points at the line and column
   */
  public Condition condition(String source) throws ExpressionException {
    CelAbstractSyntaxTree ast = compile(source);
    if (!ast.getResultType().equals(SimpleType.BOOL)) {
      throw new ExpressionException(
          "must be true or false, but is " + ast.getResultType().name() + ": " + source);
    }
    return new CelCondition(program(ast), source);
  }

  /**
   * Compiles an annotation template: text with {@code {{ expression }}} parts.
   *
   * @throws ExpressionException naming the part that does not compile, and why
   */
  public Template template(String text) throws ExpressionException {
    return CelTemplate.compile(text, this);
  }

  CelRuntime.Program compilePart(String source) throws ExpressionException {
    return program(compile(source));
  }

  private CelAbstractSyntaxTree compile(String source) throws ExpressionException {
    ExpressionBounds.check(source);
    Optional<CelAbstractSyntaxTree> kept = checked.get(source);
    CelAbstractSyntaxTree ast;
    if (kept.isPresent()) {
      ast = kept.get();
    } else {
      try {
        ast = compiler().compile(source).getAst();
      } catch (CelValidationException e) {
        throw new ExpressionException(firstError(Objects.toString(e.getMessage(), e.toString())));
      }
      checked.put(source, ast);
    }
    JoinQueries.check(ast);
    return ast;
  }

  /**
   * The first of the errors CEL lists for an expression, with its caret lines: the others often
   * follow from it (a parse error at the end after one in the middle), and every other line of a
   * report names its file, which CEL's further {@code ERROR: <input>:…} lines would not.
   */
  private static String firstError(String message) {
    int next = message.indexOf("\nERROR:");
    return next < 0 ? message : message.substring(0, next);
  }

  private CelRuntime.Program program(CelAbstractSyntaxTree ast) throws ExpressionException {
    try {
      return runtime.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw new ExpressionException(Objects.toString(e.getMessage(), e.toString()));
    }
  }

  /** Evaluates a program for one series: its variables, and the functions that need the scope. */
  static Object evaluate(CelRuntime.Program program, SeriesScope scope)
      throws CelEvaluationException {
    // Resolved by name when the program reads them: an aggregated series' history is a subquery,
    // computed only for the rules that read it.
    CelVariableResolver variables =
        name ->
            Optional.ofNullable(
                switch (name) {
                  case "value" -> scope.value();
                  case "labels" -> scope.labels().asMap();
                  case "history" -> Range.of(scope);
                  default -> null;
                });
    return program.eval(variables, RuleFunctions.scoped(scope));
  }
}
