package io.kshealth.alerts.expr;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelLateFunctionBindings;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The language of rule expressions and annotation templates: Google's CEL, type-checked at load,
 * with the variables and functions a rule over one series needs (docs/alerting.md lists them).
 *
 * <ul>
 *   <li>{@code value} (double), {@code labels} (map of string to string), {@code history} (the
 *       series' points in the history window);
 *   <li>{@code r.last(duration)}; {@code avg_over_time}, {@code min_over_time}, {@code
 *       max_over_time}, {@code sum_over_time}, {@code count_over_time}, {@code changes}, {@code
 *       absent}; trends {@code rate}, {@code increase}, {@code deriv}, {@code predict_linear(r,
 *       duration)}, {@code time_until(r, threshold)} (see {@link WindowFunctions});
 *   <li>{@code join(metric)} and {@code join(metric, [labels])}: another series' current value;
 *   <li>{@code humanize}, {@code humanize1024}, {@code humanizeDuration}, {@code
 *       humanizePercentage} (see {@link Humanize}).
 * </ul>
 *
 * One compiler and one runtime serve every rule; compiled conditions and templates are immutable
 * and safe to evaluate from any thread.
 */
public final class RuleLanguage {

  static final OpaqueType RANGE = OpaqueType.create("kshealth.Range");

  private static final CelOptions OPTIONS =
      CelOptions.current().enableHeterogeneousNumericComparisons(true).build();

  private final CelCompiler compiler;
  private final CelRuntime runtime;

  private RuleLanguage(CelCompiler compiler, CelRuntime runtime) {
    this.compiler = compiler;
    this.runtime = runtime;
  }

  public static RuleLanguage standard() {
    CelCompiler compiler =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .addVar("value", SimpleType.DOUBLE)
            .addVar("labels", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addVar("history", RANGE)
            .addFunctionDeclarations(declarations())
            .build();
    CelRuntime runtime =
        CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addFunctionBindings(bindings())
            .build();
    return new RuleLanguage(compiler, runtime);
  }

  /** Compiles a rule's {@code expr}, which must be true or false. */
  public Condition condition(String source) throws ExpressionException {
    CelAbstractSyntaxTree ast = compile(source);
    if (!ast.getResultType().equals(SimpleType.BOOL)) {
      throw new ExpressionException(
          "must be true or false, but is " + ast.getResultType().name() + ": " + source);
    }
    return new CelCondition(program(ast), source);
  }

  /** Compiles an annotation template: text with {@code {{ expression }}} parts. */
  public Template template(String text) throws ExpressionException {
    return CelTemplate.compile(text, this);
  }

  CelRuntime.Program compilePart(String source) throws ExpressionException {
    return program(compile(source));
  }

  private CelAbstractSyntaxTree compile(String source) throws ExpressionException {
    try {
      return compiler.compile(source).getAst();
    } catch (CelValidationException e) {
      throw new ExpressionException(e.getMessage());
    }
  }

  private CelRuntime.Program program(CelAbstractSyntaxTree ast) throws ExpressionException {
    try {
      return runtime.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw new ExpressionException(e.getMessage());
    }
  }

  /** Evaluates a program for one series: its variables, and the functions that need the scope. */
  static Object evaluate(CelRuntime.Program program, SeriesScope scope)
      throws CelEvaluationException {
    Map<String, Object> variables =
        Map.of(
            "value", scope.value(), "labels", scope.labels().asMap(), "history", Range.of(scope));
    return program.eval(
        variables,
        CelLateFunctionBindings.from(
            CelFunctionBinding.from(
                "join_metric", String.class, metric -> Joins.join(scope, metric, null)),
            CelFunctionBinding.from(
                "join_metric_on",
                String.class,
                List.class,
                (metric, on) -> Joins.join(scope, metric, on))));
  }

  private static List<CelFunctionDecl> declarations() {
    return List.of(
        member("last", "range_last_duration", RANGE, RANGE, SimpleType.DURATION),
        global("avg_over_time", "avg_over_time_range", SimpleType.DOUBLE, RANGE),
        global("min_over_time", "min_over_time_range", SimpleType.DOUBLE, RANGE),
        global("max_over_time", "max_over_time_range", SimpleType.DOUBLE, RANGE),
        global("sum_over_time", "sum_over_time_range", SimpleType.DOUBLE, RANGE),
        global("count_over_time", "count_over_time_range", SimpleType.DOUBLE, RANGE),
        global("changes", "changes_range", SimpleType.DOUBLE, RANGE),
        global("absent", "absent_range", SimpleType.BOOL, RANGE),
        global("rate", "rate_range", SimpleType.DOUBLE, RANGE),
        global("increase", "increase_range", SimpleType.DOUBLE, RANGE),
        global("deriv", "deriv_range", SimpleType.DOUBLE, RANGE),
        global(
            "predict_linear",
            "predict_linear_range_duration",
            SimpleType.DOUBLE,
            RANGE,
            SimpleType.DURATION),
        global(
            "time_until", "time_until_range_double", SimpleType.DOUBLE, RANGE, SimpleType.DOUBLE),
        CelFunctionDecl.newFunctionDeclaration(
            "join",
            CelOverloadDecl.newGlobalOverload("join_metric", SimpleType.DOUBLE, SimpleType.STRING),
            CelOverloadDecl.newGlobalOverload(
                "join_metric_on",
                SimpleType.DOUBLE,
                SimpleType.STRING,
                ListType.create(SimpleType.STRING))),
        global("humanize", "humanize_double", SimpleType.STRING, SimpleType.DOUBLE),
        global("humanize1024", "humanize1024_double", SimpleType.STRING, SimpleType.DOUBLE),
        global("humanizeDuration", "humanizeDuration_double", SimpleType.STRING, SimpleType.DOUBLE),
        global(
            "humanizePercentage",
            "humanizePercentage_double",
            SimpleType.STRING,
            SimpleType.DOUBLE));
  }

  private static List<CelFunctionBinding> bindings() {
    return List.of(
        CelFunctionBinding.from("range_last_duration", Range.class, Duration.class, Joins::last),
        window("avg_over_time_range", WindowFunctions::avg),
        window("min_over_time_range", WindowFunctions::min),
        window("max_over_time_range", WindowFunctions::max),
        window("sum_over_time_range", WindowFunctions::sum),
        window("count_over_time_range", WindowFunctions::count),
        window("changes_range", WindowFunctions::changes),
        CelFunctionBinding.from("absent_range", Range.class, WindowFunctions::absent),
        window("rate_range", WindowFunctions::rate),
        window("increase_range", WindowFunctions::increase),
        window("deriv_range", WindowFunctions::deriv),
        CelFunctionBinding.from(
            "predict_linear_range_duration",
            Range.class,
            Duration.class,
            WindowFunctions::predictLinear),
        CelFunctionBinding.from(
            "time_until_range_double", Range.class, Double.class, WindowFunctions::timeUntil),
        CelFunctionBinding.from("humanize_double", Double.class, Humanize::humanize),
        CelFunctionBinding.from("humanize1024_double", Double.class, Humanize::humanize1024),
        CelFunctionBinding.from(
            "humanizeDuration_double", Double.class, Humanize::humanizeDuration),
        CelFunctionBinding.from(
            "humanizePercentage_double", Double.class, Humanize::humanizePercentage));
  }

  private static CelFunctionBinding window(String overload, ToDoubleFunction<Range> function) {
    return CelFunctionBinding.from(overload, Range.class, r -> function.applyAsDouble(r));
  }

  private static CelFunctionDecl global(
      String name, String overload, CelType result, CelType... params) {
    return CelFunctionDecl.newFunctionDeclaration(
        name, CelOverloadDecl.newGlobalOverload(overload, result, params));
  }

  private static CelFunctionDecl member(
      String name, String overload, CelType result, CelType... params) {
    return CelFunctionDecl.newFunctionDeclaration(
        name, CelOverloadDecl.newMemberOverload(overload, result, params));
  }
}
