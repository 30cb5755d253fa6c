#!/bin/sh
# Creates every ostflow topic (names from common/.../Topics.java) and its dead-letter topic.
# State topics are compacted: the planner rebuilds from them at every start, so none may expire.
set -e
K=/opt/kafka/bin/kafka-topics.sh
create() { $K --bootstrap-server kafka:9092 --create --if-not-exists --topic "$1" --partitions "$2" --replication-factor 1 $3; }
for t in ostflow.storage-events ostflow.affinity.events ostflow.graph ostflow.training.progress; do
  create "$t" 1; create "$t.dlq" 1
done
for t in ostflow.datasets.received ostflow.datasets.registered ostflow.datasets.rejected ostflow.datasets.withdrawn ostflow.tasks ostflow.edges ostflow.weights ostflow.plans ostflow.training.results ostflow.predictions ostflow.audits; do
  create "$t" 1 "--config cleanup.policy=compact"; create "$t.dlq" 1
done
create ostflow.jobs 4 "--config cleanup.policy=compact"; create ostflow.jobs.dlq 1
create ostflow.site-changes 4; create ostflow.site-changes.dlq 1
