#!/usr/bin/env bash
# Creates the secrets every node of deploy/compose.yaml shares, in deploy/secrets/ (kept out of git):
#   audit-signing-key.pem            the Ed25519 key that signs audit checkpoints (PKCS#8 PRIVATE KEY + PUBLIC KEY)
#   concordia.webhooks.secret-key    base64 of 32 random bytes: the AES key encrypting webhook secrets at rest
#   concordia.admin-password         the first administrator's password
# Existing files are kept: replacing the signing key or the webhook key of a running deployment is a key rotation,
# not something to do by re-running this.
set -euo pipefail
cd "$(dirname "$0")"
umask 077
mkdir -p secrets
if [[ ! -s secrets/audit-signing-key.pem ]]; then
    openssl genpkey -algorithm ed25519 -out secrets/audit-signing-key.pem
    openssl pkey -in secrets/audit-signing-key.pem -pubout >> secrets/audit-signing-key.pem
fi
[[ -s secrets/concordia.webhooks.secret-key ]] || openssl rand -base64 32 | tr -d '\n' > secrets/concordia.webhooks.secret-key
[[ -s secrets/concordia.admin-password ]] || openssl rand -base64 18 | tr -d '\n' > secrets/concordia.admin-password
ls -l secrets
