#!/usr/bin/env bash
# action-run.sh: the shell logic of cambscan's GitHub Action (action.yml).
#
# Picks what to scan, runs cambscan once writing a SARIF and a JSON report,
# marks each finding on its file and line with an ::error or ::warning
# annotation, writes the step outputs and a job summary (keys redacted,
# always), and exits with
# cambscan's code: 0 clean, 1 findings that fail under fail-on, 2 (or other)
# the scan could not run.
#
# Environment (the action's inputs, as action.yml passes them):
#   CAMBSCAN          the cambscan binary (default: cambscan on PATH)
#   INPUT_MODE        auto | scan | git (default auto: on pull_request,
#                     pull_request_target and merge_group events
#                     "git --range BASE..HEAD" from the event payload; full
#                     history otherwise)
#   INPUT_PATH        directory or repository to scan (default .; empty: none, for
#                     --repos-file in INPUT_ARGS)
#   INPUT_VERIFY      true | false: check liveness (sends each key to CAMB.AI once)
#   INPUT_FAIL_ON     any | live | none; empty (the default): no --fail-on, so
#                     the repository config's fail-on applies, else cambscan's any
#   INPUT_SARIF_FILE  where the SARIF goes (default $RUNNER_TEMP/cambscan.sarif)
#   INPUT_CATEGORY    SARIF category (runAutomationDetails.id); default cambscan's
#                     own, cambscan/git/ or cambscan/scan/
#   INPUT_ARGS        extra flags, split on whitespace (no quoting)
#   GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP,
#   GITHUB_WORKSPACE (annotation paths are relative to it; default the working directory)
# Needs bash, jq (outputs and summary) and git (the shallow-clone check).
set -uo pipefail

cambscan=${CAMBSCAN:-cambscan}
mode=${INPUT_MODE:-auto}
target=${INPUT_PATH-.}
verify=${INPUT_VERIFY:-false}
fail_on=${INPUT_FAIL_ON:-}
tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
sarif=${INPUT_SARIF_FILE:-$tmp/cambscan.sarif}
category=${INPUT_CATEGORY:-}
event=${GITHUB_EVENT_NAME:-}
max_rows=100 # summary rows; GITHUB_STEP_SUMMARY holds at most 1 MiB
# GitHub shows at most 10 error and 10 warning annotations of a step. One
# error is kept for the closing "fail this step" line.
max_errors=9 max_warnings=10
warnings=0

die() {
  echo "::error title=cambscan::$*"
  exit 2
}
warn() {
  echo "::warning title=cambscan::$*"
  warnings=$((warnings + 1))
}
output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; fi
}

case $mode in auto | scan | git) ;; *) die "mode must be auto, scan or git, not '$mode'" ;; esac
case $verify in true | false) ;; *) die "verify must be true or false, not '$verify'" ;; esac
case $fail_on in "" | any | live | none) ;; *) die "fail-on must be any, live or none, not '$fail_on'" ;; esac
if [ "$fail_on" = live ] && [ "$verify" != true ]; then
  die "fail-on: live needs verify: true (without a probe no key is known to be live)"
fi
read -r -a extra <<<"${INPUT_ARGS:-}"
for a in "${extra[@]}"; do
  case $a in
  --show-secrets | --show-secrets=*) die "args: --show-secrets is refused: the action never prints whole keys into the job log or summary" ;;
  esac
done
command -v jq >/dev/null || warn "jq not found: the findings and live outputs and the job summary are not written"

