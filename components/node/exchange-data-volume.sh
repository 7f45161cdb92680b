#!/bin/bash
# Opens the node's data volume and mounts it on /var/lib/exchange, on every boot. It formats only a device that
# carries no signature at all, waits for a volume that is not attached yet for as long as it takes, and rotates the
# LUKS key where the provider does not encrypt volumes (new key slot first, the old one removed after).
# Settings come from /etc/exchange/volume.env: DEVICE (a path, or a pattern that must match exactly one device),
# and, for guest encryption, KEY_FILE and optionally PREVIOUS_KEY_FILE.
set -euo pipefail
# Without this, bash clears -e inside $(...): a failing cryptsetup in unlock() would not stop it, and main would go on
# with a mapping that was never opened (or report a wrong key after a luksFormat that failed).
shopt -s inherit_errexit

ETC=${EXCHANGE_ETC:-/etc/exchange}
# shellcheck source=/dev/null
. "$ETC/volume.env"
MOUNT=${EXCHANGE_MOUNT:-/var/lib/exchange}
MAPPER_NAME=exchange-data
WAIT_SECONDS=${EXCHANGE_WAIT_SECONDS:-5}

log() { echo "exchange-data-volume: $*" >&2; }
fail() { log "$*"; exit 1; }

# The one block device DEVICE names: status 0 and its path, 1 while none is attached, 3 when several match.
find_device() {
    local matches=()
    local candidate
    # DEVICE may be a pattern: it is expanded here on purpose.
    # shellcheck disable=SC2153
    for candidate in $DEVICE; do
        if [ -b "$candidate" ]; then
            matches+=("$candidate")
        fi
    done
    case ${#matches[@]} in
        0) return 1 ;;
        1) readlink -f "${matches[0]}" ;;
        *) log "$DEVICE matches ${#matches[@]} devices (${matches[*]}); expected one data volume"; return 3 ;;
    esac
}

wait_for_device() {
    local device status waited=0
    while true; do
        status=0
        device=$(find_device) || status=$?
        case $status in
            0) echo "$device"; return 0 ;;
            1) ;;
            *) exit 1 ;;
        esac
        if [ $((waited % 60)) -eq 0 ]; then
            log "waiting for the data volume ($DEVICE) to be attached"
        fi
        sleep "$WAIT_SECONDS"
        waited=$((waited + WAIT_SECONDS))
    done
}

# Blank: readable, and neither blkid's low-level probe nor wipefs finds any signature (filesystem, partition
# table, LUKS, RAID, LVM). blkid -p exits 2 when it finds nothing; any other failure is not "blank".
is_blank() {
    local device=$1 status=0 signatures
    dd if="$device" of=/dev/null bs=1M count=1 status=none || fail "cannot read $device"
    blkid -p "$device" >/dev/null 2>&1 || status=$?
    case $status in
        0) return 1 ;;
        2)
            # A wipefs that fails prints nothing: that is no proof of a blank device.
            signatures=$(wipefs --noheadings "$device") || fail "wipefs could not probe $device; not formatting it"
            [ -z "$signatures" ]
            ;;
        *) fail "blkid could not probe $device (exit $status); not formatting it" ;;
    esac
}

opens_with() {
    [ -f "$2" ] && cryptsetup open --test-passphrase --key-file "$2" "$1" 2>/dev/null
}

# Guest encryption: format a blank device, refuse one that holds anything else, and make the current key open it.
unlock() {
    local device=$1
    if is_blank "$device"; then
        log "formatting blank $device with LUKS2"
        cryptsetup luksFormat --batch-mode --type luks2 --key-file "$KEY_FILE" "$device" >&2
    elif ! cryptsetup isLuks "$device"; then
        fail "$device holds data that is not LUKS; refusing to format it"
    fi
    local previous=${PREVIOUS_KEY_FILE:-}
    if ! opens_with "$device" "$KEY_FILE"; then
        if [ -z "$previous" ] || ! opens_with "$device" "$previous"; then
            fail "neither dataVolumeKey nor previousDataVolumeKey opens $device; set previousDataVolumeKey to the key it was formatted with"
        fi
        log "rotating the volume key: adding the new key"
        cryptsetup luksAddKey --batch-mode --key-file "$previous" "$device" "$KEY_FILE" >&2
        opens_with "$device" "$KEY_FILE" || fail "the new key does not open $device after adding it"
    fi
    if [ -n "$previous" ] && opens_with "$device" "$previous"; then
        log "rotating the volume key: removing the previous key"
        cryptsetup luksRemoveKey --batch-mode "$device" "$previous" >&2
    fi
    if [ ! -e "/dev/mapper/$MAPPER_NAME" ]; then
        cryptsetup open --key-file "$KEY_FILE" "$device" "$MAPPER_NAME" >&2
    fi
    echo "/dev/mapper/$MAPPER_NAME"
}

main() {
    local device target
    device=$(wait_for_device)
    target=$device
    if [ -n "${KEY_FILE:-}" ]; then
        target=$(unlock "$device")
    fi
    if is_blank "$target"; then
        log "formatting blank $target with ext4"
        mkfs.ext4 -q -L exchange-data "$target"
    fi
    local type
    type=$(blkid -p -o value -s TYPE "$target" || true)
    [ "$type" = ext4 ] || fail "$target holds ${type:-an unknown signature}, not ext4; refusing to mount or format it"
    mkdir -p "$MOUNT"
    mountpoint -q "$MOUNT" || mount -o noatime "$target" "$MOUNT"
    log "$target mounted on $MOUNT"
}

main "$@"
