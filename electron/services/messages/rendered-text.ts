/**
 * A message's Markdown as the platform shows it, for the preview: heading marks and bold markers
 * dropped, list dashes as bullets, links as "text (url)", and the sender's escapes undone (the admin
 * reads `orders_2026`, not `orders\_2026`; with `entities`, `&gt;` reads `>`).
 */
export function renderedText(markdown: string, opts: { entities?: boolean } = {}): string {
  const text = markdown
    .split('\n')
    .map((line) => line.replace(/^#{1,6}\s+/, '').replace(/^- /, '• '))
    .join('\n')
    .replace(/\[((?:\\.|[^\]\\])*)\]\(([^)]*)\)/g, '$1 ($2)')
    .replace(/\*\*((?:\\.|[^*\\])*)\*\*/g, '$1')
    .replace(/\\([\\`*_[\]()#>|])/g, '$1');
  // Feishu/Lark Markdown carries the ticket's `&`, `<`, `>` as entities; the client shows the characters.
  return opts.entities ? text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : text;
}
