/** Which dropped files are videos (by type, or by name when the browser gives no type). */
const VIDEO_EXTENSIONS = /\.(mp4|m4v|webm|mkv|mov|ogv|ogg|avi|3gp)$/i;

export function isVideoFile(file: File): boolean {
  return file.type.startsWith('video/') || VIDEO_EXTENSIONS.test(file.name);
}
