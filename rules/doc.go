// Package rules decides what a CAMB.AI API key looks like in text.
//
// It is pure: bytes in, matches out. It does no I/O, knows nothing about
// files, git or HTTP, and holds no mutable package state. A [Set] is built
// once with [New] and is safe for concurrent use; [Text] turns raw file
// bytes into the UTF-8 text that [Set.Match] takes, and [Position] turns a
// match's byte offset into a line and column. [All] and [Lookup] give the
// rules with the metadata that reports and SARIF show: the rule table
// in meta.go is the only description of a rule.
//
// # What a key is
//
// A CAMB key is a UUIDv4,
// [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12} (upper
// case accepted and reported as written), with no [0-9A-Za-z_-] right
// before or after it: rh-api-<uuid>, prefix_<uuid> and longer hex runs are
// not keys (but for the value of gh's short option glued to it, -bK, which
// only a command-line setter can take). A UUID alone is never a finding, because CAMB task and run
// ids are UUIDv4s too: a match needs a key context, one rule each.
//
//  1. header (camb-api-key-header): the value of an x-api-key header in
//     any case and spelling (x_api_key, xApiKey): dictionaries and objects,
//     subscripts (req["x-api-key"] = K), pair calls (Header.Set,
//     setRequestProperty, addHeader, DefaultRequestHeaders.Add, reqwest's
//     .header), curl -H and raw HTTP "x-api-key: K", PHP header strings,
//     value-first calls (Swift and Objective-C setValue(K,
//     forHTTPHeaderField: "x-api-key")), Postman {"key": "x-api-key",
//     "value": K} in either order and its apikey auth block, nginx
//     proxy_set_header, and constants that hold the header name
//     (Set(apiKeyHeader, K) after apiKeyHeader = "x-api-key").
//  2. sdk (camb-api-key-sdk): the api_key / apiKey option, or the first
//     argument, of a call whose callee has a CAMB word: CambAI(,
//     AsyncCambAI(, new CambClient({, new CambAIClient(, CambTTSService(,
//     camb.TTS(, Camb*Tool(, CambClient::new(; a builder chain that
//     starts at a CAMB name (CambApiClient.builder().apiKey(K)); and
//     option.WithAPIKey(K) in a Go file that imports a module under
//     github.com/camb-ai/ (the CAMB Go SDK is
//     github.com/camb-ai/cambai-go-sdk; the option package name alone is
//     shared by many SDKs); the Rust SDK's ClientConfig { api_key:
//     Some(K.to_string()), .. } in a text that uses camb_api::. Calls
//     may span lines. Setters count too:
//     x.api_key = K or x.setApiKey(K) where x is CAMB-named (camb,
//     CambAI), bound to a CAMB constructor in the text (client =
//     CambAI()) or the block parameter of Camb.configure do |config|;
//     and the APIKeyHeader entry of the OpenAPI-generated CAMB clients
//     (configuration.api_key['APIKeyHeader'] = K,
//     client.setApiKey(ApiKey.APIKeyHeader, K)) in a text with a CAMB
//     anchor. x.api_key = K is no key when x was bound to another
//     constructor (client = OpenAI()).
//  3. variable (camb-api-key-variable): a name with a CAMB word (camb,
//     cambai, camelCase or run together) and a key word (key, keys,
//     apikey, token, tokens, numbered as key2) and no id word (id,
//     task, run, job):
//     CAMB_API_KEY, VITE_CAMB_API_KEY, api_key_cambai, cambApiKey,
//     camb.api.key, CAMB_KEYS = [...] or (...) (also typed: []string{...},
//     List.of(...), new String[]{...}, new[] {...}, listOf(...),
//     vec![...]). Any binding syntax counts: =, :, :=,
//     =>, ?=, whitespace (ENV, setx), setdefault("CAMB_API_KEY", K), a
//     Kubernetes or Postman name/value pair, a Terraform variable block's
//     default, and a literal fallback of a CAMB-named lookup
//     (os.getenv("CAMB_API_KEY", K), process.env.CAMB_API_KEY || K),
//     which is a hardcoded key even though the lookup is not. XML names
//     count: <add key="CambApiKey" value=K/> (either attribute order,
//     any number of entries), <setting name="CambApiKey"><value>K,
//     <CambApiKey>K</CambApiKey>, <string name="camb_api_key">K. So do
//     wrapped and typed defaults (camb_api_key: str = Field(default=K),
//     field(default=K), attr.ib(default=K), Field(K), SecretStr(K),
//     Optional[str] = K, Annotated[...] = K, C#'s { get; set; } = K,
//     CAMB_API_KEY = (K) over lines) and CLI option defaults, named by a
//     CAMB option string or by an api-key option whose help text names CAMB
//     (add_argument("--camb-api-key", default=K), click.option,
//     typer.Option(K, "--camb-api-key"), yargs, commander, cobra and flag
//     StringVar, clap's #[arg(default_value = K)] on a CAMB-named field).
//     Command-line setters pair their name and value arguments, over \ continuations
//     and in CI run: blocks: gh secret set N --body K, aws ssm
//     put-parameter --name /camb/api-key --value K, kubectl create secret
//     generic camb-tts --from-literal=api-key=K, heroku config:set N=K,
//     echo K | vercel env add N, fly secrets set, docker run -e, doppler
//     secrets set (also -b'K' and -bK glued to gh's option); N is CAMB-named, or a generic key name in a command
//     that names CAMB elsewhere (secret, parameter path, app, image).
//  4. indirect (camb-api-key-indirect): a key bound to a name (constant,
//     variable, field, element of a key list) that the same text reads as
//     an x-api-key value or a CAMB SDK api_key (API_KEY = K ...
//     {"x-api-key": API_KEY}; KEYS = [K1, K2] ... random.choice(KEYS);
//     @token = K ... x-api-key: {{token}}; KEY=K ... -H "x-api-key: $KEY"),
//     through up to three bindings (self.key = KEY, pool =
//     itertools.cycle(KEYS), cfg["camb"], KEYS.get(i), keys.random(),
//     KEYS.sample) or as an argument of a function,
//     method or class of the same text whose parameter is read so
//     (def make(key): CambAI(api_key=key) ... make(K)); names that say id,
//     task, run or job are not followed.
//  5. config (camb-api-key-config): an api_key, apiKey or key field
//     (also as a wrapped default: api_key: str = field(default=K)) in
//     configuration about CAMB: an object labelled with a CAMB name
//     ("camb": {, camb {), an object that mentions CAMB ("provider":
//     "camb.ai"), a [camb] TOML or INI section, a YAML block under a CAMB
//     key or beside a CAMB-mentioning sibling (provider: camb), an XML
//     api-key entry inside an element or section that names CAMB
//     (<camb><add key="ApiKey" value=K/></camb>), or beside a sibling entry
//     that binds CAMB (<add key="Speech.Provider" value="camb"/> beside
//     <add key="Speech.ApiKey" value=K/>; also applicationSettings, .resx
//     data, Spring property and Maven properties entries). A generic
//     key name (TTS_API_KEY, API_KEY, token, apiKey; no other vendor's
//     word unless shared with the sibling) counts too when its object,
//     [section] or block of same-indented lines (16 either way, in a flat
//     .env the neighbouring lines) binds a CAMB host or provider to a
//     sibling name: TTS_BASE_URL=https://client.camb.ai/apis beside
//     TTS_API_KEY=K.
//  6. note (camb-api-key-note, medium): a line of text that says in words
//     that the UUID on it or on the next line is a CAMB key ("Our CAMB.AI
//     API key:", "camb api key is", "CAMB key (prod) ->"), or a Markdown
//     table row whose other cells or column header say CAMB and key. The
//     line before a key may go on with a short clause of prose ("the next
//     line is our camb key, do not share it"). Words
//     about ids (task, run, voice, request), examples and fixes rule it out.
//  7. data (camb-api-key-data): a key in data whose other parts name CAMB
//     although its own name does not: a JSON/YAML list or map under a
//     CAMB-named key (providers: {camb: [K]}, camb:\n  keys:\n    - K,
//     camb_api_keys:\n  prod: K, Go cambKeys = map[string]string{"prod": K}); an SQL INSERT ... VALUES row (any row
//     of a multi-row VALUES) whose column list names the key's column as
//     a key and whose other cells name CAMB; a CSV or TSV row whose other
//     cells name CAMB, under a header naming the key's column as a key
//     (or secret, token, credential) or
//     with no header; an IaC resource whose name or id names CAMB
//     (Terraform resource "..." "camb_api_key" { secret_string = K },
//     Pulumi new aws.ssm.Parameter("camb-api-key", {value: K}), CDK and
//     CloudFormation parameters named Camb*). Id columns and fields (task,
//     run, job, id) never count. It also holds base64 keys that no other
//     context takes (below). Shapes that contexts 1-6 already take keep
//     their ids.
//
// # Encoded keys
//
// A key may be written base64-encoded (standard or URL-safe, padded or
// not, with or without the newline that echo K | base64 adds: 48 to 52
// characters that decode to exactly one UUIDv4). Such a value is judged
// as if the key were written in its place (CAMB_API_KEY_B64: <b64> is a
// variable key); else it is a data key in a Kubernetes Secret's data when
// the Secret's name or the field names CAMB or the field is key-named, in
// a docker config.json auths entry (the auth value decodes to user:K), or
// in any other key-named field (high confidence when the text mentions
// CAMB, medium otherwise). [Match.Start] and End then span the encoded
// value, [Match.Key] decodes it and [Match.Encoding] is [EncBase64].
// The "-4" prefilter never sees these values, so they have a gate of
// their own: only a text that does not start with a // or /* comment
// (C-family source, whose head is its licence) and whose first 256 bytes
// hold "Secret" or a key-named field (key, Key or KEY, up to eight more
// name bytes, then a quote, ':' or '='), or whose first 64 bytes hold
// "auths", is searched,
// for the "00" that the base64 of every UUIDv4 has at offset 18, checked
// against the other fixed characters of that encoding before decoding.
//
// A key whose context is percent-encoded (x-api-key%3A%20K,
// api_key%22%3A%22K, CAMB_API_KEY%3DK) or HTML-escaped (&quot;x-api-key&quot;:
// &quot;K&quot;, &#34;, &#x22;) is found by the prefilter as usual; when no
// plain context takes it and an escape lies within 12 bytes before it, a
// window around it is unescaped into a small buffer and judged there.
// Encoding is then [EncURL] or [EncHTML] and the span is the key's own.
// A header key whose statement is escaped so (an escape within 12 bytes
// of the key) and whose plain text gives no deciding host has its request
// target read in that unescaped window too: curl -H &quot;x-api-key:
// K&quot; https:&#x2F;&#x2F;other.host is dropped.
//
// # How it runs
//
// The prefilter looks for "-4" with bytes.Index (vectorised): every UUIDv4
// has it at offset 13. Around each hit the shape and the boundaries are
// checked; text without a UUIDv4 costs about one memory scan. Each UUID
// found is then judged by reading backwards from it with a small lexer
// that knows quotes (also the JSON-escaped \" of notebooks and Postman
// files), identifiers and separators: what is the key bound to? The
// answer (a name, the callee of a call, a list) is classified; contexts 2
// and 5 then look for the enclosing call, object, TOML section or YAML
// parent. Every read is bounded (256 bytes back to a name, 2 KB over a
// list, 4 KB back to an enclosing call or block, 512 bytes of a
// neighbouring line), so the work per UUID does not grow with the line:
// a 1 MB minified line costs the same per UUID as a short one. Facts
// about the whole text (its CAMB anchors, the names it reads in headers
// and SDK calls, a CAMB Go SDK import, vendor anchors in 64 KB regions)
// are computed once per Match call, lazily, only for texts that hold a
// UUID. No regular expression runs over the text.
//
// # Confidence and other vendors
//
// SDK, variable and config keys are CAMB-specific by themselves: [High];
// a note is [Medium].
// A header key, or an indirect key read in a header, first follows its
// request: the URL in the same call, statement or command line (curl's
// argument, a .http request line), or the one reached through up to
// three names (BASE_URL = "https://...", self.base_url, url =
// f"{BASE}/v1", req := http.NewRequest(..., url, ...), a headers object
// passed to the call, the requests that use a session whose headers were
// set: s.headers.update({...}) ... s.get(url)). A camb.ai host makes it [High]; any other host
// drops it, whatever else the file says about CAMB; localhost, IP
// addresses, *.local/*.internal/*.test and example.com hosts, templated
// hosts and hosts or paths that name CAMB (a proxy) decide nothing.
// With no deciding host, a header key is [High] when the
// text has a CAMB anchor anywhere (a camb.ai host, the camb package or
// SDK, a CAMB-named identifier such as CambAI or CAMB_API_KEY; not
// Cambridge or cambio) and [Medium] otherwise. It is dropped when one of
// another vendor's anchors lies within 2048 bytes of the key (or of the
// header that reads it) and no CAMB anchor is at least as close. The
// vendors are services called with x-api-key or whose keys are UUIDs:
// Anthropic, AWS API Gateway (execute-api, amazonaws.com), RapidAPI,
// Pinecone, Baseten, Shodan, Exa, Cartesia, LMNT, TheCatAPI/TheDogAPI,
// NewsAPI, Moralis, CoinMarketCap, OpenSea, HeyGen, API Ninjas,
// Spoonacular, You.com and Bungie (see vendorAnchors). ElevenLabs'
// xi-api-key is another header name and never matches.
//
// # Never a finding
//
//   - Placeholders: anything not UUID-shaped (YOUR_API_KEY, <key>, ...,
//     xxxxxxxx-xxxx-..., masked ****, test-key), and UUIDs that are
//     obviously made up: fewer than 6 distinct digits (all zeros,
//     repeated characters), a run of 8 consecutive digits up or down
//     (12345678-...), 12 or more single steps up, a1b2c3d4/deadbeef/
//     cafebabe first groups, and well-known documentation UUIDs
//     (Wikipedia, RFC 4122, Swagger's 3fa85f64-...). A random key trips
//     these with odds under 1e-6.
//   - Environment and secret lookups: they are not literals (os.getenv,
//     os.environ[...], process.env.X, ${X}, $X, {{ secrets.X }},
//     ={{$credentials.apiKey}}, System.getenv, GetEnvironmentVariable).
//   - Task, run and other ids: names such as task_id or run_id, and data
//     rows and columns of ids, give no context; a UUID right after "/" is a URL path segment
//     (/apis/tts/<uuid>); a UUID bound by "=" to a name right after "?" or
//     "&" is a URL query value.
//   - Baseten and other keys inside provider_params, even inside a CAMB
//     client call.
//   - UUIDs in lockfiles (package-lock.json, yarn.lock, go.sum,
//     Cargo.lock, poetry.lock) and GUIDs in .csproj/.sln files: they have
//     no key context.
//   - Keys on a line that holds cambscan:allow, gitleaks:allow or
//     "pragma: allowlist secret".
//
// # Measured
//
// 2026-12-07, 2 cores shared with other jobs (load average 4 to 7). Wall
// time of one binary varied up to six-fold between runs, so Match is
// given in CPU time: go test ./rules -run '^$' -bench MatchCPU -cpu 1
// -benchtime 100x, medians of 5 runs alternating with the build before
// detection v2 (45acc01). bytes.Count of "x-api-key" over the same data
// (BenchmarkMatch, wall time) is the work of rg -F:
//
//	input                               Match        before v2    bytes.Count
//	Go source, 32 MB of GOROOT/src      10.9 GB/s    11.9 GB/s    4.0 GB/s
//	CSS/Markdown, "-4" every 7 bytes    0.50 GB/s    0.48 GB/s    2.7 GB/s
//	corpus: 56 files, keys in most      30 MB/s      44 MB/s      5.6 GB/s
//	1 MB minified line, 19k UUIDs       109 MB/s     139 MB/s     36 GB/s
//	1 MB line of 20k x-api-key keys     46 MB/s      53 MB/s      3.5 GB/s
//
// Detection v2 (request targets, value flow, data rows, encoded keys)
// costs a seventh to a half more CPU than the rules before it on text
// dense with keys, and nothing measurable on text without them.
//
// On text without candidates Match is as fast as a literal search (the
// "-4" search beats "x-api-key" on Go source, where 'x' is more common
// than '-'). Texts with UUIDs cost a few microseconds per UUID plus one
// pass per text for the lazily computed facts. [Position] counts a key at
// the end of a 1 MB line in about 0.25 ms (4 GB/s). Over GOROOT and the
// Go module cache (350 MB, 27,800 files) and the Python standard library,
// /usr/share/doc, /usr/include and /etc (200 MB, 13,000 files) Match
// reports nothing.
package rules
