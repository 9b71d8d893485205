#!/usr/bin/env bash
# Makes the video test clips from ../shared/images with Debian's ffmpeg (apt-get install -y ffmpeg).
# Not committed: e2e/support/video-clips.ts runs this when the clips are missing (and .ci/run before the tests).
#   camera.mjpeg  the fake camera's feed: 2 s of the cat photo, then 2 s of the dog photo, slow pan, 640x480
#   cut.webm      3 s of the cat photo, then 3 s of the coffee photo (a cut at exactly 3.000 s), slow pan,
#                 320x240 at 30 fps, VP8
#   cut.ogv       the same VP8 stream in an Ogg file: Chromium plays it, the worker's demuxer (mediabunny:
#                 Ogg audio only) does not read it, so its analysis takes the element-seek fallback
set -euo pipefail
cd "$(dirname "$0")/.."
images=${GRADCAM_IMAGES_DIR:-../shared/images}
[ -d "$images" ] || images=public/samples
out=${1:-e2e/fixtures/video}
mkdir -p "$out"
# Written beside the clips, then renamed: a test running at the same time never reads half a file.
tmp=$(mktemp -d "$out/.making.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
command -v ffmpeg >/dev/null || { echo "ffmpeg is missing: apt-get install -y ffmpeg" >&2; exit 2; }

# One photo as a clip of $3 seconds, $4 x $5: scaled to cover the frame with room to pan, the crop
# window sliding left to right over the clip (so no two frames are identical).
pan() {
  local photo=$1 seconds=$2 w=$3 h=$4 fps=$5
  echo "-loop 1 -framerate $fps -t $seconds -i $photo"
}
filter() {
  local w=$1 h=$2 seconds=$3
  echo "scale=${w}*1.25:${h}*1.25:force_original_aspect_ratio=increase,crop=${w}:${h}:x='(iw-${w})*t/${seconds}':y='(ih-${h})/2',setsar=1,format=yuv420p"
}

ffmpeg -hide_banner -loglevel error -y \
  $(pan "$images/chelsea.png" 3 320 240 30) $(pan "$images/coffee.png" 3 320 240 30) \
  -filter_complex "[0:v]$(filter 320 240 3)[a];[1:v]$(filter 320 240 3)[b];[a][b]concat=n=2:v=1[v]" \
  -map '[v]' -r 30 -c:v libvpx -b:v 1M -deadline good -cpu-used 4 -an "$tmp/cut.webm"

ffmpeg -hide_banner -loglevel error -y \
  $(pan "$images/chelsea.png" 2 640 480 30) $(pan "$images/darknet_dog.jpg" 2 640 480 30) \
  -filter_complex "[0:v]$(filter 640 480 2)[a];[1:v]$(filter 640 480 2)[b];[a][b]concat=n=2:v=1,format=yuvj420p[v]" \
  -map '[v]' -r 30 -q:v 5 -f mjpeg "$tmp/camera.mjpeg"

ffmpeg -hide_banner -loglevel error -y -i "$tmp/cut.webm" -c copy -f ogg "$tmp/cut.ogv"

mv -f "$tmp/cut.webm" "$tmp/cut.ogv" "$tmp/camera.mjpeg" "$out/"
ls -la "$out"
