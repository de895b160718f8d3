#!/usr/bin/env bash
# Draws the plug-in API boundary (issue 18) by moving types, not by editing them: the collector API
# to io.kshealth.api (agent-core), the notifier API to io.kshealth.alerts.api (agent-alerts), the
# factory of alerting to AlertingExtensionFactory, and every reader of a plug-in's options from the
# internal ConfigNode to the API's ConfigSection. Re-runnable: after merging branches that moved or
# edited other files, run it again from the repository root and it finishes the job (a type already
# moved is skipped; the text rewrites find nothing left to rewrite). Then `./mvnw -B -q spotless:apply`
# sorts the imports it added.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

# Every file that may name a type: sources, ServiceLoader files, docs. Never build output.
java_files() { git ls-files -co --exclude-standard -- '*.java' | grep -v '/target/' || true; }
text_files() {
  git ls-files -co --exclude-standard -- '*.java' '*.md' '*/META-INF/services/*' '*.xml' '*.yaml' '*.txt' \
    '*.sh' | grep -v '/target/' | grep -v '^tools/api-rename.sh$' || true
}

# Rewrites a regex over the files that contain it (sed -E, so \b works).
rewrite() {
  local from=$1 to=$2
  { text_files | xargs -r grep -lE -- "$from" || true; } | xargs -r sed -i -E "s/$from/$to/g"
}

# Adds `import $fqcn;` after the package line of a file that lacks it.
add_import() {
  local file=$1 fqcn=$2
  if grep -q "^import ${fqcn//./\\.};" "$file"; then return 0; fi
  sed -i "0,/^package .*;/s//&\n\nimport ${fqcn};/" "$file"
}

# move MODULE OLD_PACKAGE NEW_PACKAGE TYPE...: git mv each type (and its test, if any) and rewrite
# every qualified name. Files left in the old package named the moved types without an import, and
# the moved types named what stays behind the same way: both get the imports they now need.
move() {
  local module=$1 old=$2 new=$3
  shift 3
  local olddir=${old//.//} newdir=${new//.//}
  for kind in main test; do
    mkdir -p "$module/src/$kind/java/$newdir"
  done
  for type in "$@"; do
    for kind in main test; do
      for name in "$type" "${type}Test"; do
        local from="$module/src/$kind/java/$olddir/$name.java"
        local to="$module/src/$kind/java/$newdir/$name.java"
        if [[ -f $from ]]; then
          git mv "$from" "$to"
          sed -i "s/^package ${old//./\\.};/package ${new};/" "$to"
        fi
      done
    done
    rewrite "\\b${old//./\\.}\\.${type}\\b" "${new}.${type}"
  done
  # Same-package names across the move, in every module (tests share the package).
  local stayed=()
  while IFS= read -r f; do
    stayed+=("$(basename "$f" .java)")
  done < <(find . -path "*/src/main/java/$olddir/*.java" -not -path '*/target/*' \
      -not -name package-info.java | grep -v "/$olddir/.*/" || true)
  while IFS= read -r file; do
    for type in "$@"; do
      if grep -qw "$type" <(grep -v '^import ' "$file"); then add_import "$file" "$new.$type"; fi
    done
  done < <(java_files | xargs -r grep -l "^package ${old//./\\.};" || true)
  while IFS= read -r file; do
    for type in "${stayed[@]}"; do
      if grep -qw "$type" <(grep -v '^import ' "$file"); then add_import "$file" "$old.$type"; fi
    done
    # An import of the file's own package is noise.
    sed -i -E "/^import ${new//./\\.}\\.[A-Z][A-Za-z0-9]*;$/d" "$file"
  done < <(java_files | xargs -r grep -l "^package ${new//./\\.};" || true)
  # ServiceLoader files are named after the interface.
  for type in "$@"; do
    { git ls-files -co --exclude-standard -- "*/META-INF/services/$old.$type" | grep -v '/target/'; } |
      while IFS= read -r f; do git mv "$f" "$(dirname "$f")/$new.$type"; done || true
  done
  # A package left empty loses its package-info.
  for kind in main test; do
    local dir
    for dir in $(find . -path "*/src/$kind/java/$olddir" -type d -not -path '*/target/*'); do
      if [[ -z $(find "$dir" -maxdepth 1 -name '*.java' -not -name package-info.java) ]]; then
        if [[ -f $dir/package-info.java ]]; then git rm -q "$dir/package-info.java"; fi
      fi
    done
  done
}

# A plug-in reads its options through the API's ConfigSection, never the internal ConfigNode
# (whose parser, error list and unknown-key check stay internal). The built-in collectors and
# notifiers read theirs the same way, and so do their option helpers: every collector source, and
# the notifier sources but NotifierConfig, which finishes the node it hands a factory. Static
# helpers (ConfigNode.spelling) stay on ConfigNode.
config_readers() {
  java_files | grep -E '^(agent-collectors/src/|src-it/example-)' || true
  java_files | grep -E '^agent-alerts/src/main/java/io/kshealth/alerts/notify/' |
    grep -v '/NotifierConfig\.java$' || true
  java_files | xargs -r grep -lE 'parse\(ConfigNode options\)' || true
}
while IFS= read -r file; do
  grep -q '\bConfigNode\b' "$file" || continue
  sed -i -E '/^import /!s/\bConfigNode\b([^.]|$)/ConfigSection\1/g' "$file"
  # A qualified name (in an indented import of generated test source) names the API's type.
  sed -i -E 's/\bio\.kshealth\.core\.config\.ConfigSection\b/io.kshealth.api.ConfigSection/g' "$file"
  if grep -q '\bConfigSection\b' <(grep -v '^import ' "$file"); then
    add_import "$file" io.kshealth.api.ConfigSection
  fi
  if ! grep -q '\bConfigNode\b' <(grep -v '^import ' "$file"); then
    sed -i '/^import io\.kshealth\.core\.config\.ConfigNode;$/d' "$file"
  fi
done < <(config_readers | sort -u)

# The collector API: what a third-party collector jar implements and builds.
move agent-core io.kshealth.core.collect io.kshealth.api \
  Collector CollectorContext CollectorFactory CollectorSettings
move agent-core io.kshealth.core.model io.kshealth.api \
  Labels Metric MetricType Sample SeriesKey Snapshot

# The notifier API: what a third-party notifier jar implements and receives.
move agent-alerts io.kshealth.alerts.notify io.kshealth.alerts.api \
  AlertMessage Notifier NotifierContext NotifierFactory NotifierSettings

# A factory called a factory.
old=agent-alerts/src/main/java/io/kshealth/alerts/AlertingExtension.java
if [[ -f $old ]]; then
  git mv "$old" "${old%.java}Factory.java"
fi
rewrite '\bAlertingExtension\b' 'AlertingExtensionFactory'

# The imports added above go where google-java-format wants them.
./mvnw -B -q -o spotless:apply
