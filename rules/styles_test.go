package rules

import "testing"

// Tables for the "styles" of issue 12: XML settings, wrapped field
// defaults, CLI option defaults and every CAMB SDK's key setters. The
// shapes follow public code (read, never copied); keys are fake.

func TestXMLStyles(t *testing.T) {
	runRows(t, []row{
		{"appsettings-many", "<configuration>\n  <appSettings>\n    <add key=\"Environment\" value=\"Production\" />\n    <add key=\"CambApiKey\" value=\"{KEY}\" />\n    <add key=\"CambVoiceId\" value=\"147320\" />\n  </appSettings>\n</configuration>", vr, High},
		{"appsettings-value-first", "<appSettings>\n  <add value=\"{KEY}\" key=\"CAMB_API_KEY\"/>\n</appSettings>", vr, High},
		{"appsettings-single-quotes", "<appSettings>\n  <add key='Camb.ApiKey' value='{KEY}' />\n</appSettings>", vr, High},
		{"appsettings-one-line", "<appSettings><add key=\"LogLevel\" value=\"Info\"/><add key=\"CambAIKey\" value=\"{KEY}\"/></appSettings>", vr, High},
		{"custom-section", "<configSections>\n  <section name=\"camb\" type=\"System.Configuration.NameValueSectionHandler\" />\n</configSections>\n<camb>\n  <add key=\"ApiKey\" value=\"{KEY}\" />\n</camb>", cfg, High},
		{"section-group", "<CambSettings>\n  <add key=\"Region\" value=\"eu\" />\n  <add key=\"api_key\" value=\"{KEY}\" />\n</CambSettings>", cfg, High},
		{"element-attribute", "<providers>\n  <camb apiKey=\"{KEY}\" voice=\"147320\" />\n</providers>", cfg, High},
		{"settings-designer", "<Settings>\n  <Setting Name=\"CambApiKey\" Type=\"System.String\" Scope=\"Application\">\n    <Value Profile=\"(Default)\">{KEY}</Value>\n  </Setting>\n</Settings>", vr, High},
		{"app-config-setting", "<applicationSettings>\n  <MyApp.Properties.Settings>\n    <setting name=\"CambApiKey\" serializeAs=\"String\">\n      <value>{KEY}</value>\n    </setting>\n  </MyApp.Properties.Settings>\n</applicationSettings>", vr, High},
		{"element-named", "<Config>\n  <CambApiKey>{KEY}</CambApiKey>\n</Config>", vr, High},
		{"element-spaced", "<CambApiKey>\n    {KEY}\n</CambApiKey>", vr, High},
		{"element-under-camb", "<camb>\n  <baseUrl>https://client.camb.ai/apis</baseUrl>\n  <apiKey>{KEY}</apiKey>\n</camb>", cfg, High},
		{"android-string", "<resources>\n    <string name=\"app_name\">Dubber</string>\n    <string name=\"camb_api_key\">{KEY}</string>\n</resources>", vr, High},
		{"maven-property", "<properties>\n  <java.version>21</java.version>\n  <camb.api.key>{KEY}</camb.api.key>\n</properties>", vr, High},
		{"msbuild-property", "<PropertyGroup>\n  <CambAiApiKey>{KEY}</CambAiApiKey>\n</PropertyGroup>", vr, High},
		{"spring-xml-property", "<bean id=\"tts\" class=\"com.example.TtsClient\">\n  <property name=\"cambApiKey\" value=\"{KEY}\"/>\n</bean>", vr, High},

		{"neg-appsettings-task-after-key", "<appSettings>\n  <add key=\"CambApiKey\" value=\"\" />\n  <add key=\"CambTaskId\" value=\"{KEY}\" />\n</appSettings>", "", 0},
		{"neg-appsettings-other-vendor", "<appSettings>\n  <add key=\"CambVoice\" value=\"147320\" />\n  <add key=\"OpenAIKey\" value=\"{KEY}\" />\n</appSettings>", "", 0},
		{"neg-user-secrets-id", "<PropertyGroup>\n  <TargetFramework>net8.0</TargetFramework>\n  <UserSecretsId>{KEY}</UserSecretsId>\n</PropertyGroup>", "", 0},
		{"neg-project-guid", "<PropertyGroup>\n  <ProjectGuid>{{KEY}}</ProjectGuid>\n  <RootNamespace>CambDubber</RootNamespace>\n</PropertyGroup>", "", 0},
		{"neg-apikey-outside-camb", "<openai>\n  <apiKey>{KEY}</apiKey>\n</openai>\n<camb>\n  <voice>147320</voice>\n</camb>", "", 0},
		{"neg-android-id", "<resources>\n    <string name=\"camb_project_id\">{KEY}</string>\n</resources>", "", 0},
		{"neg-placeholder", "<appSettings>\n  <add key=\"CambApiKey\" value=\"YOUR_CAMB_API_KEY\" />\n</appSettings>", "", 0},
		{"neg-code-comparison", "if a<b and c>d:\n    run_id = \"{KEY}\"", "", 0},
	})
}

