#!/bin/sh
# A replica container's start: its own data directory (/data: call log, catalog, lock), seeded
# with the team's config.json on first start, and policies/ linked to the team's directory
# (/seed/policies, read-only) so every replica hot-reloads the same policy files.
set -eu
[ -f /data/config.json ] || cp /seed/config.json /data/config.json
[ -e /data/policies ] || ln -s /seed/policies /data/policies
exec node /opt/portcullis/bin/portcullis.js serve --data-dir /data "$@"
