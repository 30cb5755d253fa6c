#!/bin/sh
# Buckets, the Kafka notification rule, and least-privilege users (one per site).
set -e
until mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null 2>&1; do sleep 1; done
for b in ostflow-landing ostflow-features ostflow-models; do mc mb --ignore-existing "local/$b"; done
mc event add local/ostflow-landing arn:minio:sqs::OSTFLOW:kafka --event put,delete || true

# The services: read the landing bucket, read and write features and models.
mc admin policy create local ostflow-services /init/policies/services.json || true
mc admin user add local "$OSTFLOW_S3_ACCESS_KEY" "$OSTFLOW_S3_SECRET_KEY"
mc admin policy attach local ostflow-services --user "$OSTFLOW_S3_ACCESS_KEY" || true

# Sites: each may write only under ostflow-landing/<site>/ (two examples).
for site in 01 02; do
  mc admin policy create local "site-$site" "/init/policies/site-$site.json" || true
  mc admin user add local "site-$site" "site-$site-secret-change-me"
  mc admin policy attach local "site-$site" --user "site-$site" || true
done
