#!/usr/bin/env bash
# Create (or bring back to) the demo data the sample app reads, with the AWS CLI.
# Safe to run again: values already in place are left alone.
#
# Environment:
#   AWS_ENDPOINT_URL   where to send the calls (default http://127.0.0.1:$MOTO_PORT, i.e. scripts/moto.sh)
#   MOTO_PORT          default 4599
#   AWS_REGION         default AWS_DEFAULT_REGION, then us-east-1
#   AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY   default "test", only for the local moto (AWS_ENDPOINT_URL not
#                      set): any other endpoint gets the caller's credentials (environment, profile, ...)
#
# Writes target/moto/demo-kms-ciphertext (the sample's KMS ciphertext) and, when the endpoint does not answer
# a reference form the sample's application.yml uses, target/moto/demo-unsupported-forms.
#
# The values are demo values for a local emulator, not secrets. Keep them in sync with
# sample-app/src/test/java/io/github/secretresolver/sample/SampleApplicationTests.java.
set -euo pipefail

cd "$(dirname "$0")/.."

MOTO_PORT="${MOTO_PORT:-4599}"
if [[ -z "${AWS_ENDPOINT_URL:-}" ]]; then
	AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT"
	# Dummy credentials for the local moto only.
	if [[ -z "${AWS_ACCESS_KEY_ID:-}" ]]; then
		export AWS_ACCESS_KEY_ID=test
	fi
	if [[ -z "${AWS_SECRET_ACCESS_KEY:-}" ]]; then
		export AWS_SECRET_ACCESS_KEY=test
	fi
fi
export AWS_REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}"
export AWS_DEFAULT_REGION="$AWS_REGION"
export AWS_PAGER=""

if ! command -v aws >/dev/null 2>&1; then
	echo "seed-demo: the AWS CLI ('aws') is not installed" >&2
	exit 1
fi

DB_SECRET_PREVIOUS='{"username":"shop","password":"demo-old-pw-3Kd8","pool":{"max":"10"}}'
DB_SECRET_CURRENT='{"username":"shop","password":"demo-pw-7Hq2Lx9v","pool":{"max":"10"}}'
API_TOKEN='demo-api-token-Zr41Wq'
PAYMENTS_KEY='demo-payments-key-Np63Vt'
FLAGS_V1='checkout=on,search=off'
FLAGS_V2='checkout=on,search=on'
LEGACY_TOKEN='demo-legacy-token-5Rw1'
# The KMS ciphertext of LEGACY_TOKEN is written here for scripts/run-sample.sh and scripts/test.sh,
# which pass it to the sample app as DEMO_KMS_CIPHERTEXT (it depends on the emulator's key).
KMS_CIPHERTEXT_FILE=target/moto/demo-kms-ciphertext
UNSUPPORTED_FORMS_FILE=target/moto/demo-unsupported-forms

awsc() {
	aws --endpoint-url "$AWS_ENDPOINT_URL" --region "$AWS_REGION" --output text "$@"
}

# Current value of a parameter (decrypted), or nothing when it does not exist.
param_value() {
	awsc ssm get-parameter --name "$1" --with-decryption --query Parameter.Value 2>/dev/null || true
}

put_param() {
	local name="$1" type="$2" value="$3"
	if [[ "$(param_value "$name")" == "$value" ]]; then
		echo "  ssm $name: up to date"
		return
	fi
	awsc ssm put-parameter --name "$name" --type "$type" --value "$value" --overwrite --query Version >/dev/null
	echo "  ssm $name ($type): written"
}

# /shop/demo/feature-flags: version 1 = FLAGS_V1 labelled "stable", version 2 = FLAGS_V2 (latest).
seed_feature_flags() {
	local name=/shop/demo/feature-flags
	if [[ "$(param_value "$name:1")" == "$FLAGS_V1" && "$(param_value "$name:stable")" == "$FLAGS_V1" \
		&& "$(param_value "$name")" == "$FLAGS_V2" \
		&& "$(awsc ssm get-parameter --name "$name" --query Parameter.Version 2>/dev/null)" == "2" ]]; then
		echo "  ssm $name: up to date (v1 labelled stable, v2 latest)"
		return
	fi
	# Start over so that the version numbers are the ones the sample app pins.
	awsc ssm delete-parameter --name "$name" >/dev/null 2>&1 || true
	awsc ssm put-parameter --name "$name" --type String --value "$FLAGS_V1" --query Version >/dev/null
	awsc ssm put-parameter --name "$name" --type String --value "$FLAGS_V2" --overwrite --query Version >/dev/null
	# Not every emulator has labels (Floci has none): check_sample_forms reports it.
	if ! awsc ssm label-parameter-version --name "$name" --parameter-version 1 --labels stable >/dev/null; then
		echo "  ssm $name: written (v2 latest); the endpoint refused the label 'stable'"
		return
	fi
	echo "  ssm $name: written (v1 labelled stable, v2 latest)"
}

