#!/bin/sh
# Apache Kafka (its Maven Central jars) as one KRaft node, broker and controller in one process, on loopback.
# KAFKA_PORT (default 9092) and KAFKA_CONTROLLER_PORT (default 9093) place the listeners; any other KAFKA_*
# variable becomes a server property as in the apache/kafka image (KAFKA_NUM_PARTITIONS=3 -> num.partitions=3);
# arguments are passed on to kafka.Kafka (e.g. --override log.retention.hours=1).
set -eu
port="${KAFKA_PORT:-9092}"
controller="${KAFKA_CONTROLLER_PORT:-9093}"
data="${KAFKA_DATA:-/var/lib/kafka}"
conf="$data/server.properties"
mkdir -p "$data"
# the settings of the embedded mode's broker (local-stack KafkaMain): keep them alike
cat > "$conf" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data/logs
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
env | grep '^KAFKA_' | grep -v -e '^KAFKA_PORT=' -e '^KAFKA_CONTROLLER_PORT=' -e '^KAFKA_DATA=' \
  -e '^KAFKA_HEAP_OPTS=' -e '^KAFKA_OPTS=' | while IFS='=' read -r key value; do
  printf '%s=%s\n' "$(printf '%s' "${key#KAFKA_}" | tr 'A-Z_' 'a-z.')" "$value"
done >> "$conf"
cp="/opt/kafka/libs/*"
if [ ! -f "$data/logs/meta.properties" ]; then
  # a Kafka cluster id: 16 random bytes, base64url without padding, never starting with '-'
  id="${CLUSTER_ID:-$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' | sed 's/^-/A/')}"
  java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$cp" kafka.tools.StorageTool \
    format --standalone -t "$id" -c "$conf" >/dev/null
fi
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -XX:+UseSerialGC ${KAFKA_OPTS:-} -cp "$cp" kafka.Kafka "$conf" "$@"
