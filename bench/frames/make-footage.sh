#!/usr/bin/env bash
# Makes the bench footage with Debian's ffmpeg/libx264 (apt-get install ffmpeg): 10-minute H.264 chunks like a
# camera's, 25 fps, GOP 50 (a key frame every 2 s), 2 B-frames, ~3 Mbit/s (720p) and ~5 Mbit/s (1080p),
# moving test pattern with light temporal noise so P/B frames carry real residuals.
# Usage: make-footage.sh OUT_DIR [720|1080 ...]   (default: 720 1080)
set -euo pipefail
out=${1:?usage: make-footage.sh OUT_DIR [720|1080 ...]}
shift || true
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(720 1080)
mkdir -p "$out"
for s in "${sizes[@]}"; do
  case $s in
    720) size=1280x720; rate=3M ;;
    1080) size=1920x1080; rate=5M ;;
    *) echo "unknown size $s" >&2; exit 2 ;;
  esac
  f="$out/chunk-${s}p.mp4"
  [ -s "$f" ] && { echo "have $f"; continue; }
  echo "making $f ..."
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=size=${size}:rate=25,noise=alls=3:allf=t" -t 600 \
    -c:v libx264 -preset veryfast -profile:v high -g 50 -keyint_min 50 -sc_threshold 0 -bf 2 \
    -b:v "$rate" -maxrate "$rate" -bufsize "$rate" -pix_fmt yuv420p -movflags +faststart "$f.tmp.mp4"
  mv "$f.tmp.mp4" "$f"
done