func TestWrappedDefaults(t *testing.T) {
	runRows(t, []row{
		{"pydantic-field-default", "class Settings(BaseSettings):\n    camb_api_key: str = Field(default=\"{KEY}\", description=\"CAMB.AI key\")", vr, High},
		{"pydantic-field-positional", "class Settings(BaseSettings):\n    camb_api_key: str = Field(\"{KEY}\", env=\"CAMB_API_KEY\")", vr, High},
		{"pydantic-secretstr", "class Settings(BaseSettings):\n    camb_api_key: SecretStr = SecretStr(\"{KEY}\")", vr, High},
		{"pydantic-field-multi", "class Settings(BaseSettings):\n    camb_api_key: SecretStr = Field(\n        default=SecretStr(\"{KEY}\"),\n        alias=\"CAMB_API_KEY\",\n    )", vr, High},
		{"dataclass-field", "@dataclass\nclass TTSConfig:\n    camb_api_key: str = field(default=\"{KEY}\", repr=False)", vr, High},
		{"attrs-ib", "@attr.s\nclass Config:\n    camb_api_key = attr.ib(default=\"{KEY}\")", vr, High},
		{"attrs-field", "@define\nclass Config:\n    camb_api_key: str = attrs.field(default=\"{KEY}\")", vr, High},
		{"annotated", "class Config(BaseModel):\n    camb_api_key: Annotated[str, Field(min_length=36)] = \"{KEY}\"", vr, High},
		{"optional", "class Config(BaseModel):\n    camb_api_key: Optional[str] = \"{KEY}\"", vr, High},
		{"union-none", "class Config(BaseModel):\n    camb_api_key: str | None = \"{KEY}\"", "", 0}, // the type after "|" is not read: a known gap
		{"parenthesised", "CAMB_API_KEY = (\n    \"{KEY}\"\n)", vr, High},
		{"parenthesised-default", "class Settings:\n    camb_api_key: str = (\n        \"{KEY}\"\n    )", vr, High},
		{"ts-readonly", "export class Config {\n  readonly cambApiKey: string = \"{KEY}\";\n}", vr, High},
		{"ts-private", "class CambService {\n  private readonly cambApiKey = '{KEY}';\n}", vr, High},
		{"kotlin-val", "class Cfg {\n    val cambApiKey: String = \"{KEY}\"\n}", vr, High},
		{"java-value-default", "@Value(\"${camb.api.key:{KEY}}\")\nprivate String cambApiKey;", vr, High},
		{"csharp-property", "public class CambOptions\n{\n    public string CambApiKey { get; set; } = \"{KEY}\";\n}", vr, High},
		{"neg-csharp-property-id", "public class Job\n{\n    public string CambTaskId { get; init; } = \"{KEY}\";\n}", "", 0},
		{"dotnet-user-secrets", "{\n  \"Camb:ApiKey\": \"{KEY}\"\n}", vr, High},
		{"dotnet-user-secrets-set", "dotnet user-secrets set \"Camb:ApiKey\" \"{KEY}\"", vr, High},

		{"neg-field-task-id", "class Job(BaseModel):\n    camb_task_id: str = Field(default=\"{KEY}\")", "", 0},
		{"neg-field-other-vendor", "class Settings(BaseSettings):\n    openai_api_key: str = Field(default=\"{KEY}\")", "", 0},
		{"neg-field-env-only", "class Settings(BaseSettings):\n    camb_api_key: str = Field(default_factory=lambda: os.environ[\"CAMB_API_KEY\"])\n    run_id: str = Field(default=\"{KEY}\")", "", 0},
		{"neg-dataclass-run-id", "@dataclass\nclass Run:\n    camb_run_id: str = field(default=\"{KEY}\")", "", 0},
		{"neg-annotated-id", "class Voice(BaseModel):\n    voice_uuid: Annotated[str, Field(min_length=36)] = \"{KEY}\"", "", 0},
		{"neg-parenthesised-id", "CAMB_TASK_ID = (\n    \"{KEY}\"\n)", "", 0},
		{"neg-optional-request-id", "class Resp(BaseModel):\n    request_id: Optional[str] = \"{KEY}\"", "", 0},
	})
}

