package sarif

import (
	"cmp"
	"sort"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/cambscan/cambscan/rules"
)

// ruleSeverity is every rule's properties.security-severity. GitHub reads
// security severity from the rule only, never from a result, so the rule
// carries the score of the common case: a hardcoded key whose liveness is
// not known (7.0-8.9 is "High", which fails pull request checks under
// GitHub's default threshold). Liveness moves a result through its level
// and rank instead (see grade).
const ruleSeverity = "8.0"

// ruleTags are every rule's properties.tags: "security" makes GitHub treat
// the alerts as security alerts and read security-severity; CWE-798 is
// "Use of Hard-coded Credentials".
var ruleTags = []string{"security", "secret", "external/cwe/cwe-798", "camb-ai"}

// ruleList returns the run's rules: list in its order, then any rule id
// used by a finding but missing from list, sorted (descriptor fills in
// their metadata from package rules).
func ruleList(list []rules.Rule, used map[string]bool) []rules.Rule {
	out := make([]rules.Rule, 0, len(list)+len(used))
	have := map[string]bool{}
	for _, r := range list {
		if r.ID == "" || have[r.ID] {
			continue
		}
		have[r.ID] = true
		out = append(out, r)
	}
	var extra []string
	for id := range used {
		if !have[id] {
			extra = append(extra, id)
		}
	}
	sort.Strings(extra)
	for _, id := range extra {
		out = append(out, rules.Rule{ID: id})
	}
	return out
}

// descriptor builds a rule's reportingDescriptor. Fields r leaves empty
// come from package rules' table, and for an id the table does not know
// from the id itself.
func descriptor(r rules.Rule, helpURI string) *gosarif.ReportingDescriptor {
	fb, _ := rules.Lookup(r.ID)
	name := cmp.Or(r.Name, fb.Name, pascal(r.ID))
	short := cmp.Or(r.Short, fb.Short, "CAMB.AI API key ("+r.ID+")")
	full := cmp.Or(r.Full, fb.Full, short+".")
	precision := cmp.Or(r.Precision, fb.Precision, "very-high")
	d := gosarif.NewRule(r.ID).
		WithName(name).
		WithShortDescription(gosarif.NewMultiformatMessageString(sentence(short))).
		WithFullDescription(gosarif.NewMultiformatMessageString(sentence(full))).
		WithHelp(gosarif.NewMultiformatMessageString(helpText(full)).WithMarkdown(helpMarkdown(full))).
		WithDefaultConfiguration(gosarif.NewReportingConfiguration().WithLevel("error"))
	if helpURI != "" {
		d.WithHelpURI(helpURI)
	}
	d.WithProperties(gosarif.Properties{
		"tags":              append([]string(nil), ruleTags...),
		"security-severity": ruleSeverity,
		"precision":         precision,
	})
	return d
}

// sentence ends s with a period (SARIF2001: messages are sentences).
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// pascal turns "camb-api-key-x" into "CambApiKeyX".
func pascal(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == '/' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// helpMarkdown is the rule help GitHub shows under an alert: what matched,
// why it matters, how to rotate, how to purge history, how to suppress.
func helpMarkdown(full string) string {
	return sentence(full) + `

## Why it matters

A CAMB.AI API key authenticates every API call as your account: anyone who can read this code (collaborators, forks, clones, CI logs, a leaked backup) can synthesise speech, dub, translate and clone voices at your cost and see your account's data. Deleting the line does not help: the key stays in the git history and in every existing clone.

## Rotate the key (do this first)

1. Sign in to CAMB.AI Studio, open the **API keys** settings and **revoke** (delete) this key.
2. Create a new key there.
3. Store the new key in a secret store (a GitHub Actions secret, your cloud's secret manager, a vault) and read it at run time, e.g. ` + "`os.environ[\"CAMB_API_KEY\"]`" + ` or ` + "`process.env.CAMB_API_KEY`" + `; update every deployment that used the old key.
4. Replace the literal in the code with that lookup, and confirm with ` + "`cambscan git --verify`" + ` that the old key now reports ` + "`revoked`" + `.

## Purge it from history (optional)

Rotation is what protects you: once the key is revoked, the copy in history is harmless. If policy still requires removing it, rewrite history with ` + "`git filter-repo --replace-text replacements.txt`" + ` (a line ` + "`<the key>==>REMOVED`" + `) or BFG Repo-Cleaner (` + "`bfg --replace-text replacements.txt`" + `), force-push every branch and tag, and have collaborators re-clone. Forks, existing clones and cached pull request views keep the old commits; GitHub Support can purge cached views.

## Suppress a false positive

- Add ` + "`cambscan:allow`" + ` in a comment on the same line (` + "`gitleaks:allow`" + ` and ` + "`pragma: allowlist secret`" + ` work too).
- Or record the current findings with ` + "`cambscan ... --write-baseline .cambscan-baseline.json`" + ` and scan with ` + "`--baseline .cambscan-baseline.json`" + `: a baseline holds fingerprints only, never keys.
- In GitHub, dismiss the alert as *false positive* or *used in tests*.
`
}

// helpText is helpMarkdown for plain-text viewers.
func helpText(full string) string {
	return sentence(full) + `

Why it matters: a CAMB.AI API key authenticates every API call as your account. Anyone who can read this code (collaborators, forks, clones, CI logs) can use it at your cost. Deleting the line does not help: the key stays in the git history and in every existing clone.

Rotate the key (do this first): in CAMB.AI Studio, open the API keys settings, revoke (delete) this key and create a new one. Store the new key in a secret store (a GitHub Actions secret, a secret manager, a vault), read it at run time (e.g. os.environ["CAMB_API_KEY"]), update every deployment, replace the literal with that lookup, and confirm with "cambscan git --verify" that the old key reports revoked.

Purge it from history (optional): rotation is what protects you; a revoked key in history is harmless. To remove it anyway, run "git filter-repo --replace-text replacements.txt" (a line "<the key>==>REMOVED") or BFG Repo-Cleaner ("bfg --replace-text replacements.txt"), force-push every branch and tag, and have collaborators re-clone. Forks and existing clones keep the old commits.

Suppress a false positive: add "cambscan:allow" in a comment on the same line (gitleaks:allow and "pragma: allowlist secret" work too), or record current findings with "--write-baseline FILE" and scan with "--baseline FILE" (fingerprints only, never keys), or dismiss the alert in GitHub.
`
}
