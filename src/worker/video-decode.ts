/**
 * A video file's frames at the sample times, decoded here in the worker with WebCodecs: mediabunny
 * demuxes the container (MP4, WebM, MKV, ...) and drives a VideoDecoder, which decodes on its own
 * thread while this one computes; its samplesAtTimestamps decodes each packet once for increasing
 * times (no decode from the last keyframe per sample, as a seek does). The frames are in CPU memory:
 * copyTo is a memcpy (0.1-0.4 ms for 320x240 here), where a <video> element's frame is a read-back
 * of the compositor's GPU copy (2.2 ms a frame on a quiet machine, 50-150 ms under load).
 * Loaded on first use (a chunk of the worker's own). Throws NotDecodable where the container or codec
 * is not one read here: the caller falls back to the element (whatever the browser plays).
 */
import { ALL_FORMATS, BlobSource, Input, VideoSampleSink } from 'mediabunny';

export const NOT_DECODABLE = 'NotDecodable';

function notDecodable(why: string): Error {
  const error = new Error(`Not decoded in the worker: ${why}`);
  error.name = NOT_DECODABLE;
  return error;
}

/** The frame shown at each time (the last one starting at or before it), in time order; the caller closes each. */
export async function* framesAt(
  file: Blob,
  times: readonly number[],
): AsyncGenerator<{ time: number; frame: VideoFrame }> {
  if (typeof VideoDecoder === 'undefined') throw notDecodable('no WebCodecs');
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryVideoTrack().catch(() => null);
    if (!track) throw notDecodable('container not read');
    if (!(await track.canDecode())) throw notDecodable(`codec ${track.codec ?? 'unknown'}`);
    const sink = new VideoSampleSink(track);
    let i = 0;
    for await (const sample of sink.samplesAtTimestamps(times)) {
      const time = times[i++];
      if (!sample) continue;
      const frame = sample.toVideoFrame();
      sample.close();
      yield { time, frame };
    }
  } finally {
    input.dispose();
  }
}
