/** What the user reads when the camera cannot start or goes away (getUserMedia's DOMException names). */

export function cameraErrorMessage(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera permission was denied. Allow the camera for this page in the browser (the icon in the address bar), then start it again. Photos and video files still work.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found. Connect one and start it again, or use a photo or a video file.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera could not be started: another application may be using it. Close it and try again.';
    case 'TypeError':
      return 'This page cannot use the camera here (a camera needs a secure https:// page).';
    default:
      return `The camera could not be started${error instanceof Error && error.message ? `: ${error.message}` : '.'}`;
  }
}

export const CAMERA_LOST_MESSAGE =
  'The camera stopped (unplugged, or taken by another application). Start it again when it is back.';

export const NO_CAMERA_API_MESSAGE = 'This browser does not give pages access to a camera.';
