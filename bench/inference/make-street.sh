#!/usr/bin/env bash
# Makes bench/inference's pedestrian-like footage with Debian's ffmpeg/libx264: a still street scene (grey road,
# kerb, facades, windows) with temporal sensor noise, 720p, 25 fps, a key frame every second (GOP 25, the I-frame
# interval many cameras use, so `auto` samples key frames at 1 fps), 2 B-frames, ~2 Mbit/s, 6 minutes.
# Moving figures (36x96 px, person-sized at this distance) cross it twice:
#   t=92-99.5 s   one walker, left to right                    (clip 9; the frame after it left is clip 10's first)
#   t=231-238.5 s two walkers, crossing in opposite directions (clip 23)
# Everything else is still: 33 of 36 clips show nothing, as on most real cameras most of the time.
# Usage: make-street.sh OUT_FILE
set -euo pipefail
out=${1:?usage: make-street.sh OUT_FILE}
[ -s "$out" ] && { echo "have $out"; exit 0; }
mkdir -p "$(dirname "$out")"
scene="drawbox=x=0:y=430:w=1280:h=290:color=0x505050:t=fill"
scene+=",drawbox=x=0:y=420:w=1280:h=12:color=0x9a9a9a:t=fill"
scene+=",drawbox=x=40:y=60:w=360:h=340:color=0x8a6f5a:t=fill,drawbox=x=460:y=20:w=420:h=380:color=0x7d8794:t=fill"
scene+=",drawbox=x=940:y=90:w=300:h=310:color=0x9c8f78:t=fill"
for wx in 80 180 280 520 640 760 990 1100; do scene+=",drawbox=x=$wx:y=140:w=50:h=70:color=0x2b3440:t=fill"; done
# overlay (unlike drawbox) has the timestamp t in its position expressions.
walk() { # $1 scene label, $2 figure input, $3 start s, $4 end s, $5 x at start, $6 px/s, $7 y, $8 output label
  echo "[$1][$2]overlay=x='$5+($6)*(t-$3)':y=$7:enable='between(t,$3,$4)'[$8]"
}
graph="[0]$scene[s0];$(walk s0 1 92 99.5 -40 180 360 s1);$(walk s1 2 231 238.5 -40 175 350 s2);$(walk s2 3 231 238.5 1280 -170 372 s3);[s3]noise=alls=6:allf=t[v]"
echo "making $out ..."
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "color=c=0x6d7f8f:size=1280x720:rate=25:duration=360" \
  -f lavfi -i "color=c=0xd9c7a0:size=36x96:rate=25:duration=360" \
  -f lavfi -i "color=c=0x3050a0:size=36x96:rate=25:duration=360" \
  -f lavfi -i "color=c=0xa03030:size=36x96:rate=25:duration=360" \
  -filter_complex "$graph" -map "[v]" -t 360 \
  -c:v libx264 -preset veryfast -profile:v high -g 25 -keyint_min 25 -sc_threshold 0 -bf 2 \
  -b:v 2M -maxrate 2M -bufsize 2M -pix_fmt yuv420p -movflags +faststart "$out.tmp.mp4"
mv "$out.tmp.mp4" "$out"
