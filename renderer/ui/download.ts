/** Saves text as a file through the browser's download (works in Electron and headless alike). */
export function downloadText(filename: string, body: string, type = 'text/plain;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}
