/**
 * The host of a link target on another machine's share, which Windows would open over SMB: `file://host/share/a.png`
 * or `\\host\share\a.png` (and `\\?\UNC\host\...`; `\\?\C:` and `\\.\` are this machine's). Undefined for a local path, `file:///…` and `file://localhost/…`.
 * Such a target is remote: read only with --include-remote, as an http(s) image is.
 */
export function networkShareOf(written: string): string | undefined {
  const fileUrl = /^file:\/\/([^/\\]*)/i.exec(written)
  if (fileUrl !== null) return remoteHost(fileUrl[1] ?? '')
  const unc = /^[\\/]{2}\?[\\/]unc[\\/]([^\\/]+)/i.exec(written) ?? /^\\\\([^\\/?.][^\\/]*)/.exec(written)
  return unc === null ? undefined : remoteHost(unc[1] ?? '')
}

function remoteHost(host: string): string | undefined {
  return host === '' || host.toLowerCase() === 'localhost' ? undefined : host
}
