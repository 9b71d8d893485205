/**
 * The camera as a video element's source: start (a chosen device or the default), list the cameras,
 * notice when the camera disappears, stop. Errors are thrown as user-readable messages.
 */
import { CAMERA_LOST_MESSAGE, cameraErrorMessage, NO_CAMERA_API_MESSAGE } from './camera-errors';

export interface CameraDevice {
  deviceId: string;
  label: string;
}

export class CameraError extends Error {
  override name = 'CameraError';
}

export class Camera {
  private stream: MediaStream | null = null;

  constructor(
    private readonly video: HTMLVideoElement,
    /** The camera went away while running (unplugged, revoked, taken). */
    private readonly onLost: (message: string) => void,
  ) {}

  get running(): boolean {
    return this.stream !== null;
  }

  /** The running camera's video track. */
  get track(): MediaStreamTrack | null {
    return this.stream?.getVideoTracks()[0] ?? null;
  }

  /** The device id of the running camera. */
  get deviceId(): string | undefined {
    return this.stream?.getVideoTracks()[0]?.getSettings().deviceId;
  }

  async start(deviceId?: string): Promise<void> {
    this.stop();
    if (!navigator.mediaDevices?.getUserMedia) throw new CameraError(NO_CAMERA_API_MESSAGE);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: deviceId
          ? { deviceId: { exact: deviceId }, width: { ideal: 1280 }, height: { ideal: 720 } }
          : { width: { ideal: 1280 }, height: { ideal: 720 } },
      });
    } catch (error) {
      throw new CameraError(cameraErrorMessage(error));
    }
    this.stream = stream;
    for (const track of stream.getVideoTracks()) {
      track.addEventListener('ended', () => {
        if (this.stream !== stream) return;
        this.stop();
        this.onLost(CAMERA_LOST_MESSAGE);
      });
    }
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.srcObject = stream;
    try {
      await this.video.play();
    } catch (error) {
      this.stop();
      throw new CameraError(cameraErrorMessage(error));
    }
  }

  stop(): void {
    const stream = this.stream;
    this.stream = null;
    for (const track of stream?.getTracks() ?? []) track.stop();
    if (stream && this.video.srcObject === stream) {
      this.video.pause();
      this.video.srcObject = null;
    }
  }
}

/** The cameras the browser lists (labels appear once a permission was granted). */
export async function listCameras(): Promise<CameraDevice[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices
    .filter((d) => d.kind === 'videoinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
}
