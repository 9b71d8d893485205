#!/usr/bin/env bash
# Regenerates the committed bad/odd image fixtures in e2e/fixtures/images from the Chelsea sample.
# Needs ImageMagick and exiftool (apt-get install imagemagick libimage-exiftool-perl webp).
# The very large photo is not committed: the end-to-end test draws it in the browser.
set -euo pipefail
cd "$(dirname "$0")/.."
out=e2e/fixtures/images
src=public/samples/chelsea.png
mkdir -p "$out"
convert "$src" -resize 224x "$out/base.png"
: > "$out/zero-byte.png"
convert "$out/base.png" -quality 90 "$out/full.jpg"
head -c 3000 "$out/full.jpg" > "$out/truncated.jpg" && rm "$out/full.jpg"
printf 'This is a text file, not an image.\n' > "$out/text-named.png"
cat > "$out/scripted.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="224" height="224" onload="window.__svgExecuted=true">
  <script>window.__svgExecuted = true;</script>
  <rect width="224" height="224" fill="#3a7"/>
</svg>
SVG
convert "$out/base.png" \( "$out/base.png" -negate \) -set delay 50 -loop 0 "$out/animated.gif"
cwebp -quiet -q 85 "$out/base.png" -o "$out/cat.webp"
convert "$out/base.png" BMP3:"$out/cat.bmp"
convert -size 1x1 xc:'#808080' "$out/one-pixel.png"
# Stored rotated 90 degrees counter-clockwise, with EXIF Orientation=6 saying "rotate 90 CW to view".
convert "$out/base.png" -rotate -90 -quality 90 "$out/exif-rotated.jpg"
exiftool -q -overwrite_original -n -Orientation=6 "$out/exif-rotated.jpg"
convert "$out/base.png" -colorspace CMYK -quality 90 "$out/cmyk.jpg"
convert "$out/base.png" -depth 16 PNG48:"$out/sixteen-bit.png"
convert "$out/base.png" -alpha set -channel A -evaluate set 50% +channel PNG32:"$out/transparent.png"
rm "$out/base.png"
ls -la "$out"