# annotate lines|count JSON prints one workflow command per finding (lines),
# or how many findings it leaves out (count). A finding that fails under
# fail-on is an ::error, any other a ::warning; live keys come first, then by
# path and line, and each kind stops at GitHub's per-step cap. The key is
# always cut to its first and last four characters; properties and message
# are escaped as GitHub's toolkit does (% CR LF, and : , in properties).
annotate() {
  local ws=${GITHUB_WORKSPACE:-$PWD} cwdrel="" cwdin=true
  ws=${ws%/}
  if [ "$PWD" = "$ws" ]; then
    cwdrel=""
  elif [[ $PWD == "$ws"/* ]]; then
    cwdrel=${PWD#"$ws"/}/
  else
    cwdin=false
  fi
  local maxwarn=$((max_warnings - warnings))
  [ $maxwarn -ge 0 ] || maxwarn=0
  jq -r --arg mode "$1" --arg failon "$fail_on" --arg ws "$ws" --arg cwdrel "$cwdrel" --argjson cwdin "$cwdin" \
    --argjson maxerr "$max_errors" --argjson maxwarn "$maxwarn" -f /dev/stdin "$2" <<'JQ'
def esc: tostring | gsub("%"; "%25") | gsub("\r"; "%0D") | gsub("\n"; "%0A");
def prop: esc | gsub(":"; "%3A") | gsub(","; "%2C");
def redact: if length > 12 then .[0:4] + "..." + .[-4:] else . end;
def status: .verification.status? // "unchecked";
def order: {"live": 0, "unknown": 1, "unchecked": 2, "revoked": 3}[status] // 4;
def fails: $failon == "any" or ($failon == "live" and status == "live");
def tidy: gsub("\\\\"; "/") | until(startswith("./") | not; .[2:]);
# A path as cambscan printed it (absolute, or relative to the working
# directory) made relative to the workspace; null outside it.
def wsrel: tidy
  | if startswith("/") then (if startswith($ws + "/") then .[($ws | length) + 1:] else null end)
    elif $cwdin then ($cwdrel + .) | tidy
    else null end;
# History and staged paths are relative to the repository, the target; a
# remote repository has no file in this workspace.
def file:
  if (.path // "") == "" then null
  elif .kind == "file" then .path | wsrel
  else (.target // "") as $t
    | if ($t | test("^[A-Za-z][A-Za-z0-9+.-]*://|^[^/]+@[^/:]+:")) then null
      elif $t == "" or ($t | tidy) == "." or ($t | tidy) == "" then .path | wsrel
      else (($t | tidy | rtrimstr("/")) + "/" + .path) | wsrel end
  end;
def title: "CAMB.AI API key" + ({"live": " (live)", "revoked": " (revoked)", "unknown": " (liveness unknown)"}[status] // "");
def message($f):
  "\(.rule) [\(.confidence)]: key \(.secret // "" | redact)"
  + (if $f == null then " in " + (if (.path // "") == "" then "blob \(.blob // "?")" else .path end) + ":\(.line)" else "" end)
  + (if (.commit // "") != "" then ", introduced in \(.commit[0:12]) by \(.author // "?") \((.date // "")[0:10])" else "" end)
  + (if status == "live" then ". The key works: revoke it in CAMB.AI Studio now, then keep the new one in a secret store."
     else ". Revoke it in CAMB.AI Studio and keep the new one in a secret store." end);
def command:
  file as $f
  | "::\(if fails then "error" else "warning" end) "
    + ([(if $f != null then "file=\($f | prop)", "line=\(.line)", "col=\(.column)",
          (if (.end_line // 0) > 0 then "endLine=\(.end_line)" else empty end),
          (if (.end_column // 0) > 0 then "endColumn=\(.end_column)" else empty end)
        else empty end),
        "title=\(title | prop)"] | join(","))
    + "::" + (message($f) | esc);
[.findings | sort_by(order, .path, .line, .column) | .[] | {error: fails, text: command}] | to_entries as $all
| ([$all[] | select(.value.error) | .key] | .[:$maxerr]) as $errors
| ([$all[] | select(.value.error | not) | .key] | .[:$maxwarn]) as $warnings
| if $mode == "count" then ($all | length) - ($errors | length) - ($warnings | length)
  else $all[] | select(.key as $k | $errors + $warnings | any(. == $k)) | .value.text end
JQ
}

# --- what to scan --------------------------------------------------------------
sub=$mode
range=""
if [ "$mode" = auto ]; then
  sub=git
  base="" head=""
  case $event in
  pull_request | pull_request_target)
    [ -r "${GITHUB_EVENT_PATH:-}" ] || die "event $event without a readable GITHUB_EVENT_PATH"
    base=$(jq -r '.pull_request.base.sha // empty' "$GITHUB_EVENT_PATH")
    head=$(jq -r '.pull_request.head.sha // empty' "$GITHUB_EVENT_PATH")
    ;;
  merge_group)
    [ -r "${GITHUB_EVENT_PATH:-}" ] || die "event $event without a readable GITHUB_EVENT_PATH"
    base=$(jq -r '.merge_group.base_sha // empty' "$GITHUB_EVENT_PATH")
    head=$(jq -r '.merge_group.head_sha // empty' "$GITHUB_EVENT_PATH")
    ;;
  esac
  if [ -n "$base$head" ]; then
    [[ $base =~ ^[0-9a-f]{40,64}$ && $head =~ ^[0-9a-f]{40,64}$ ]] ||
      die "event $event: base '$base' and head '$head' are not commit SHAs"
    range=$base..$head
  fi
fi

if [ "$sub" = git ] && command -v git >/dev/null; then
  if [ "$(git -C "${target:-.}" rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then
    warn "the checkout of '${target:-.}' is shallow: history before its oldest fetched commit is not scanned. Check out with actions/checkout and fetch-depth: 0."
  fi
  if [ -n "$range" ]; then
    for c in "$base" "$head"; do
      git -C "${target:-.}" cat-file -e "$c^{commit}" 2>/dev/null ||
        die "commit $c of the range $range is not in the checkout of '${target:-.}'. Check out with actions/checkout and fetch-depth: 0."
    done
  fi
fi

work=$(mktemp -d "$tmp/cambscan.XXXXXX") || die "cannot create a temporary directory in $tmp"
trap 'rm -rf "$work"' EXIT
json=$work/report.json
mkdir -p "$(dirname "$sarif")" || die "cannot create the directory of sarif-file $sarif"

args=("$sub")
[ -n "$range" ] && args+=(--range "$range")
[ "$verify" = true ] && args+=(--verify)
[ -n "$fail_on" ] && args+=(--fail-on "$fail_on")
args+=(--progress never --report "$sarif" --report "$json")
args+=("${extra[@]}")
[ -n "$target" ] && args+=(-- "$target")

echo "cambscan ${args[*]}"
"$cambscan" "${args[@]}"
rc=$?

# --- which findings failed -----------------------------------------------------
# Without the fail-on input cambscan applied the repository config's fail-on
# (else any), which the report does not name. What failed follows from the
# exit code: 0, none did; 1 without verify, all did (a config's live applies
# to --verify runs only); 1 with verify, the live ones under live and all
# under any, which differ only when live and other keys were found together:
# then the config (--config FILE, else .cambscan.yaml at the top of the
# target) is read for a top-level "fail-on: live".
failon_label=${fail_on:-"the repository config's, else any"}
config_says_live() {
  local cfg="" top i
  for ((i = 0; i < ${#extra[@]}; i++)); do
    case ${extra[i]} in
    --no-config) return 1 ;;
    --config) cfg=${extra[i + 1]:-} ;;
    --config=*) cfg=${extra[i]#--config=} ;;
    esac
  done
  if [ -z "$cfg" ]; then
    top=$(git -C "${target:-.}" rev-parse --show-toplevel 2>/dev/null) || top=${target:-.}
    cfg=$top/.cambscan.yaml
  fi
  [ -f "$cfg" ] && grep -Eq '^fail-on:[[:space:]]*["'"'"']?live["'"'"']?[[:space:]]*(#.*)?$' "$cfg"
}
if [ -z "$fail_on" ]; then
  if [ "$rc" = 0 ]; then
    fail_on=none
  elif [ "$rc" = 1 ] && [ "$verify" = true ] && [ -s "$json" ] && command -v jq >/dev/null &&
    jq -e '[.findings[] | .verification.status? == "live"] | any and (all | not)' "$json" >/dev/null &&
    config_says_live; then
    fail_on=live
  else
    fail_on=any
  fi
fi

# --- outputs -------------------------------------------------------------------
if [ -s "$sarif" ]; then
  if [ -n "$category" ] && command -v jq >/dev/null; then
    # upload-sarif ignores its own category input when the file names one.
    id=${category%/}/
    if jq --arg id "$id" '.runs[].automationDetails = {id: $id}' "$sarif" >"$work/cat.sarif"; then
      mv "$work/cat.sarif" "$sarif"
    else
      warn "could not set the SARIF category"
    fi
  fi
  output sarif-file "$sarif"
fi

findings="" live=""
if [ -s "$json" ] && command -v jq >/dev/null; then
  findings=$(jq '.findings | length' "$json") || findings=""
  live=$(jq '[.findings[] | select(.verification.status? == "live")] | length' "$json") || live=""
  output findings "$findings"
  output live "$live"
  annotate lines "$json" || warn "could not annotate the findings"
  unannotated=$(annotate count "$json") || unannotated=0
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    scanned="$sub${range:+ --range $range} $target"
    jq -r --arg scanned "$scanned" --arg failon "$failon_label" --argjson max "$max_rows" --argjson unannotated "${unannotated:-0}" -f /dev/stdin "$json" >>"$GITHUB_STEP_SUMMARY" <<'JQ' || warn "could not write the job summary"
# Markdown-safe cell text, and a key cut to its first and last four
# characters whatever the report holds.
def cell: tostring | gsub("[\r\n]+"; " ") | gsub("\\|"; "\\|") | gsub("<"; "&lt;") | gsub(">"; "&gt;");
def code: "`" + (tostring | gsub("`"; "'") | gsub("[\r\n]+"; " ") | gsub("\\|"; "\\|")) + "`";
def redact: if length > 12 then .[0:4] + "..." + .[-4:] else . end;
def status: .verification.status? // "unchecked";
def order: {"live": 0, "unknown": 1, "unchecked": 2, "revoked": 3}[status] // 4;
(.findings | length) as $n
| ([.findings[] | select(status == "live")] | length) as $live
| (if $n == 0 then "### cambscan: no CAMB.AI API keys found"
   else "### cambscan: \($n) CAMB.AI API key\(if $n == 1 then "" else "s" end) found" + (if $live > 0 then " (\($live) live)" else "" end)
   end),
  "",
  "Scanned: \($scanned | code) · fail-on: \($failon) · files or blobs read: \(.stats.files // 0), skipped: \(.stats.skipped // 0)",
  "",
  (if $n > 0 then
     "| Liveness | Location | Rule | Confidence | Introduced | Key |",
     "| --- | --- | --- | --- | --- | --- |",
     (.findings | sort_by(order, .path, .line) | .[:$max][]
      | "| \(status) | \((if .path == "" then "blob " + (.blob // "?") else .path end) + ":\(.line):\(.column)" | code) | \(.rule | cell) | \(.confidence | cell) | \(if (.commit // "") != "" then (.commit[0:12] | code) + " " + ((.author // "") | cell) + " " + ((.date // "")[0:10]) else "" end) | \(.secret | redact | code) |"),
     (if $n > $max then "", "\($n - $max) more in the SARIF file and the code scanning alerts." else empty end),
     (if $unannotated > 0 then "", "Annotations: \($n - $unannotated) of \($n) findings are marked on their files; GitHub shows at most 10 error and 10 warning annotations per step, so \($unannotated) more are only in this summary and the SARIF file." else empty end),
     ""
   else empty end),
  (.warnings // [] | .[] | "> **Warning:** \(cell)", ""),
  (if $live > 0 then "Rotate the live keys first: revoke each in CAMB.AI Studio (API keys settings), create a new one and keep it in a secret store."
   elif $n > 0 then "Rotate each key: revoke it in CAMB.AI Studio (API keys settings), create a new one and keep it in a secret store. Run with verify: true to see which keys are live."
   else empty end)
JQ
  fi
fi

case $rc in
0) ;;
1) echo "::error title=cambscan::${findings:-some} CAMB.AI API key finding(s) fail this step (fail-on: $failon_label)" ;;
*) echo "::error title=cambscan::cambscan could not run (exit code $rc)" ;;
esac
exit $rc
