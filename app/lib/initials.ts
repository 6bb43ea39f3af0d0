/**
 * The two letters of a person's avatar: a Vietnamese name ends with the given
 * name, so the last two words ("Trần Thu Hà" → "TH").
 */
export function initials(name: string) {
  return name.split(/\s+/).filter(Boolean).slice(-2).map((w) => w[0]).join("").toUpperCase();
}
