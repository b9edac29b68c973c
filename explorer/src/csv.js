// Files to take away: CSV written in the page, saved through the browser.

// A CSV field as DuckDB's COPY writes it: quoted where needed; NULL an empty field.
export function csvField(text) {
  if (text === null || text === undefined) return '';
  return text === '' || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function saveCsv(name, parts) {
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv' }));
  const link = document.body.appendChild(document.createElement('a'));
  link.href = url;
  link.download = name;
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
