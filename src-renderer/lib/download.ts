/**
 * Saves what the page exports (charts, metrics, model files, Keras scripts) through its own download (an `<a download>`):
 * the browser asks where in lab mode, Electron's default download handling does in the app.
 */

/** Starts a download of `url` (a data: or blob: URL) as `fileName`. */
export function downloadUrl(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
}

/** Starts a download of `text` as `fileName` with MIME type `type` (e.g. `'text/csv'`). */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  downloadUrl(url, fileName);
  // Revoked later, not at once: the download reads the blob after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
