#!/bin/bash
set -euo pipefail
dnf install -y nginx jq awscli
cat > /etc/app.env <<ENV
APP_PORT=${app_port}
DB_SECRET_ARN=${db_secret_arn}
AWS_REGION=${region}
ENV
systemctl enable --now nginx
