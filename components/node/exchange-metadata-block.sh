#!/bin/bash
# Keeps the node's containers away from the cloud's metadata service, which serves this node's user data: the origin
# TLS key, the secret environment and, on Hetzner, the volume key. Metadata addresses: AWS 169.254.169.254 and
# fd00:ec2::254 (IMDS), GCP 169.254.169.254 (metadata.google.internal) and fd20:ce::254, Hetzner 169.254.169.254.
# DOCKER-USER is the chain Docker keeps for administrators and consults first for everything it forwards from
# containers (docs.docker.com/engine/network/packet-filtering-firewalls/). Idempotent: safe on every boot and rerun.
set -euo pipefail

block() {
    local tool=$1 address=$2
    "$tool" -w -N DOCKER-USER 2>/dev/null || true
    if ! "$tool" -w -C DOCKER-USER -d "$address" -j DROP 2>/dev/null; then
        "$tool" -w -I DOCKER-USER -d "$address" -j DROP
    fi
}

block iptables 169.254.169.254/32
block ip6tables fd00:ec2::254/128
block ip6tables fd20:ce::254/128
