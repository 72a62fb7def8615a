import { z } from 'zod';

export type Rect = { x: number; y: number; width: number; height: number };
export type DisplayInfo = { id: number; bounds: Rect; workArea: Rect; primary: boolean };
export type WindowPlacement = Rect & { maximized: boolean };

const rectSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
const placementSchema = rectSchema.extend({ maximized: z.boolean() });
/** Placements per arrangement of displays: the laptop alone and the laptop at the desk differ. */
export const windowStateSchema = z.record(z.string().max(2000), placementSchema);
export type WindowState = z.infer<typeof windowStateSchema>;

/** How much of the window must be on a display for the user to grab it there: its title bar. */
const GRAB = { width: 120, height: 40 };

/** One key per arrangement of displays (which ones, where, how big). */
export function displaysKey(displays: readonly DisplayInfo[]): string {
  return displays
    .map((d) => `${d.id}@${d.bounds.x},${d.bounds.y},${d.bounds.width}x${d.bounds.height}`)
    .sort()
    .join(';');
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Where the window opens: where it was last time on this arrangement of displays, if its title
 * bar is still on one of them (shrunk to fit that display); otherwise the default size centred
 * on the primary display — never off screen because a monitor was unplugged.
 */
export function placeWindow(
  state: WindowState,
  displays: readonly DisplayInfo[],
  defaults: { width: number; height: number },
): WindowPlacement {
  const primary = displays.find((d) => d.primary) ?? displays[0];
  if (!primary) return { x: 0, y: 0, ...defaults, maximized: false };
  const saved = state[displaysKey(displays)];
  if (saved) {
    const titleBar: Rect = {
      x: saved.x,
      y: saved.y,
      width: saved.width,
      height: Math.min(saved.height, GRAB.height),
    };
    const home = displays.find((d) => {
      const o = overlap(titleBar, d.workArea);
      return (
        o.width >= Math.min(GRAB.width, saved.width) &&
        o.height >= Math.min(GRAB.height, saved.height)
      );
    });
    if (home) {
      const width = Math.min(saved.width, home.workArea.width);
      const height = Math.min(saved.height, home.workArea.height);
      return { x: saved.x, y: saved.y, width, height, maximized: saved.maximized };
    }
  }
  return { ...centred(defaults, primary.workArea), maximized: saved?.maximized ?? false };
}

/** The state with this arrangement's placement replaced; other arrangements are kept. */
export function rememberPlacement(
  state: WindowState,
  displays: readonly DisplayInfo[],
  placement: WindowPlacement,
): WindowState {
  const clean = Object.fromEntries(
    Object.entries(placement).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v) : v]),
  );
  return { ...state, [displaysKey(displays)]: placementSchema.parse(clean) };
}
