package rules

import "testing"

// TestCommandSetters: command-line secret setters pair their name
// argument with their value argument.
func TestCommandSetters(t *testing.T) {
	runRows(t, []row{
		// GitHub CLI
		{"gh-body", "gh secret set CAMB_API_KEY --body {KEY}", vr, High},
		{"gh-b-quoted", "gh secret set CAMB_API_KEY -b \"{KEY}\" --repo acme/dubbing", vr, High},
		{"gh-body-eq", "gh secret set CAMB_AI_API_KEY --body={KEY} --env production", vr, High},
		{"gh-repo-first", "gh secret set -R acme/site CAMB_API_KEY --body '{KEY}'", vr, High},
		{"gh-generic-camb-repo", "gh secret set API_KEY --repo camb-ai/voice-bot --body \"{KEY}\"", vr, High},
		{"gh-stdin", "echo \"{KEY}\" | gh secret set CAMB_API_KEY", vr, High},
		{"gh-continued", "gh secret set CAMB_API_KEY \\\n  --repo acme/dubbing \\\n  --body \"{KEY}\"\n", vr, High},
		// AWS
		{"aws-ssm", "aws ssm put-parameter --name /prod/camb/api-key --type SecureString --value {KEY}", vr, High},
		{"aws-ssm-continued", "aws ssm put-parameter \\\n    --name \"/camb/api_key\" \\\n    --value \"{KEY}\" \\\n    --type SecureString \\\n    --overwrite\n", vr, High},
		{"aws-ssm-value-first", "aws ssm put-parameter --value '{KEY}' --name /prod/camb-tts/api-key --type SecureString", vr, High},
		{"aws-secretsmanager", "aws secretsmanager create-secret --name camb-api-key --secret-string {KEY}", vr, High},
		{"az-keyvault", "az keyvault secret set --vault-name kv-prod --name camb-api-key --value {KEY}", vr, High},
		// Kubernetes
		{"kubectl-camb-name", "kubectl create secret generic tts --from-literal=CAMB_API_KEY={KEY}", vr, High},
		{"kubectl-generic-name", "kubectl create secret generic camb-tts --from-literal=api-key={KEY}", vr, High},
		{"kubectl-continued", "kubectl create secret generic camb \\\n  --namespace voice \\\n  --from-literal=api-key=\"{KEY}\" \\\n  --dry-run=client -o yaml | kubectl apply -f -\n", vr, High},
		{"kubectl-set-env", "kubectl set env deployment/camb-worker API_KEY={KEY}", vr, High},
		// PaaS
		{"heroku", "heroku config:set CAMB_API_KEY={KEY} -a dubbing-prod", vr, High},
		{"heroku-generic-app", "heroku config:set API_KEY={KEY} --app camb-voice-bot", vr, High},
		{"vercel-echo", "echo {KEY} | vercel env add CAMB_API_KEY production", vr, High},
		{"vercel-printf", "printf '%s' \"{KEY}\" | vercel env add CAMB_API_KEY preview", vr, High},
		{"fly", "fly secrets set CAMB_API_KEY={KEY}", vr, High},
		{"flyctl-generic-app", "flyctl secrets set API_KEY=\"{KEY}\" -a camb-tts", vr, High},
		{"doppler-eq", "doppler secrets set CAMB_API_KEY={KEY}", vr, High},
		{"doppler-space", "doppler secrets set CAMB_API_KEY {KEY}", vr, High},
		{"netlify", "netlify env:set CAMB_API_KEY {KEY}", vr, High},
		{"wrangler", "echo \"{KEY}\" | npx wrangler secret put CAMB_API_KEY", vr, High},
		// Docker
		{"docker-run", "docker run --rm -e CAMB_API_KEY={KEY} acme/dubber:latest", vr, High},
		{"docker-run-generic", "docker run -d \\\n  -e API_KEY={KEY} \\\n  -p 8080:8080 \\\n  ghcr.io/acme/camb-tts:1.2\n", vr, High},
		{"docker-env-eq", "docker run --env=TTS_API_KEY={KEY} camb/tts-proxy", vr, High},
		// CI YAML run: blocks
		{"ci-run-line", "jobs:\n  deploy:\n    steps:\n      - run: gh secret set CAMB_API_KEY --body \"{KEY}\"\n", vr, High},
		{"ci-run-block", "    steps:\n      - name: secrets\n        run: |\n          kubectl create secret generic camb-api \\\n            --from-literal=api-key={KEY}\n", vr, High},

		// Hard negatives
		{"neg-gh-task-id", "gh secret set CAMB_TASK_ID --body {KEY}", "", 0},
		{"neg-gh-other-vendor", "gh secret set OPENAI_API_KEY --body {KEY}", "", 0},
		{"neg-kubectl-other", "kubectl create secret generic groq --from-literal=api-key={KEY}", "", 0},
		{"neg-kubectl-other-name-in-camb", "kubectl create secret generic camb-stack --from-literal=openai-api-key={KEY}", "", 0},
		{"neg-aws-no-camb", "aws ssm put-parameter --name /prod/tts/api-key --value {KEY}", "", 0},
		{"neg-docker-run-id", "docker run -e CAMB_RUN_ID={KEY} camb/tts", "", 0},
		{"neg-vercel-voice-id", "echo {KEY} | vercel env add CAMB_VOICE_ID", "", 0},
		{"neg-echo-no-setter", "echo {KEY} | tee camb.txt", "", 0},
		{"neg-lookup", "gh secret set CAMB_API_KEY --body \"$CAMB_API_KEY\"", "", 0},
		{"neg-not-a-setter", "docker logs camb-api | grep {KEY}", "", 0},
		{"neg-separate-command", "gh secret set CAMB_API_KEY --body \"$KEY\"\ncurl https://example.com/jobs/status?job={KEY}", "", 0},
		{"neg-other-command", "gh secret set CAMB_API_KEY --body x; echo {KEY}", "", 0},
	})
}
