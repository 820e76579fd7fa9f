const BY_EXTENSION: Record<string, string> = {
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif', '.webp': 'image/webp',
  '.avif': 'image/avif', '.svg': 'image/svg+xml', '.bmp': 'image/bmp', '.ico': 'image/x-icon',
  '.tif': 'image/tiff', '.tiff': 'image/tiff', '.heic': 'image/heic'
}

/** MIME type from the extension, for bytes the compression stage did not (re)write. */
export function contentTypeOf(extname: string): string {
  return BY_EXTENSION[extname.toLowerCase()] ?? 'application/octet-stream'
}
