/** Test helper: the text content of invoice HTML, roughly as a reader sees it (tags dropped, entities decoded, spaces collapsed). */
export function visibleText(markup: string): string {
  return markup
    .replace(/<(head|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ');
}