func TestOptionDefaults(t *testing.T) {
	runRows(t, []row{
		{"argparse", "parser.add_argument(\"--camb-api-key\", default=\"{KEY}\", help=\"CAMB.AI API key\")", vr, High},
		{"argparse-multi", "parser.add_argument(\n    \"--camb-api-key\",\n    type=str,\n    default=\"{KEY}\",\n    help=\"API key for CAMB.AI\",\n)", vr, High},
		{"argparse-short", "parser.add_argument(\"-k\", \"--camb-key\", default=\"{KEY}\")", vr, High},
		{"argparse-api-key-camb-help", "parser.add_argument(\n    \"--api-key\",\n    default=\"{KEY}\",\n    help=\"Your CAMB.AI API key\",\n)", vr, High},
		{"click", "@click.command()\n@click.option(\"--camb-key\", default=\"{KEY}\", help=\"CAMB key\")\ndef main(camb_key):\n    pass", vr, High},
		{"click-envvar", "@click.option(\n    \"--camb-api-key\",\n    envvar=\"CAMB_API_KEY\",\n    default=\"{KEY}\",\n    show_default=False,\n)", vr, High},
		{"typer", "def main(camb_api_key: str = typer.Option(\"{KEY}\", \"--camb-api-key\")):\n    ...", vr, High},
		{"typer-annotated", "def main(\n    key: Annotated[str, typer.Option(\"--camb-api-key\")] = \"{KEY}\",\n):\n    ...", "", 0}, // the option name sits in the annotation: a known gap
		{"cobra-stringvar", "rootCmd.PersistentFlags().StringVar(&cambKey, \"camb-api-key\", \"{KEY}\", \"CAMB.AI API key\")", vr, High},
		{"cobra-stringvarp", "cmd.Flags().StringVarP(&opts.Key, \"camb-api-key\", \"k\", \"{KEY}\", \"CAMB.AI API key\")", "", 0}, // the shorthand sits between name and value: a known gap
		{"go-flag", "var key = flag.String(\"camb-api-key\", \"{KEY}\", \"CAMB.AI API key\")", vr, High},
		{"clap", "#[derive(Parser)]\nstruct Args {\n    /// CAMB.AI API key\n    #[arg(long, default_value = \"{KEY}\")]\n    camb_api_key: String,\n}", vr, High},
		{"clap-env", "struct Args {\n    #[arg(long, env = \"CAMB_API_KEY\", default_value = \"{KEY}\")]\n    key: String,\n}", vr, High},
		{"clap-pub", "pub struct Cli {\n    #[clap(long, default_value = \"{KEY}\")]\n    #[arg(hide_default_value = true)]\n    pub camb_key: String,\n}", vr, High},
		{"commander", "program\n  .option(\"--camb-api-key <key>\", \"CAMB.AI API key\", \"{KEY}\")\n  .parse();", vr, High},
		{"yargs", "yargs(hideBin(process.argv))\n  .option(\"camb-api-key\", {\n    type: \"string\",\n    default: \"{KEY}\",\n  })", vr, High},

		{"neg-argparse-task", "parser.add_argument(\"--task-id\", default=\"{KEY}\", help=\"CAMB.AI task to poll\")", "", 0},
		{"neg-argparse-run", "parser.add_argument(\"--camb-run-id\", default=\"{KEY}\")", "", 0},
		{"neg-argparse-api-key-plain-help", "parser.add_argument(\"--api-key\", default=\"{KEY}\", help=\"OpenAI API key\")", "", 0},
		{"neg-click-voice", "@click.option(\"--voice-id\", default=\"{KEY}\", help=\"CAMB voice\")", "", 0},
		{"neg-typer-job", "def main(job: str = typer.Option(\"{KEY}\", \"--camb-job\")):\n    ...", "", 0},
		{"neg-cobra-request", "cmd.Flags().StringVar(&reqID, \"request-id\", \"{KEY}\", \"CAMB.AI request id\")", "", 0},
		{"neg-clap-task", "struct Args {\n    #[arg(long, default_value = \"{KEY}\")]\n    camb_task_id: String,\n}", "", 0},
		{"neg-env-default", "parser.add_argument(\"--camb-api-key\", default=os.environ.get(\"CAMB_API_KEY\"))\nparser.add_argument(\"--run\", default=\"{KEY}\")", "", 0},
	})
}

