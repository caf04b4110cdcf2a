import { createHash } from "node:crypto";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * JSON that is safe inside `<script type="application/json">`: no `</script>`, no `<!--`,
 * and no U+2028/U+2029 (which older JavaScript parsers treat as line ends).
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The CSP source expression (`'sha256-...'`) that allows exactly this inline `<style>` or `<script>` body. */
export function cspHash(inlineBody: string): string {
  return `'sha256-${createHash("sha256").update(inlineBody, "utf8").digest("base64")}'`;
}
