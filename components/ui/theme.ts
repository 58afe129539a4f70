/**
 * The colour theme: "light", "dark", or "system" (follow the operating system). Kept in
 * localStorage and applied as `data-theme` on <html>, which switches the tokens in
 * app/globals.css. The same rule runs before the first paint (THEME_BOOT_SCRIPT), so a dark
 * page never flashes light.
 */
export type ThemeChoice = "light" | "dark" | "system";

export const THEME_STORAGE_KEY = "archsim.theme";
export const THEME_CHOICES: readonly ThemeChoice[] = ["system", "light", "dark"];

/** The stored choice; anything else (missing, garbage, storage blocked) means "system". */
export function readThemeChoice(storage: Pick<Storage, "getItem"> | null): ThemeChoice {
  try {
    const v = storage?.getItem(THEME_STORAGE_KEY);
    return v === "light" || v === "dark" ? v : "system";
  } catch {
    return "system";
  }
}

/** The choice after `current` in the order the toggle cycles through. */
export function nextThemeChoice(current: ThemeChoice): ThemeChoice {
  const i = THEME_CHOICES.indexOf(current);
  return THEME_CHOICES[(i + 1) % THEME_CHOICES.length]!;
}

/** Stores the choice and applies it to the document. */
export function applyThemeChoice(choice: ThemeChoice, root: HTMLElement, storage: Storage | null): void {
  if (choice === "system") root.removeAttribute("data-theme");
  else root.setAttribute("data-theme", choice);
  try {
    if (choice === "system") storage?.removeItem(THEME_STORAGE_KEY);
    else storage?.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Storage blocked (private mode): the choice holds for this page only.
  }
}

/** Runs inline in <head> before the page paints (the CSP allows inline scripts). */
export const THEME_BOOT_SCRIPT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==="light"||t==="dark")document.documentElement.setAttribute("data-theme",t)}catch(e){}`;
