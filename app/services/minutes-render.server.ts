import { setImmediate as nextTurn } from "node:timers/promises";
import { getSchema, type JSONContent } from "@tiptap/core";
import { Node } from "@tiptap/pm/model";
import { escapeHTML, renderJSONContentToString, serializeChildrenToHTMLString } from "@tiptap/static-renderer/json/html-string";
import { domOutputSpecToHTMLString, renderToElement } from "@tiptap/static-renderer/pm/html-string";
import { prosemirrorJSONToYDoc, yDocToProsemirrorJSON } from "@tiptap/y-tiptap";
import sanitizeHtml from "sanitize-html";
import * as Y from "yjs";
import { MINUTES_FIELD, minutesExtensions } from "../lib/minutes/extensions";

// Built once: resolving the extensions and their schema took more than half of every render.
let extensions: ReturnType<typeof minutesExtensions> | null = null;
let schema: ReturnType<typeof getSchema> | null = null;
const cachedExtensions = () => (extensions ??= minutesExtensions());
export function minutesSchema() {
  return (schema ??= getSchema(cachedExtensions()));
}

/** A Y.Doc holding `json` in the field the editor's Collaboration extension reads. */
export function yDocFromJSON(json: JSONContent): Y.Doc {
  return prosemirrorJSONToYDoc(minutesSchema(), json, MINUTES_FIELD);
}

export function jsonOfYDoc(doc: Y.Doc): JSONContent {
  return yDocToProsemirrorJSON(doc, MINUTES_FIELD) as JSONContent;
}

/**
 * Rich text is sanitized on the server (DESIGN.md §8): whatever a client put
 * into the Yjs document, the stored HTML holds only these tags and attributes.
 */
export function sanitizeMinutesHtml(html: string) {
  return sanitizeHtml(html, {
    allowedTags: ["p", "h1", "h2", "h3", "strong", "em", "u", "s", "code", "pre", "blockquote", "ul", "ol", "li", "br", "hr", "table", "tbody", "tr", "td", "th", "colgroup", "col"],
    allowedAttributes: { "*": ["style", "data-agenda-item", "data-section"], td: ["colspan", "rowspan", "style"], th: ["colspan", "rowspan", "style"], ol: ["start"] },
    allowedStyles: { "*": { "text-align": [/^(left|right|center|justify)$/], "min-width": [/^\d+px$/] } },
  });
}

// JSON → HTML with tiptap's static renderer: no DOM needed on the server
// (@tiptap/html/server needs happy-dom, which only ships as ES modules).
// renderToHTMLString resolves the extensions and maps each one to a renderer on
// every call (half of a render); the same steps through renderToElement,
// with the mapped renderer kept from the first call and given a node of the cached schema.
type Renderer = Parameters<typeof renderToElement<string>>[0]["renderer"];
let renderContent: ReturnType<Renderer> | null = null;
const keepRenderer: Renderer = (mapping) => (renderContent = (renderJSONContentToString as Renderer)(mapping));
function toHtml(json: JSONContent) {
  return sanitizeMinutesHtml(toRawHtml(json));
}

function toRawHtml(json: JSONContent) {
  const content = Node.fromJSON(minutesSchema(), json);
  const html = renderContent
    ? renderContent({ content })
    : renderToElement({
        renderer: keepRenderer,
        domOutputSpecToElement: domOutputSpecToHTMLString,
        mapDefinedTypes: {
          doc: ({ children }: { children?: string | string[] }) => serializeChildrenToHTMLString(children),
          text: ({ node }: { node: { text?: string } }) => escapeHTML(node.text ?? ""),
        },
        content,
        extensions: cachedExtensions(),
      });
  return html;
}

/**
 * Minutes that exist only as text (imported from elsewhere): one paragraph per
 * line. Parsing HTML would need a DOM, and the server has none on purpose.
 */
export function textToMinutesJSON(text: string): JSONContent {
  const lines = text.split(/\n+/).map((l) => l.trim()).filter(Boolean);
  return { type: "doc", content: (lines.length ? lines : [""]).map((l) => ({ type: "paragraph", content: l ? [{ type: "text", text: l }] : [] })) };
}

/** The read-only snapshot of a document: sanitized HTML, ProseMirror JSON and plain text (for search). */
export function renderMinutes(doc: Y.Doc) {
  const json = jsonOfYDoc(doc);
  return { json, html: toHtml(json), text: plainText(json) };
}

/**
 * The same snapshot, made in three turns of the event loop. Rendering a page
 * of minutes takes 3–8 ms (most of it the HTML), and the periodic store of a
 * document being typed in renders while keystrokes of every document wait for
 * the event loop: split, no turn holds them for more than one step. The
 * document is read in the first turn; the later steps only use that JSON.
 */
export async function renderMinutesInTurns(doc: Y.Doc) {
  const json = jsonOfYDoc(doc);
  await nextTurn();
  const raw = toRawHtml(json);
  await nextTurn();
  return { json, html: sanitizeMinutesHtml(raw), text: plainText(json) };
}

export function renderMinutesJSON(json: JSONContent) {
  return { html: toHtml(json), text: plainText(json) };
}

export function plainText(node: JSONContent): string {
  if (node.type === "text") return node.text ?? "";
  const inner = (node.content ?? []).map(plainText).join(node.type === "doc" || node.type === "tableRow" ? "\n" : node.type === "table" ? "\n" : "");
  return ["paragraph", "heading", "listItem"].includes(node.type ?? "") ? inner + "\n" : inner;
}
