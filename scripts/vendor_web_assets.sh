#!/usr/bin/env bash
# Vendor the web map's third-party assets into src/eventatlas/web/static/vendor/.
#
# Runs `npm install` of pinned versions into a temporary directory and copies only the dist
# files the page needs (a few hundred KB), with their licences. Re-run to update; commit the
# result. Example: scripts/vendor_web_assets.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/src/eventatlas/web/static/vendor"
LEAFLET=1.9.4
CLUSTER=1.5.3
ATLAS=2.0.2
TOPOJSON=3.1.0

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm init -y >/dev/null
npm install --loglevel=error --no-audit --no-fund --ignore-scripts \
  "leaflet@$LEAFLET" "leaflet.markercluster@$CLUSTER" "world-atlas@$ATLAS" \
  "topojson-client@$TOPOJSON"

M="$WORK/node_modules"
rm -rf "$DEST"
mkdir -p "$DEST/leaflet/images" "$DEST/markercluster" "$DEST/world-atlas" "$DEST/topojson-client"
cp "$M/leaflet/dist/leaflet.js" "$M/leaflet/dist/leaflet.css" "$M/leaflet/LICENSE" "$DEST/leaflet/"
cp "$M/leaflet/dist/images/"*.png "$DEST/leaflet/images/"
cp "$M/leaflet.markercluster/dist/leaflet.markercluster.js" \
   "$M/leaflet.markercluster/dist/MarkerCluster.css" \
   "$M/leaflet.markercluster/dist/MarkerCluster.Default.css" \
   "$M/leaflet.markercluster/MIT-LICENCE.txt" "$DEST/markercluster/"
cp "$M/world-atlas/countries-110m.json" "$M/world-atlas/LICENSE" "$DEST/world-atlas/"
cp "$M/topojson-client/dist/topojson-client.min.js" "$M/topojson-client/LICENSE" \
   "$DEST/topojson-client/"
cat > "$DEST/VERSIONS" <<VERSIONS
leaflet $LEAFLET (BSD-2-Clause)
leaflet.markercluster $CLUSTER (MIT)
world-atlas $ATLAS (ISC; data: Natural Earth, public domain)
topojson-client $TOPOJSON (ISC)
VERSIONS
du -sh "$DEST"
