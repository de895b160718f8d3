package io.kshealth.alerts.expr;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelLateFunctionBindings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The functions rules may call, as CEL declarations (for the type-checker) and bindings (for the
 * runtime). {@link RuleLanguage} documents what each does.
 */
final class RuleFunctions {

  /** The type of {@code history} and of what {@code last} returns: a {@link Range}. */
  static final OpaqueType RANGE = OpaqueType.create("kshealth.Range");

  private static final CelType DOUBLE = SimpleType.DOUBLE;
  private static final CelType STRING = SimpleType.STRING;
  private static final CelType DURATION = SimpleType.DURATION;

  /** A join's {@code on}: the label names both sides share. */
  private static final CelType NAMES = ListType.create(STRING);

  /** A join's {@code on} across names: the other side's label name to this series'. */
  private static final CelType MAPPING = MapType.create(STRING, STRING);

  private RuleFunctions() {}

  static List<CelFunctionDecl> declarations() {
    return List.of(
        CelFunctionDecl.newFunctionDeclaration(
            "last",
            CelOverloadDecl.newMemberOverload("range_last_duration", RANGE, RANGE, DURATION)),
        global("avg_over_time", "avg_over_time_range", DOUBLE, RANGE),
        global("min_over_time", "min_over_time_range", DOUBLE, RANGE),
        global("max_over_time", "max_over_time_range", DOUBLE, RANGE),
        global("sum_over_time", "sum_over_time_range", DOUBLE, RANGE),
        global("count_over_time", "count_over_time_range", DOUBLE, RANGE),
        global("changes", "changes_range", DOUBLE, RANGE),
        global("absent", "absent_range", SimpleType.BOOL, RANGE),
        global("rate", "rate_range", DOUBLE, RANGE),
        global("increase", "increase_range", DOUBLE, RANGE),
        global("deriv", "deriv_range", DOUBLE, RANGE),
        global("predict_linear", "predict_linear_range_duration", DOUBLE, RANGE, DURATION),
        global("time_until", "time_until_range_double", DOUBLE, RANGE, DOUBLE),
        CelFunctionDecl.newFunctionDeclaration(
            "join",
            CelOverloadDecl.newGlobalOverload("join_metric", DOUBLE, STRING),
            CelOverloadDecl.newGlobalOverload("join_metric_on", DOUBLE, STRING, NAMES),
            CelOverloadDecl.newGlobalOverload("join_query_mapped", DOUBLE, STRING, MAPPING)),
        CelFunctionDecl.newFunctionDeclaration(
            "join_or",
            CelOverloadDecl.newGlobalOverload(
                "join_or_query_on_double", DOUBLE, STRING, NAMES, DOUBLE),
            CelOverloadDecl.newGlobalOverload(
                "join_or_query_mapped_double", DOUBLE, STRING, MAPPING, DOUBLE)),
        CelFunctionDecl.newFunctionDeclaration(
            "history_on",
            CelOverloadDecl.newGlobalOverload("history_on_query", RANGE, STRING),
            CelOverloadDecl.newGlobalOverload("history_on_query_on", RANGE, STRING, NAMES),
            CelOverloadDecl.newGlobalOverload("history_on_query_mapped", RANGE, STRING, MAPPING)),
        global("history_of", "history_of_metric_labels", RANGE, STRING, MAPPING),
        global("humanize", "humanize_double", STRING, DOUBLE),
        global("humanize1024", "humanize1024_double", STRING, DOUBLE),
        global("humanizeDuration", "humanizeDuration_double", STRING, DOUBLE),
        global("humanizePercentage", "humanizePercentage_double", STRING, DOUBLE));
  }

  /** The functions that need nothing but their arguments, bound once. */
  static List<CelFunctionBinding> bindings() {
    return List.of(
        CelFunctionBinding.from(
            "range_last_duration", Range.class, Duration.class, (r, d) -> checked(r).last(d)),
        window("avg_over_time_range", WindowFunctions::avg),
        window("min_over_time_range", WindowFunctions::min),
        window("max_over_time_range", WindowFunctions::max),
        window("sum_over_time_range", WindowFunctions::sum),
        window("count_over_time_range", WindowFunctions::count),
        window("changes_range", WindowFunctions::changes),
        CelFunctionBinding.from(
            "absent_range", Range.class, r -> WindowFunctions.absent(checked(r))),
        window("rate_range", WindowFunctions::rate),
        window("increase_range", WindowFunctions::increase),
        window("deriv_range", WindowFunctions::deriv),
        CelFunctionBinding.from(
            "predict_linear_range_duration",
            Range.class,
            Duration.class,
            (r, d) -> WindowFunctions.predictLinear(checked(r), d)),
        CelFunctionBinding.from(
            "time_until_range_double",
            Range.class,
            Double.class,
            (r, threshold) -> WindowFunctions.timeUntil(checked(r), threshold)),
        CelFunctionBinding.from("humanize_double", Double.class, Humanize::humanize),
        CelFunctionBinding.from("humanize1024_double", Double.class, Humanize::humanize1024),
        CelFunctionBinding.from(
            "humanizeDuration_double", Double.class, Humanize::humanizeDuration),
        CelFunctionBinding.from(
            "humanizePercentage_double", Double.class, Humanize::humanizePercentage));
  }

  /** The functions that read other series, bound late: for one evaluation, to its scope. */
  static CelLateFunctionBindings scoped(SeriesScope scope) {
    return CelLateFunctionBindings.from(
        CelFunctionBinding.from(
            "join_metric", String.class, metric -> SeriesJoin.join(scope, metric, null)),
        CelFunctionBinding.from(
            "join_metric_on",
            String.class,
            List.class,
            (metric, on) -> SeriesJoin.join(scope, metric, on)),
        CelFunctionBinding.from(
            "join_query_mapped",
            String.class,
            Map.class,
            (query, on) -> SeriesJoin.join(scope, query, on)),
        CelFunctionBinding.from(
            "join_or_query_on_double",
            List.of(String.class, List.class, Double.class),
            args -> SeriesJoin.joinOr(scope, (String) args[0], args[1], (Double) args[2])),
        CelFunctionBinding.from(
            "join_or_query_mapped_double",
            List.of(String.class, Map.class, Double.class),
            args -> SeriesJoin.joinOr(scope, (String) args[0], args[1], (Double) args[2])),
        CelFunctionBinding.from(
            "history_on_query", String.class, query -> SeriesJoin.historyOn(scope, query, null)),
        CelFunctionBinding.from(
            "history_on_query_on",
            String.class,
            List.class,
            (query, on) -> SeriesJoin.historyOn(scope, query, on)),
        CelFunctionBinding.from(
            "history_on_query_mapped",
            String.class,
            Map.class,
            (query, on) -> SeriesJoin.historyOn(scope, query, on)),
        CelFunctionBinding.from(
            "history_of_metric_labels",
            String.class,
            Map.class,
            (metric, labels) -> SeriesJoin.historyOf(scope, metric, labels)));
  }

  private static CelFunctionBinding window(String overload, ToDoubleFunction<Range> function) {
    return CelFunctionBinding.from(overload, Range.class, r -> function.applyAsDouble(checked(r)));
  }

  /**
   * Every function over a range first checks the evaluation's deadline: between two checks is at
   * most one pass over one series' points.
   */
  private static Range checked(Range r) {
    r.deadline().check();
    return r;
  }

  private static CelFunctionDecl global(
      String name, String overload, CelType result, CelType... params) {
    return CelFunctionDecl.newFunctionDeclaration(
        name, CelOverloadDecl.newGlobalOverload(overload, result, params));
  }
}