# Record the reference forms of the sample's application.yml that the endpoint does not answer (Floci has no
# version or label selectors), so that the scripts and tests can say why the sample app cannot start there.
check_sample_forms() {
	local name=/shop/demo/feature-flags unsupported=()
	if [[ "$(param_value "$name:1")" != "$FLAGS_V1" ]]; then
		unsupported+=("ssm:$name:1 (version selector)")
	fi
	if [[ "$(param_value "$name:stable")" != "$FLAGS_V1" ]]; then
		unsupported+=("ssm:$name:stable (label selector)")
	fi
	mkdir -p "$(dirname "$UNSUPPORTED_FORMS_FILE")"
	if ((${#unsupported[@]} > 0)); then
		(IFS=,; echo "${unsupported[*]}") >"$UNSUPPORTED_FORMS_FILE"
		echo "  the endpoint does not answer: $(cat "$UNSUPPORTED_FORMS_FILE")"
	else
		rm -f "$UNSUPPORTED_FORMS_FILE"
	fi
}

# SecretString of a secret at a stage, or nothing when it does not exist.
secret_value() {
	awsc secretsmanager get-secret-value --secret-id "$1" --version-stage "$2" --query SecretString 2>/dev/null || true
}

# Store a value as the secret's AWSCURRENT version: create-secret, or put-secret-value if it exists.
put_secret() {
	local id="$1" value="$2" err
	err="$(mktemp)"
	if awsc secretsmanager create-secret --name "$id" --secret-string "$value" --query ARN >/dev/null 2>"$err"; then
		rm -f "$err"
		return
	fi
	if grep -q ResourceExistsException "$err"; then
		rm -f "$err"
		# A secret scheduled for deletion refuses new values until it is restored.
		if [[ "$(awsc secretsmanager describe-secret --secret-id "$id" --query DeletedDate)" != "None" ]]; then
			awsc secretsmanager restore-secret --secret-id "$id" >/dev/null
		fi
		awsc secretsmanager put-secret-value --secret-id "$id" --secret-string "$value" --query VersionId >/dev/null
		return
	fi
	cat "$err" >&2
	rm -f "$err"
	return 1
}

# demo/shop/db: AWSCURRENT = DB_SECRET_CURRENT, AWSPREVIOUS = DB_SECRET_PREVIOUS (as after a rotation).
seed_db_secret() {
	local id=demo/shop/db
	if [[ "$(secret_value "$id" AWSCURRENT)" == "$DB_SECRET_CURRENT" \
		&& "$(secret_value "$id" AWSPREVIOUS)" == "$DB_SECRET_PREVIOUS" ]]; then
		echo "  secretsmanager $id: up to date (AWSCURRENT + AWSPREVIOUS)"
		return
	fi
	put_secret "$id" "$DB_SECRET_PREVIOUS"
	put_secret "$id" "$DB_SECRET_CURRENT"
	echo "  secretsmanager $id: written (AWSCURRENT + AWSPREVIOUS)"
}

seed_plain_secret() {
	local id="$1" value="$2"
	if [[ "$(secret_value "$id" AWSCURRENT)" == "$value" ]]; then
		echo "  secretsmanager $id: up to date"
		return
	fi
	put_secret "$id" "$value"
	echo "  secretsmanager $id: written"
}

# A KMS key with the alias alias/shop-demo, and LEGACY_TOKEN encrypted under it with the
# encryption context app=shop (what `aws kms encrypt` prints is what goes into configuration).
seed_kms_ciphertext() {
	local key
	key="$(awsc kms describe-key --key-id alias/shop-demo --query KeyMetadata.Arn 2>/dev/null || true)"
	if [[ -z "$key" || "$key" == "None" ]]; then
		key="$(awsc kms create-key --description "secret-resolver demo" --query KeyMetadata.Arn)"
		awsc kms create-alias --alias-name alias/shop-demo --target-key-id "$key"
		echo "  kms alias/shop-demo: created"
	fi
	mkdir -p "$(dirname "$KMS_CIPHERTEXT_FILE")"
	awsc kms encrypt --key-id alias/shop-demo --plaintext "$LEGACY_TOKEN" --encryption-context app=shop \
		--query CiphertextBlob >"$KMS_CIPHERTEXT_FILE"
	echo "  kms ciphertext of the legacy token: $KMS_CIPHERTEXT_FILE"
}

echo "seed-demo: seeding demo data at $AWS_ENDPOINT_URL ($AWS_REGION)"
put_param /shop/demo/db-host String localhost
put_param /shop/demo/db-name String shop
put_param /shop/demo/payments-key SecureString "$PAYMENTS_KEY"
seed_feature_flags
seed_db_secret
seed_plain_secret demo/shop/api-token "$API_TOKEN"
seed_kms_ciphertext
check_sample_forms
echo "seed-demo: done"
