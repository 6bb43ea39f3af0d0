import type { AnyExtension } from "@tiptap/core";
import Heading from "@tiptap/extension-heading";
import { TableKit } from "@tiptap/extension-table";
import TextAlign from "@tiptap/extension-text-align";
import StarterKit from "@tiptap/starter-kit";

/** Yjs field the ProseMirror document lives in (the Collaboration default). */
export const MINUTES_FIELD = "default";

/**
 * Headings remember which agenda item they belong to, so "choose an agenda
 * item" can scroll the minutes to its section (data-agenda-item="12").
 */
const AgendaHeading = Heading.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      agendaItemId: {
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute("data-agenda-item"),
        renderHTML: (attrs: { agendaItemId?: string | null }) => (attrs.agendaItemId ? { "data-agenda-item": attrs.agendaItemId } : {}),
      },
      section: {
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute("data-section"),
        renderHTML: (attrs: { section?: string | null }) => (attrs.section ? { "data-section": attrs.section } : {}),
      },
    };
  },
});

/**
 * The one schema of the minutes: the editor, the server's HTML/JSON snapshot,
 * the template and the DOCX export all use these extensions. Undo/redo come
 * from the Collaboration extension (per user), so StarterKit's is off.
 */
export function minutesExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({ undoRedo: false, heading: false, link: false }),
    AgendaHeading.configure({ levels: [1, 2, 3] }),
    TextAlign.configure({ types: ["heading", "paragraph"], alignments: ["left", "center", "right", "justify"] }),
    TableKit.configure({ table: { resizable: false } }),
  ];
}