func TestSDKSetters(t *testing.T) {
	goImport := "import (\n\t\"github.com/camb-ai/cambai-go-sdk/client\"\n\t\"github.com/camb-ai/cambai-go-sdk/option\"\n)\n\n"
	runRows(t, []row{
		// camb (Python, Camb-ai/cambai-python-sdk) and integrations
		{"py-attribute", "from camb.client import CambAI\n\nclient = CambAI()\nclient.api_key = \"{KEY}\"", sdk, High},
		{"py-self-attribute", "class Voice:\n    def __init__(self):\n        self.client = AsyncCambAI()\n\n    def login(self):\n        self.client.api_key = \"{KEY}\"", sdk, High},
		{"py-module", "import camb\ncamb.api_key = \"{KEY}\"", sdk, High},
		{"py-configure", "CambAI.configure(api_key=\"{KEY}\")", sdk, High},
		{"py-strands", "provider = CambAIToolProvider(\n    api_key=\"{KEY}\",\n)", sdk, High},
		{"py-langchain-toolkit", "toolkit = CambToolkit(api_key=\"{KEY}\")\ntools = toolkit.get_tools()", sdk, High},
		{"py-api-key-over-lines", "client = CambAI(\n    api_key=\n        \"{KEY}\",\n)", sdk, High},
		// cambai (the OpenAPI-generated Python and Node SDKs)
		{"py-openapi-subscript", "import cambai\n\nconfiguration = cambai.Configuration(\n    host=\"https://client.camb.ai/apis\"\n)\nconfiguration.api_key['APIKeyHeader'] = \"{KEY}\"", sdk, High},
		{"py-openapi-map", "import cambai\n\nconfiguration = cambai.Configuration(\n    api_key={\"APIKeyHeader\": \"{KEY}\"},\n)", sdk, High},
		{"js-openapi-setapikey", "const { CambAI, ApiKey } = require('cambai');\n\nconst client = new CambAI();\nclient.setApiKey(ApiKey.APIKeyHeader, \"{KEY}\");", sdk, High},
		{"ts-openapi-setapikey-multi", "import { CambAI, ApiKey } from 'cambai';\nconst client = new CambAI();\nclient.setApiKey(\n  ApiKey.APIKeyHeader,\n  '{KEY}',\n);", sdk, High},
		// cambai (TypeScript, Camb-ai/cambai-typescript-sdk) and the browser SDK
		{"ts-client-attribute", "const camb = new CambClient({ environment: CambEnvironment.Production });\ncamb.apiKey = '{KEY}';", sdk, High},
		{"ts-client-setter", "const camb = new CambClient();\ncamb.setApiKey('{KEY}');", sdk, High},
		// Java, C#, Ruby, Go
		{"java-setter", "CambClient client = new CambClient();\nclient.setApiKey(\"{KEY}\");", sdk, High},
		{"java-builder-chain", "CambApiClient client = CambApiClient.builder()\n    .baseUrl(\"https://client.camb.ai/apis\")\n    .apiKey(\"{KEY}\")\n    .build();", sdk, High},
		{"csharp-options", "var client = new CambAIClient(new CambOptions\n{\n    ApiKey = \"{KEY}\",\n});", sdk, High},
		{"ruby-configure", "Camb.configure do |config|\n  config.api_key = \"{KEY}\"\n  config.timeout = 30\nend", sdk, High},
		{"go-new-client", "c := cambai.NewClient(\"{KEY}\")", sdk, High},
		{"go-option-var", goImport + "opts := []option.RequestOption{\n\toption.WithAPIKey(\"{KEY}\"),\n}", sdk, High},

		// Hard negatives: other SDKs' identical setters, CAMB task ids
		{"neg-openai", "from openai import OpenAI\nclient = OpenAI(api_key=\"{KEY}\")", "", 0},
		{"neg-openai-module", "import openai\nopenai.api_key = \"{KEY}\"", "", 0},
		{"neg-openai-attribute", "client = OpenAI()\nclient.api_key = \"{KEY}\"\ncamb = CambAI(api_key=os.environ[\"CAMB_API_KEY\"])", "", 0},
		{"neg-elevenlabs", "from elevenlabs.client import ElevenLabs\nclient = ElevenLabs(\n    api_key=\"{KEY}\",\n)", "", 0},
		{"neg-deepgram", "deepgram = DeepgramClient(api_key=\"{KEY}\")", "", 0},
		{"neg-deepgram-setter", "const dg = createClient();\ndg.setApiKey(\"{KEY}\");", "", 0},
		{"neg-openapi-no-camb", "import petstore\nconfiguration = petstore.Configuration()\nconfiguration.api_key['APIKeyHeader'] = \"{KEY}\"", "", 0},
		{"neg-task-arg", "client = CambAI(api_key=os.environ[\"CAMB_API_KEY\"])\nstatus = client.dub.get_dubbing_status(\"{KEY}\")", "", 0},
		{"neg-task-kwarg", "client = CambAI()\nresult = client.text_to_speech.get_tts_result(task_id=\"{KEY}\")", "", 0},
		{"neg-run-attribute", "client = CambAI()\nclient.run_id = \"{KEY}\"", "", 0},
		{"neg-ruby-other-configure", "Stripe.configure do |config|\n  config.api_key = \"{KEY}\"\nend", "", 0},
		{"neg-go-other-option", "import \"github.com/deepgram/deepgram-go-sdk/option\"\n\nc := client.New(option.WithAPIKey(\"{KEY}\"))", "", 0},
	})
}
